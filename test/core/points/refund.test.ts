import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import type { ErrorCode } from '../../../src/shared/errors';
import { snapshotCounts } from '../../helpers/core';
import { DEFAULT_RULES, explainEn, ledgerSum, makePointsCore, op, SCENARIO_RULES } from './points-helpers';

const LINES = [
  { sku: 'TEA', category: 'drinks', quantity: 3, unitPriceMinor: 1000 }, // ¥30 → 30
  { sku: 'CAKE', category: 'food', quantity: 1, unitPriceMinor: 7500 }, // ¥75 → 75
];

describe('points:refund', () => {
  it('claws back exactly what the returned line earned, under the rule version that awarded it', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'R1', lines: LINES }, tokens.cashier);
    // A new rule version (×10) must not change what the old purchase gives back.
    await core.ok(
      'points:saveRules',
      { rules: { ...SCENARIO_RULES, earnRate: { points: 10, perMinor: 100 } } },
      tokens.manager,
    );
    const r = await core.ok(
      'points:refund',
      { opId: op(), receiptNo: 'R1', lines: [{ lineNo: 2, quantity: 1 }] },
      tokens.cashier,
    );
    expect(r).toMatchObject({ amountMinor: 7500, pointsOwed: 75, pointsClawedBack: 75, shortfall: 0, balance: 30 });
    expect(explainEn(r.facts)).toContain('-75 pts earned');
    expect(ledgerSum(core, member)).toBe(30);
  });

  it('adds partial returns up exactly and refuses a line returned twice or beyond its quantity', async () => {
    const { core, tokens, member } = await makePointsCore({
      rules: { ...DEFAULT_RULES, earnRate: { points: 1, perMinor: 300 } },
    });
    // 3 × ¥10 at 1 pt per ¥3 → 10 pts for the line: 3 + 3 + 4 when returned one by one.
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'R2', lines: [LINES[0]] }, tokens.cashier);
    const claws: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await core.ok(
        'points:refund',
        { opId: op(), receiptNo: 'R2', lines: [{ lineNo: 1, quantity: 1 }] },
        tokens.cashier,
      );
      claws.push(r.pointsClawedBack);
    }
    expect(claws.reduce((a, b) => a + b, 0)).toBe(10);
    expect(ledgerSum(core, member)).toBe(0);
    const before = snapshotCounts(core);
    const again = await core.call(
      'points:refund',
      { opId: op(), receiptNo: 'R2', lines: [{ lineNo: 1, quantity: 1 }] },
      tokens.cashier,
    );
    expectError(again, 'CONFLICT');
    const whole = await core.call('points:refund', { opId: op(), receiptNo: 'R2' }, tokens.cashier);
    expectError(whole, 'CONFLICT');
    expect(snapshotCounts(core)).toEqual(before);
    const p = await core.ok('points:getPurchase', { receiptNo: 'R2' }, tokens.cashier);
    expect(p.fullyReturned).toBe(true);
    expect(p.refunds).toHaveLength(3);
  });

  it('refuses more than was bought, unknown lines and unknown receipts, writing nothing', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'R3', lines: LINES }, tokens.cashier);
    const before = snapshotCounts(core);
    const cases: [unknown, ErrorCode][] = [
      [{ opId: op(), receiptNo: 'R3', lines: [{ lineNo: 1, quantity: 4 }] }, 'CONFLICT'],
      [{ opId: op(), receiptNo: 'R3', lines: [{ lineNo: 3, quantity: 1 }] }, 'NOT_FOUND'],
      [{ opId: op(), receiptNo: 'NOPE' }, 'NOT_FOUND'],
      [
        {
          opId: op(),
          receiptNo: 'R3',
          lines: [
            { lineNo: 1, quantity: 1 },
            { lineNo: 1, quantity: 1 },
          ],
        },
        'VALIDATION',
      ],
      [{ opId: op(), receiptNo: 'R3', lines: [{ lineNo: 1, quantity: 0 }] }, 'VALIDATION'],
      [{ opId: op(), receiptNo: 'R3', lines: [{ lineNo: 1, quantity: 1.5 }] }, 'VALIDATION'],
      [{ opId: op(), receiptNo: 'R3', lines: [] }, 'VALIDATION'],
    ];
    for (const [input, code] of cases) {
      const r = await core.call('points:refund', input as never, tokens.cashier);
      expectError(r, code, undefined, JSON.stringify(input));
    }
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('gives back the points that paid for returned lines', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: { ...SCENARIO_RULES, tiers: [] } });
    await core.ok(
      'points:adjust',
      { opId: op(), memberId: member, points: 1000, reason: 'welcome gift' },
      tokens.manager,
    );
    const a = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R4', lines: LINES, pointsToUse: 1000 },
      tokens.cashier,
    );
    expect(a.discountMinor).toBe(1000);
    expect(a.pointsEarned).toBe(95);
    const r = await core.ok('points:refund', { opId: op(), receiptNo: 'R4' }, tokens.cashier);
    expect(r.pointsReturned).toBe(1000);
    expect(r.pointsClawedBack).toBe(95);
    expect(r.amountMinor).toBe(9500);
    expect(r.balance).toBe(1000);
  });

  it('applies the already-spent policy: cap at zero records the shortfall, claw back goes negative', async () => {
    for (const refundPolicy of ['capAtZero', 'clawBackNegative'] as const) {
      const { core, tokens, member } = await makePointsCore({ rules: { ...SCENARIO_RULES, tiers: [], refundPolicy } });
      await core.ok(
        'points:award',
        { opId: op(), memberId: member, receiptNo: 'R5', totalMinor: 10000 },
        tokens.cashier,
      );
      const reward = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 80 }, tokens.manager);
      await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: reward.id }, tokens.cashier);
      const r = await core.ok('points:refund', { opId: op(), receiptNo: 'R5' }, tokens.cashier);
      expect(r.policy).toBe(refundPolicy);
      expect(r.pointsOwed).toBe(100);
      expect(ledgerSum(core, member)).toBe(r.balance);
      if (refundPolicy === 'capAtZero') {
        expect(r).toMatchObject({ pointsClawedBack: 20, shortfall: 80, balance: 0 });
        expect(explainEn(r.facts)).toContain('80 pts already spent, not taken back (policy: cap at zero) → -20 pts');
      } else {
        expect(r).toMatchObject({ pointsClawedBack: 100, shortfall: 0, balance: -80 });
        expect(explainEn(r.facts)).toContain('80 pts already spent, balance goes negative');
        // The debt is paid off before new points form lots.
        const next = await core.ok(
          'points:award',
          { opId: op(), memberId: member, receiptNo: 'R6', totalMinor: 10000 },
          tokens.cashier,
        );
        expect(next.balance).toBe(20);
        expect(core.db.prepare('SELECT sum(remaining) FROM points_lots WHERE member_id = ?').pluck().get(member)).toBe(
          20,
        );
      }
      const history = await core.ok('points:history', { memberId: member }, tokens.cashier);
      expect(history.map((h) => h.kind)).toContain('refund_clawback');
    }
  });

  it('is idempotent by operation id', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'R7', lines: LINES }, tokens.cashier);
    const input = { opId: op(), receiptNo: 'R7', lines: [{ lineNo: 1, quantity: 1 }] };
    const first = await core.ok('points:refund', input, tokens.cashier);
    const before = snapshotCounts(core);
    expect(await core.ok('points:refund', input, tokens.cashier)).toEqual(first);
    const other = await core.call('points:refund', { ...input, lines: [{ lineNo: 1, quantity: 2 }] }, tokens.cashier);
    expectError(other, 'CONFLICT');
    expect(snapshotCounts(core)).toEqual(before);
  });
});
