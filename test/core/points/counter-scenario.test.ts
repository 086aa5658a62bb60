import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, explainEn, ledgerSum, makePointsCore, op } from './points-helpers';

/**
 * The "done when" flow, at the core: the manager sets a = 1 pt per ¥1,
 * b = ¥0.01 per pt, a Gold tier ×1.5 and a reward; the cashier records a ¥105.00
 * purchase, sees the points and the explanation, redeems the reward, refunds one line;
 * the history shows every step with its reason. (The e2e spec drives the same through
 * the UI.)
 */
describe('counter scenario', () => {
  it('award → redeem → refund one line → history', async () => {
    const { core, tokens, member } = await makePointsCore();
    await core.ok(
      'points:saveRules',
      {
        rules: {
          ...DEFAULT_RULES,
          earnRate: { points: 1, perMinor: 100 },
          redeemValue: { minor: 1, perPoints: 1 },
          tiers: [{ name: 'Gold', thresholdMinor: 0, multiplierPercent: 150 }],
        },
      },
      tokens.manager,
    );
    const reward = await core.ok(
      'rewards:create',
      { name: 'Coffee voucher', kind: 'coupon', costPoints: 100, stock: 10 },
      tokens.manager,
    );

    const award = await core.ok(
      'points:award',
      {
        opId: op(),
        memberId: member,
        receiptNo: 'A-0001',
        lines: [
          { sku: 'BEAN-1', category: 'coffee', quantity: 1, unitPriceMinor: 8500 },
          { sku: 'MUG-1', category: 'goods', quantity: 1, unitPriceMinor: 2000 },
        ],
      },
      tokens.cashier,
    );
    expect(award.pointsEarned).toBe(157);
    expect(explainEn(award.facts, { receipt: false })).toBe(
      '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down)',
    );

    const summary = await core.ok('points:memberSummary', { memberId: member }, tokens.cashier);
    expect(summary).toMatchObject({ balance: 157, tier: { name: 'Gold', multiplierPercent: 150 } });
    const affordable = await core.ok('rewards:affordable', { memberId: member }, tokens.cashier);
    expect(affordable.affordable.map((r) => r.id)).toEqual([reward.id]);

    const redemption = await core.ok(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: reward.id },
      tokens.cashier,
    );
    expect(redemption).toMatchObject({ points: 100, balance: 57 });
    expect(redemption.couponCode).toBeTruthy();

    const purchase = await core.ok('points:getPurchase', { receiptNo: 'A-0001' }, tokens.cashier);
    expect(purchase.lines.map((l) => l.pointsEarned)).toEqual([127, 30]); // 85 × 1.5 = 127.5, 20 × 1.5 = 30: one rounding, 157
    const refund = await core.ok(
      'points:refund',
      { opId: op(), receiptNo: 'A-0001', lines: [{ lineNo: 2, quantity: 1 }] },
      tokens.cashier,
    );
    expect(refund).toMatchObject({ amountMinor: 2000, pointsClawedBack: 30, balance: 27, policy: 'clawBackNegative' });

    const history = await core.ok('points:history', { memberId: member }, tokens.cashier);
    expect(history.map((h) => [h.kind, h.points, h.balanceAfter])).toEqual([
      ['refund_clawback', -30, 27],
      ['redeem', -100, 57],
      ['earn', 157, 157],
    ]);
    expect(explainEn(history[2].facts)).toBe(
      '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down) · receipt A-0001',
    );
    expect(explainEn(history[1].facts)).toContain('Coffee voucher');
    expect(explainEn(history[0].facts)).toBe('Returned 1 × line 2 (¥20.00): -30 pts earned · receipt A-0001');
    expect(history.every((h) => h.staffName === 'Cathy Cashier' && h.terminalId === core.terminalId)).toBe(true);
    expect(ledgerSum(core, member)).toBe(27);
  });
});
