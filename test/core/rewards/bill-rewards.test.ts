import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { OWNER } from '../../helpers/core';
import type { RuleSet } from '../../../src/shared/contract/points';
import { SCENARIO_RULES, explainEn, ledgerSum, makePointsCore, op } from '../points/points-helpers';
import { formatExplanation } from '../../../src/shared/explain/format-explanation';

/** 1 pt per ¥1 (down), ¥0.01 per point, points may pay half a bill; no tiers (×1). */
const RULES: RuleSet = { ...SCENARIO_RULES, tiers: [] };

async function setup(opts: { points?: number; rules?: RuleSet } = {}) {
  const ctx = await makePointsCore({ rules: opts.rules ?? RULES });
  await ctx.core.ok(
    'points:adjust',
    { opId: op(), memberId: ctx.member, points: opts.points ?? 1_000, reason: 'opening balance' },
    ctx.tokens.manager,
  );
  return ctx;
}

type Ctx = Awaited<ReturnType<typeof setup>>;

const tenPercent = (c: Ctx, extra: Record<string, unknown> = {}) =>
  c.core.ok(
    'rewards:create',
    { name: '10% off', kind: 'percentOff', costPoints: 500, percentBp: 1_000, maxDiscountMinor: 1_500, ...extra },
    c.tokens.manager,
  );

const balance = async (c: Ctx) =>
  (await c.core.ok('points:memberSummary', { memberId: c.member }, c.tokens.cashier)).balance;

describe('bill rewards (issue 11 item 2): worked numbers', () => {
  it('percent off with a maximum: ¥100.00 → ¥10.00 off, earns 90; ¥200.00 → capped at ¥15.00, earns 185', async () => {
    const c = await setup({ points: 2_000 });
    const reward = await tenPercent(c);
    const a = await c.core.ok(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-1', totalMinor: 10_000, rewardId: reward.id },
      c.tokens.cashier,
    );
    expect(a).toMatchObject({ totalMinor: 10_000, rewardDiscountMinor: 1_000, paidMinor: 9_000, pointsEarned: 90 });
    expect(a.redemption).toMatchObject({ rewardId: reward.id, points: 500 });
    expect(a.balance).toBe(2_000 - 500 + 90);
    expect(explainEn(a.facts, { receipt: false })).toBe(
      '¥90.00 × 1 pt/¥1 = 90 pts · 10% off: −¥10.00 of ¥100.00 (10% off, at most ¥15.00)',
    );
    expect(formatExplanation(a.facts, { locale: 'zh-CN', currency: 'CNY', receipt: false })).toContain(
      '10% off：¥100.00 减 ¥10.00（减 10%，最多 ¥15.00）',
    );
    const b = await c.core.ok(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-2', totalMinor: 20_000, rewardId: reward.id },
      c.tokens.cashier,
    );
    expect(b).toMatchObject({ rewardDiscountMinor: 1_500, paidMinor: 18_500, pointsEarned: 185 });
    // The redemption is linked to its receipt, and the redeem entry says so.
    const reds = await c.core.ok('rewards:listRedemptions', { memberId: c.member }, c.tokens.cashier);
    expect(reds.map((r) => [r.receiptNo, r.discountMinor, r.points])).toEqual([
      ['R-2', 1_500, 500],
      ['R-1', 1_000, 500],
    ]);
    const history = await c.core.ok('points:history', { memberId: c.member }, c.tokens.cashier);
    const redeem = history.find((e) => e.kind === 'redeem')!;
    expect(explainEn(redeem.facts)).toBe('Redeemed 10% off on receipt R-2 (−¥15.00) for 500 pts');
    expect(await balance(c)).toBe(ledgerSum(c.core, c.member));
  });

  it('percent rounds down to the fen: 12.5% of ¥0.99 = 12.375 fen → ¥0.12 off', async () => {
    const c = await setup();
    const r = await c.core.ok(
      'rewards:create',
      { name: '12.5%', kind: 'percentOff', costPoints: 10, percentBp: 1_250 },
      c.tokens.manager,
    );
    const a = await c.core.ok(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-1', totalMinor: 99, rewardId: r.id },
      c.tokens.cashier,
    );
    expect(a).toMatchObject({ rewardDiscountMinor: 12, paidMinor: 87 });
    // 1% of ¥0.50 is 0.5 fen → nothing: refused, nothing spent.
    const one = await c.core.ok(
      'rewards:create',
      { name: '1%', kind: 'percentOff', costPoints: 10, percentBp: 100 },
      c.tokens.manager,
    );
    const before = await balance(c);
    const r0 = await c.core.call(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-2', totalMinor: 50, rewardId: one.id },
      c.tokens.cashier,
    );
    expectError(r0, 'VALIDATION', { reason: 'noDiscount' });
    expect(await balance(c)).toBe(before);
  });

  it('a fixed amount off reaches the purchase: ¥5.00 off ¥30.00 → collect ¥25.00, earns 25; off a ¥3.00 bill only ¥3.00', async () => {
    const c = await setup();
    const five = await c.core.ok(
      'rewards:create',
      { name: '¥5 off', kind: 'discount', costPoints: 300, discountMinor: 500 },
      c.tokens.manager,
    );
    const a = await c.core.ok(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-1', totalMinor: 3_000, rewardId: five.id },
      c.tokens.cashier,
    );
    expect(a).toMatchObject({
      rewardDiscountMinor: 500,
      paidMinor: 2_500,
      pointsEarned: 25,
      balance: 1_000 - 300 + 25,
    });
    const small = await c.core.ok(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-2', totalMinor: 300, rewardId: five.id },
      c.tokens.cashier,
    );
    expect(small).toMatchObject({ rewardDiscountMinor: 300, paidMinor: 0, pointsEarned: 0 });
    // Redeemed on its own it is refused: its value would never reach a bill.
    const alone = await c.core.call(
      'rewards:redeem',
      { opId: op(), memberId: c.member, rewardId: five.id },
      c.tokens.cashier,
    );
    expectError(alone, 'CONFLICT', { reason: 'billRewardOnPurchase' });
  });

  it('a free product, 2 units per claim: 3 × LATTE ¥30 + MUG ¥50 → ¥60.00 off, earns 80; one LATTE is refused', async () => {
    const c = await setup();
    const free = await c.core.ok(
      'rewards:create',
      { name: 'Two lattes', kind: 'freeProduct', costPoints: 400, productSku: 'LATTE', productUnits: 2 },
      c.tokens.manager,
    );
    const a = await c.core.ok(
      'points:award',
      {
        opId: op(),
        memberId: c.member,
        receiptNo: 'R-1',
        lines: [
          { sku: 'MUG', quantity: 1, unitPriceMinor: 5_000 },
          { sku: 'LATTE', quantity: 3, unitPriceMinor: 3_000 },
        ],
        rewardId: free.id,
      },
      c.tokens.cashier,
    );
    expect(a).toMatchObject({ totalMinor: 14_000, rewardDiscountMinor: 6_000, paidMinor: 8_000, pointsEarned: 80 });
    const p = await c.core.ok('points:getPurchase', { receiptNo: 'R-1' }, c.tokens.cashier);
    expect(p.lines.map((l) => l.pointsEarned)).toEqual([50, 30]);
    expect(explainEn(a.facts, { receipt: false })).toContain('Two lattes: −¥60.00 of ¥140.00 (2 × SKU LATTE free)');
    const one = await c.core.call(
      'points:award',
      {
        opId: op(),
        memberId: c.member,
        receiptNo: 'R-2',
        lines: [{ sku: 'LATTE', quantity: 1, unitPriceMinor: 3_000 }],
        rewardId: free.id,
      },
      c.tokens.cashier,
    );
    expectError(one, 'CONFLICT', { reason: 'productNotOnBill' });
  });

  it('with points paying too: the reward first, points pay what is left (cap on ¥90.00), earns on ¥85.00', async () => {
    const c = await setup();
    const reward = await tenPercent(c);
    const a = await c.core.ok(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-1', totalMinor: 10_000, rewardId: reward.id, pointsToUse: 500 },
      c.tokens.cashier,
    );
    expect(a).toMatchObject({ rewardDiscountMinor: 1_000, discountMinor: 500, paidMinor: 8_500, pointsEarned: 85 });
    expect(a.balance).toBe(1_000 - 500 - 500 + 85);
    // 1,000 points cannot buy a 500-point reward and pay 501 more.
    const over = await c.core.call(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-2', totalMinor: 10_000, rewardId: reward.id, pointsToUse: 1 },
      c.tokens.cashier,
    );
    expectError(over, 'CONFLICT', { reason: 'insufficientPoints' });
    expect(await balance(c)).toBe(ledgerSum(c.core, c.member));
  });

  it('a goods reward is not a bill reward; an unknown one is not found', async () => {
    const c = await setup();
    const mug = await c.core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 100 }, c.tokens.manager);
    const r = await c.core.call(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-1', totalMinor: 1_000, rewardId: mug.id },
      c.tokens.cashier,
    );
    expectError(r, 'CONFLICT', { reason: 'notBillReward' });
    const u = await c.core.call(
      'points:award',
      {
        opId: op(),
        memberId: c.member,
        receiptNo: 'R-1',
        totalMinor: 1_000,
        rewardId: '01900000-0000-7000-8000-000000000000',
      },
      c.tokens.cashier,
    );
    expectError(u, 'NOT_FOUND', { reason: 'rewardNotFound' });
  });
});

describe('refunding a receipt with a bill reward: its points back by rewardRefundPolicy', () => {
  async function bought(policy?: RuleSet['rewardRefundPolicy']) {
    const c = await setup({ rules: { ...RULES, ...(policy ? { rewardRefundPolicy: policy } : {}) } });
    const reward = await tenPercent(c);
    // 10 × ¥10.00 = ¥100.00, 10% off = ¥10.00 (¥1.00 a unit), earns 90.
    await c.core.ok(
      'points:award',
      {
        opId: op(),
        memberId: c.member,
        receiptNo: 'R-1',
        lines: [{ sku: 'TEA', quantity: 10, unitPriceMinor: 1_000 }],
        rewardId: reward.id,
      },
      c.tokens.cashier,
    );
    return c;
  }
  const refund = (c: Ctx, quantity?: number) =>
    c.core.ok(
      'points:refund',
      { opId: op(), receiptNo: 'R-1', ...(quantity ? { lines: [{ lineNo: 1, quantity }] } : {}) },
      c.tokens.cashier,
    );

  it('proportional (the default): 3 of 10 back → ¥3.00 of ¥10.00 → 150 of 500; the rest → 350', async () => {
    const c = await bought();
    const r1 = await refund(c, 3);
    expect(r1).toMatchObject({ amountMinor: 2_700, pointsClawedBack: 27, rewardPointsReturned: 150 });
    expect(r1.balance).toBe(1_000 - 500 + 90 - 27 + 150);
    const r2 = await refund(c);
    expect(r2).toMatchObject({ amountMinor: 6_300, pointsClawedBack: 63, rewardPointsReturned: 350 });
    expect(r2.balance).toBe(1_000);
    const history = await c.core.ok('points:history', { memberId: c.member }, c.tokens.cashier);
    const back = history.filter((e) => e.kind === 'refund_return').map((e) => explainEn(e.facts, { receipt: false }));
    expect(back).toEqual([
      'Reward 10% off given back with the return: +350 pts (in proportion to its discount returned)',
      'Reward 10% off given back with the return: +150 pts (in proportion to its discount returned)',
    ]);
    const reds = await c.core.ok('rewards:listRedemptions', { memberId: c.member }, c.tokens.cashier);
    expect(reds[0].pointsReturned).toBe(500);
    expect(await balance(c)).toBe(ledgerSum(c.core, c.member));
  });

  it('allOnFullRefund: nothing for 3 of 10, all 500 with the last unit', async () => {
    const c = await bought('allOnFullRefund');
    expect((await refund(c, 3)).rewardPointsReturned).toBe(0);
    expect((await refund(c)).rewardPointsReturned).toBe(500);
    expect(await balance(c)).toBe(1_000);
  });

  it('none: the reward stays spent, even on a full refund', async () => {
    const c = await bought('none');
    const r = await refund(c);
    expect(r).toMatchObject({ pointsClawedBack: 90, rewardPointsReturned: 0, balance: 500 });
  });

  it('a full return puts the claim back in stock (once, whatever the points policy); a part return does not', async () => {
    for (const policy of ['proportional', 'none'] as const) {
      const c = await setup({ rules: { ...RULES, rewardRefundPolicy: policy } });
      const reward = await tenPercent(c, { stock: 1 });
      await c.core.ok(
        'points:award',
        {
          opId: op(),
          memberId: c.member,
          receiptNo: 'R-1',
          lines: [{ sku: 'TEA', quantity: 10, unitPriceMinor: 1_000 }],
          rewardId: reward.id,
        },
        c.tokens.cashier,
      );
      const stock = async () =>
        (await c.core.ok('rewards:list', {}, c.tokens.manager)).find((r) => r.id === reward.id)?.stock;
      expect(await stock()).toBe(0);
      await refund(c, 3);
      expect(await stock()).toBe(0);
      await refund(c);
      expect(await stock()).toBe(1);
    }
  });

  it('the redemption cannot be voided apart from its receipt', async () => {
    const c = await bought();
    const [red] = await c.core.ok('rewards:listRedemptions', { memberId: c.member }, c.tokens.cashier);
    const v = await c.core.call(
      'rewards:void',
      { opId: op(), redemptionId: red.id, reason: 'mistake' },
      c.tokens.manager,
    );
    expectError(v, 'CONFLICT', { reason: 'linkedToReceipt' });
  });
});

describe('spending rules (issue 11 item 8): a negative adjustment below zero', () => {
  const adjust = (c: Ctx, token: string, opId = op()) =>
    c.core.call('points:adjust', { opId, memberId: c.member, points: -150, reason: 'returned gift card' }, token);

  it('is refused while the setting is off (the default), for the owner too', async () => {
    const c = await setup({ points: 100 });
    expectError(await adjust(c, c.tokens.manager), 'CONFLICT', { reason: 'belowZero' });
    expectError(await adjust(c, c.tokens.owner), 'CONFLICT', { reason: 'belowZero' });
  });

  it('with the setting on, a manager needs another manager’s or the owner’s approval; then the balance is −50', async () => {
    const c = await setup({ points: 100 });
    await c.core.ok('settings:update', { adjustBelowZeroAllowed: true, idleLockMinutes: 240 }, c.tokens.owner);
    const opId = op();
    const first = await adjust(c, c.tokens.manager, opId);
    expectError(first, 'FORBIDDEN', { reason: 'approvalRequired' });
    expect(first.ok ? null : first.error.details).toMatchObject({
      policy: 'adjustBelowZero',
      facts: { points: -150, balanceAfter: -50 },
    });
    expect(await balance(c)).toBe(100);
    // Within the balance a manager still adjusts alone.
    const requestId = first.ok ? '' : (first.error.details!.requestId as string);
    await c.core.ok(
      'staff:approve',
      { requestId, username: OWNER.username, password: OWNER.password },
      c.tokens.manager,
    );
    const done = await adjust(c, c.tokens.manager, opId);
    expect(done.ok && done.value.balanceAfter).toBe(-50);
    expect(await balance(c)).toBe(-50);
    expect(ledgerSum(c.core, c.member)).toBe(-50);
    // A later credit pays the debt off first.
    await c.core.ok(
      'points:award',
      { opId: op(), memberId: c.member, receiptNo: 'R-1', totalMinor: 10_000 },
      c.tokens.cashier,
    );
    expect(await balance(c)).toBe(50);
  });

  it('the owner’s own adjustment below zero is its approval', async () => {
    const c = await setup({ points: 100 });
    await c.core.ok('settings:update', { adjustBelowZeroAllowed: true }, c.tokens.owner);
    const r = await adjust(c, c.tokens.owner);
    expect(r.ok && r.value.balanceAfter).toBe(-50);
  });
});
