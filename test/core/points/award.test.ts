import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { snapshotCounts } from '../../helpers/core';
import { DAY, SCENARIO_RULES, explainEn, ledgerSum, makePointsCore, op, travel } from './points-helpers';

describe('points:award', () => {
  it('awards 1 pt per ¥1, rounded down, with the rule version and an explanation', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const r = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-1', totalMinor: 10599 },
      tokens.cashier,
    );
    expect(r.pointsEarned).toBe(105);
    expect(r.ruleVersion).toBe(2);
    expect(explainEn(r.facts)).toBe('¥105.99 × 1 pt/¥1 = 105.99 → 105 pts (rounded down) · receipt R-1');
    expect(r.balance).toBe(105);
    expect(ledgerSum(core, member)).toBe(105);
  });

  it('applies the Gold tier on rolling 12-month spend: "¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts"', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-1', totalMinor: 100_000 },
      tokens.cashier,
    );
    core.clock.advance(60_000);
    const r = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-2', totalMinor: 10500 },
      tokens.cashier,
    );
    expect(r.tierName).toBe('Gold');
    expect(r.pointsEarned).toBe(157);
    expect(explainEn(r.facts, { receipt: false })).toBe(
      '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down)',
    );
    // 13 months later the old spend has left the window: back to Bronze.
    await travel(core, tokens, 400 * DAY);
    const later = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-3', totalMinor: 10500 },
      tokens.cashier,
    );
    expect(later.tierName).toBe('Bronze');
    expect(later.pointsEarned).toBe(105);
  });

  it('applies category and SKU multipliers, promotions and bonuses per line, and the lines add up', async () => {
    const { core, tokens, member } = await makePointsCore({
      rules: {
        ...SCENARIO_RULES,
        categoryMultipliers: [
          { category: 'drinks', multiplierPercent: 200 },
          { category: 'tobacco', multiplierPercent: 0 },
        ],
        skuMultipliers: [{ sku: 'COLA-1', multiplierPercent: 300 }],
        promotions: [
          {
            name: 'Double snacks',
            kind: 'multiplier',
            multiplierPercent: 200,
            category: 'snacks',
            startsAt: 0,
            endsAt: 8e15,
          },
          { name: 'Opening bonus', kind: 'bonus', bonusPoints: 50, startsAt: 0, endsAt: 8e15 },
        ],
      },
    });
    const r = await core.ok(
      'points:award',
      {
        opId: op(),
        memberId: member,
        receiptNo: 'R-L',
        lines: [
          { sku: 'TEA-1', category: 'drinks', quantity: 2, unitPriceMinor: 500 }, // ¥10 ×2 = 20
          { sku: 'COLA-1', category: 'drinks', quantity: 1, unitPriceMinor: 300 }, // ¥3 ×3 = 9
          { category: 'tobacco', quantity: 1, unitPriceMinor: 3000 }, // 0
          { category: 'snacks', quantity: 3, unitPriceMinor: 150 }, // ¥4.50 ×2 = 9
        ],
      },
      tokens.cashier,
    );
    expect(r.pointsEarned).toBe(20 + 9 + 0 + 9 + 50);
    // Every part with the multiplier it earned by; the sum times the rate adds up to 38.
    expect(explainEn(r.facts, { receipt: false })).toBe(
      '(¥10.00 drinks ×2 + ¥3.00 SKU COLA-1 ×3 + ¥30.00 tobacco ×0 + ¥4.50 Double snacks ×2) × 1 pt/¥1 = 38, ' +
        'Opening bonus +50 → 88 pts',
    );
    const p = await core.ok('points:getPurchase', { receiptNo: 'R-L' }, tokens.cashier);
    expect(p.lines.reduce((a, l) => a + l.pointsEarned, 0)).toBe(r.pointsEarned);
    expect(p.lines[2].pointsEarned).toBe(0);
  });

  it('rounds by the configured mode and respects the minimum spend', async () => {
    const { core, tokens, member } = await makePointsCore({
      rules: { ...SCENARIO_RULES, tiers: [], rounding: 'nearest', minSpendMinor: 1000 },
    });
    const a = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'N1', totalMinor: 1050 },
      tokens.cashier,
    );
    expect(a.pointsEarned).toBe(11);
    const b = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'N2', totalMinor: 999 },
      tokens.cashier,
    );
    expect(b.pointsEarned).toBe(0);
    expect(b.facts).toMatchObject({ paidMinor: 999, minSpendMinor: 1000, points: 0 });
    expect(explainEn(b.facts)).toBe('¥9.99 is below the ¥10.00 minimum spend → 0 pts · receipt N2');
  });

  it('is idempotent by operation id; a different payload or a reused receipt is CONFLICT and writes nothing', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const id = op();
    const input = { opId: id, memberId: member, receiptNo: 'R-9', totalMinor: 5000 };
    const first = await core.ok('points:award', input, tokens.cashier);
    const before = snapshotCounts(core);
    const again = await core.ok('points:award', input, tokens.cashier);
    expect(again).toEqual(first);
    expect(snapshotCounts(core)).toEqual(before);
    const changed = await core.call('points:award', { ...input, totalMinor: 5001 }, tokens.cashier);
    expectError(changed, 'CONFLICT');
    const sameReceipt = await core.call('points:award', { ...input, opId: op() }, tokens.cashier);
    expectError(sameReceipt, 'CONFLICT');
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('pays part of a bill with points (P = b × S), capped by the rules and the balance', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'P0', totalMinor: 100_000 },
      tokens.cashier,
    );
    const quote = await core.ok('points:payQuote', { memberId: member, totalMinor: 10_000 }, tokens.cashier);
    expect(quote.maxPoints).toBe(1000); // 50% of ¥100 = ¥50 = 5000 pts, but the balance is 1000
    const before = snapshotCounts(core);
    const over = await core.call(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'P1', totalMinor: 1000, pointsToUse: 600 },
      tokens.cashier,
    );
    expectError(over, 'VALIDATION'); // cap: 50% of ¥10 = 500 pts
    expect(snapshotCounts(core)).toEqual(before);
    const r = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'P2', totalMinor: 10_000, pointsToUse: 1000 },
      tokens.cashier,
    );
    expect(r.discountMinor).toBe(1000);
    expect(r.paidMinor).toBe(9000);
    expect(r.pointsEarned).toBe(135); // Gold ×1.5 on ¥90
    expect(r.balance).toBe(1000 - 1000 + 135);
  });
});
