import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { DAY, DEFAULT_RULES, ledgerSum, makePointsCore, op, registerMember, travel } from './points-helpers';
import type { RuleSet } from '../../../src/shared/contract/points';
import type { Goal } from '../../../src/shared/contract/points-goals-schema';
import { formatExplanation } from '../../../src/shared/explain/format-explanation';

/**
 * A goal's voucher applied on a purchase (`voucherId` on points:award, voucher-on-bill.ts),
 * with the worked numbers of the points README ("Goals": a voucher on the bill).
 */
const TENOFF: Goal = {
  key: 'spend100',
  name: 'Spend ¥100',
  measure: 'spend',
  target: 10_000,
  reward: { name: '¥10 off', kind: 'amountOff', valueMinor: 1000 },
  validDays: 30,
};
const COFFEE: Goal = {
  key: 'coffee',
  name: 'Coffee card',
  measure: 'visits',
  target: 1,
  reward: { name: 'Free latte', kind: 'freeItem', sku: 'LATTE' },
};
const rulesWith = (...goals: Goal[]): RuleSet => ({ ...DEFAULT_RULES, goals });
type T = Awaited<ReturnType<typeof makePointsCore>>;

async function earnVoucher(t: T, receiptNo: string, memberId = t.member) {
  const r = await t.core.ok('points:award', { opId: op(), memberId, receiptNo, totalMinor: 10_000 }, t.tokens.cashier);
  return r.goals![0].vouchers[0];
}
const withVoucher = (t: T, voucherId: string, receiptNo: string, rest: Record<string, unknown>, opId = op()) =>
  t.core.call('points:award', { opId, memberId: t.member, receiptNo, voucherId, ...rest }, t.tokens.cashier);

describe('a goal voucher on the bill', () => {
  it('¥10 off on ¥30.00: collect ¥20.00, earns 20, no points spent, used once, the press replays', async () => {
    const t = await makePointsCore({ rules: rulesWith(TENOFF) });
    const v = await earnVoucher(t, 'V-1'); // ¥100 → 100 pts and the voucher
    expect(v).toMatchObject({ status: 'available', kind: 'amountOff', valueMinor: 1000 });
    const opId = op();
    const r = await withVoucher(t, v.id, 'V-2', { totalMinor: 3000 }, opId);
    expect(r.ok && r.value).toMatchObject({
      totalMinor: 3000,
      rewardDiscountMinor: 1000,
      discountMinor: 0,
      paidMinor: 2000,
      pointsUsed: 0,
      pointsEarned: 20,
      balance: 120,
      redemption: null,
      voucher: { id: v.id, name: '¥10 off', goalKey: 'spend100' },
    });
    expect(ledgerSum(t.core, t.member)).toBe(120); // 100 + 20: nothing spent
    if (!r.ok) throw new Error('award failed');
    expect(formatExplanation(r.value.facts, { locale: 'en', currency: 'CNY', receipt: false })).toMatch(
      /^¥20\.00 × 1 pt\/¥1 = 20 pts · ¥10 off: −¥10\.00 of ¥30\.00/,
    );
    expect(formatExplanation(r.value.facts, { locale: 'zh-CN', currency: 'CNY', receipt: false })).toContain(
      '¥10 off：¥30.00 减 ¥10.00',
    );
    // the card counts what was paid: ¥20.00
    expect(r.value.goals?.[0]).toMatchObject({ added: 2000, balance: 2000 });
    const g = await t.core.ok('points:memberGoals', { memberId: t.member }, t.tokens.cashier);
    expect(g.vouchers.find((x) => x.id === v.id)).toMatchObject({ status: 'used' });
    const row = t.core.db.prepare('SELECT used_op_id, used_receipt_no FROM points_vouchers WHERE id = ?').get(v.id);
    expect(row).toEqual({ used_op_id: opId, used_receipt_no: 'V-2' });
    // the same press again: the first result; a new press: refused, nothing written
    const again = await withVoucher(t, v.id, 'V-2', { totalMinor: 3000 }, opId);
    expect(again).toEqual(r);
    expectError(await withVoucher(t, v.id, 'V-3', { totalMinor: 3000 }), 'CONFLICT', { reason: 'voucherUsed' });
    expect(t.core.db.prepare("SELECT 1 FROM points_purchases WHERE receipt_no = 'V-3'").get()).toBeUndefined();
  });

  it('¥10 off on ¥3.00 takes the bill to zero (the rest is not carried over), earns 0', async () => {
    const t = await makePointsCore({ rules: rulesWith(TENOFF) });
    const v = await earnVoucher(t, 'Z-1');
    const r = await withVoucher(t, v.id, 'Z-2', { totalMinor: 300 });
    expect(r.ok && r.value).toMatchObject({ rewardDiscountMinor: 300, paidMinor: 0, pointsEarned: 0 });
  });

  it('free latte: 2 × LATTE ¥15.00 + MUG ¥50.00 → ¥15.00 off, collect ¥65.00; no latte → productNotOnBill', async () => {
    const t = await makePointsCore({ rules: rulesWith(COFFEE) });
    const first = await t.core.ok(
      'points:award',
      { opId: op(), memberId: t.member, receiptNo: 'L-1', totalMinor: 600 },
      t.tokens.cashier,
    );
    const v = first.goals![0].vouchers[0];
    const mugOnly = [{ sku: 'MUG', quantity: 1, unitPriceMinor: 5000 }];
    expectError(await withVoucher(t, v.id, 'L-2', { lines: mugOnly }), 'CONFLICT', {
      reason: 'productNotOnBill',
      unitsOnBill: 0,
      unitsNeeded: 1,
    });
    const r = await withVoucher(t, v.id, 'L-3', {
      lines: [{ sku: 'LATTE', quantity: 2, unitPriceMinor: 1500 }, ...mugOnly],
    });
    expect(r.ok && r.value).toMatchObject({ rewardDiscountMinor: 1500, paidMinor: 6500, pointsEarned: 65 });
    const lines = t.core.db
      .prepare(
        `SELECT l.sku, l.reward_discount_minor AS off FROM points_purchase_lines l
           JOIN points_purchases p ON p.id = l.purchase_id WHERE p.receipt_no = 'L-3' ORDER BY line_no`,
      )
      .all();
    expect(lines).toEqual([
      { sku: 'LATTE', off: 1500 },
      { sku: 'MUG', off: 0 },
    ]);
  });

  it('refused: pending, expired, withdrawn-free-item-without-SKU, another member’s, with a reward too', async () => {
    const t = await makePointsCore({ rules: rulesWith({ ...TENOFF, pendingDays: 14 }) });
    const pending = await earnVoucher(t, 'P-1');
    expectError(await withVoucher(t, pending.id, 'P-2', { totalMinor: 3000 }), 'CONFLICT', {
      reason: 'voucherPending',
      availableFrom: pending.availableFrom,
    });
    await travel(t.core, t.tokens, 45 * DAY); // 14 pending + 30 valid: gone
    expectError(await withVoucher(t, pending.id, 'P-3', { totalMinor: 3000 }), 'CONFLICT', {
      reason: 'voucherExpired',
    });
    const other = await registerMember(t.core, t.tokens.cashier, 'Li Lei');
    const theirs = await earnVoucher(t, 'O-1', other);
    expectError(await withVoucher(t, theirs.id, 'O-2', { totalMinor: 3000 }), 'NOT_FOUND', {
      reason: 'voucherNotFound',
    });
    expectError(await withVoucher(t, theirs.id, 'O-3', { totalMinor: 3000, rewardId: theirs.id }), 'VALIDATION');
    expect(t.core.db.prepare("SELECT count(*) AS n FROM points_purchases WHERE receipt_no LIKE '_-_'").get()).toEqual({
      n: 2,
    });
  });

  it('a free item without a SKU takes nothing off a bill: voucherNotForBill', async () => {
    const t = await makePointsCore({
      rules: rulesWith({ ...COFFEE, reward: { name: 'Gift', kind: 'freeItem' } }),
    });
    const first = await t.core.ok(
      'points:award',
      { opId: op(), memberId: t.member, receiptNo: 'G-1', totalMinor: 600 },
      t.tokens.cashier,
    );
    const v = first.goals![0].vouchers[0];
    expectError(await withVoucher(t, v.id, 'G-2', { totalMinor: 600 }), 'VALIDATION', {
      reason: 'voucherNotForBill',
    });
    // still usable at the counter
    await t.core.ok('points:useVoucher', { opId: op(), memberId: t.member, voucherId: v.id }, t.tokens.cashier);
  });

  it('bad voucherId input is a validation refusal, nothing written', async () => {
    const t = await makePointsCore({ rules: rulesWith(TENOFF) });
    const bad: unknown[] = [
      123,
      '',
      'x'.repeat(10_000),
      "x'; DROP TABLE points_vouchers; --",
      'a\u0000b',
      null,
      NaN,
      {},
    ];
    for (const voucherId of bad) {
      const r = await withVoucher(t, voucherId as string, 'B-1', { totalMinor: 3000 });
      expect(r.ok, String(voucherId)).toBe(false);
      if (!r.ok) expect(['VALIDATION', 'NOT_FOUND']).toContain(r.error.code);
    }
    expect(t.core.db.prepare('SELECT count(*) AS n FROM points_purchases').get()).toEqual({ n: 0 });
  });

  it('a full refund returns what was paid; the voucher stays used (documented in voucher-on-bill.ts)', async () => {
    const t = await makePointsCore({ rules: rulesWith(TENOFF) });
    const v = await earnVoucher(t, 'F-1');
    expect((await withVoucher(t, v.id, 'F-2', { totalMinor: 3000 })).ok).toBe(true);
    const refund = await t.core.ok('points:refund', { opId: op(), receiptNo: 'F-2' }, t.tokens.cashier);
    expect(refund).toMatchObject({ amountMinor: 2000, pointsClawedBack: 20, rewardPointsReturned: 0, balance: 100 });
    const g = await t.core.ok('points:memberGoals', { memberId: t.member }, t.tokens.cashier);
    expect(g.vouchers.find((x) => x.id === v.id)).toMatchObject({ status: 'used' });
  });
});
