import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import type { ErrorCode } from '../../../src/shared/errors';
import { snapshotCounts } from '../../helpers/core';
import { SCENARIO_RULES, ledgerSum, makePointsCore, op } from '../points/points-helpers';

async function funded(points = 500, rules = SCENARIO_RULES) {
  const ctx = await makePointsCore({ rules });
  await ctx.core.ok(
    'points:adjust',
    { opId: op(), memberId: ctx.member, points, reason: 'opening balance' },
    ctx.tokens.manager,
  );
  return ctx;
}

describe('rewards catalogue', () => {
  it('creates, lists and updates rewards (manager only), audited', async () => {
    const { core, tokens } = await funded();
    const mug = await core.ok(
      'rewards:create',
      { name: 'Mug', kind: 'goods', costPoints: 200, stock: 5 },
      tokens.manager,
    );
    expect(mug).toMatchObject({
      name: 'Mug',
      kind: 'goods',
      costPoints: 200,
      stock: 5,
      active: true,
      availableNow: true,
    });
    const off = await core.ok(
      'rewards:create',
      { name: '¥10 off', kind: 'discount', costPoints: 1000, discountMinor: 1000, activeFrom: core.clock.t + 1000 },
      tokens.manager,
    );
    expect(off.availableNow).toBe(false);
    const updated = await core.ok(
      'rewards:update',
      { rewardId: mug.id, name: 'Mug', kind: 'goods', costPoints: 250, stock: 4, active: false },
      tokens.manager,
    );
    expect(updated).toMatchObject({ costPoints: 250, stock: 4, active: false, availableNow: false });
    expect((await core.ok('rewards:list', {}, tokens.cashier)).map((r) => r.name)).toEqual(['¥10 off']);
    expect(await core.ok('rewards:list', { includeInactive: true }, tokens.cashier)).toHaveLength(2);
    const cashier = await core.call('rewards:create', { name: 'X', kind: 'goods', costPoints: 1 }, tokens.cashier);
    expectError(cashier, 'FORBIDDEN');
    const noDiscount = await core.call(
      'rewards:create',
      { name: 'X', kind: 'discount', costPoints: 1 },
      tokens.manager,
    );
    expectError(noDiscount, 'VALIDATION');
    const unknown = await core.call(
      'rewards:update',
      { rewardId: '01900000-0000-7000-8000-000000000000', name: 'X', kind: 'goods', costPoints: 1 },
      tokens.manager,
    );
    expectError(unknown, 'NOT_FOUND');
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'rewards.%'").pluck().get()).toBe(3);
  });

  it('shows what the member can afford and the next reward within reach', async () => {
    const { core, tokens, member } = await funded(300);
    await core.ok('rewards:create', { name: 'Pen', kind: 'goods', costPoints: 100 }, tokens.manager);
    await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 250 }, tokens.manager);
    await core.ok('rewards:create', { name: 'Bag', kind: 'goods', costPoints: 800 }, tokens.manager);
    await core.ok('rewards:create', { name: 'Hat', kind: 'goods', costPoints: 500, stock: 0 }, tokens.manager);
    const a = await core.ok('rewards:affordable', { memberId: member }, tokens.cashier);
    expect(a.affordable.map((r) => r.name)).toEqual(['Pen', 'Mug']);
    expect(a.nextWithinReach).toMatchObject({ reward: { name: 'Bag' }, pointsNeeded: 500 });
  });
});

describe('rewards:redeem and rewards:void', () => {
  it('redeems a coupon with a unique code, decrements stock, and voids it back', async () => {
    const { core, tokens, member } = await funded(500);
    const coupon = await core.ok(
      'rewards:create',
      { name: 'Coffee', kind: 'coupon', costPoints: 150, stock: 2 },
      tokens.manager,
    );
    const a = await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: coupon.id }, tokens.cashier);
    const b = await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: coupon.id }, tokens.cashier);
    expect(a.couponCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(a.couponCode).not.toBe(b.couponCode);
    expect(b.balance).toBe(200);
    const before = snapshotCounts(core);
    const out = await core.call(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: coupon.id },
      tokens.cashier,
    );
    expectError(out, 'CONFLICT', { reason: 'outOfStock' });
    expect(snapshotCounts(core)).toEqual(before);

    const v = await core.ok(
      'rewards:void',
      { opId: op(), redemptionId: a.id, reason: 'wrong item scanned' },
      tokens.cashier,
    );
    expect(v).toMatchObject({ status: 'voided', voidReason: 'wrong item scanned', balance: 350 });
    expect((await core.ok('rewards:list', {}, tokens.cashier))[0].stock).toBe(1);
    const twice = await core.call('rewards:void', { opId: op(), redemptionId: a.id, reason: 'again' }, tokens.cashier);
    expectError(twice, 'CONFLICT');
    expect(ledgerSum(core, member)).toBe(350);
    const list = await core.ok('rewards:listRedemptions', { memberId: member }, tokens.cashier);
    expect(list.map((r) => r.status).sort()).toEqual(['active', 'voided']);
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'rewards.voided'").pluck().get()).toBe(1);
  });

  it('never redeems above the balance, outside the window, or for unknown rewards/members; writes nothing', async () => {
    const { core, tokens, member } = await funded(100);
    const big = await core.ok('rewards:create', { name: 'TV', kind: 'goods', costPoints: 101 }, tokens.manager);
    const later = await core.ok(
      'rewards:create',
      { name: 'Later', kind: 'goods', costPoints: 1, activeFrom: core.clock.t + 1 },
      tokens.manager,
    );
    const ended = await core.ok(
      'rewards:create',
      { name: 'Ended', kind: 'goods', costPoints: 1, activeUntil: core.clock.t },
      tokens.manager,
    );
    const before = snapshotCounts(core);
    const cases: [unknown, ErrorCode][] = [
      [{ opId: op(), memberId: member, rewardId: big.id }, 'CONFLICT'],
      [{ opId: op(), memberId: member, rewardId: later.id }, 'CONFLICT'],
      [{ opId: op(), memberId: member, rewardId: ended.id }, 'CONFLICT'],
      [{ opId: op(), memberId: member, rewardId: '01900000-0000-7000-8000-000000000000' }, 'NOT_FOUND'],
      [{ opId: op(), memberId: '01900000-0000-7000-8000-000000000000', rewardId: big.id }, 'NOT_FOUND'],
    ];
    for (const [input, code] of cases) {
      const r = await core.call('rewards:redeem', input as never, tokens.cashier);
      expectError(r, code, undefined, JSON.stringify(input));
    }
    const unknownVoid = await core.call(
      'rewards:void',
      { opId: op(), redemptionId: '01900000-0000-7000-8000-000000000000', reason: 'x x x' },
      tokens.cashier,
    );
    expectError(unknownVoid, 'NOT_FOUND');
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('requires the member PIN when the rules say so (wrong PIN: only the attempt is recorded)', async () => {
    const { core, tokens, member } = await funded(500, { ...SCENARIO_RULES, redeemRequiresPin: true });
    const mug = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 100 }, tokens.manager);
    const noPinSet = await core.call(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: mug.id, pin: '1234' },
      tokens.cashier,
    );
    expectError(noPinSet, 'VALIDATION', { reason: 'pinNotSet' });
    await core.ok('members:setPin', { memberId: member, pin: '2468' }, tokens.cashier);
    const missing = await core.call(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: mug.id },
      tokens.cashier,
    );
    expectError(missing, 'VALIDATION');
    const before = snapshotCounts(core);
    const wrong = await core.call(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: mug.id, pin: '1111' },
      tokens.cashier,
    );
    expectError(wrong, 'VALIDATION', { reason: 'pinWrong' });
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 }); // only the failed attempt's audit record
    expect(ledgerSum(core, member)).toBe(500);
    const ok = await core.ok(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: mug.id, pin: '2468' },
      tokens.cashier,
    );
    expect(ok.balance).toBe(400);
    // Paying with points is a redemption too.
    const pay = await core.call(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'PIN1', totalMinor: 1000, pointsToUse: 100 },
      tokens.cashier,
    );
    expectError(pay, 'VALIDATION');
    const paid = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'PIN2', totalMinor: 1000, pointsToUse: 100, pin: '2468' },
      tokens.cashier,
    );
    expect(paid.pointsUsed).toBe(100);
  });

  it('redeem is idempotent by operation id (no second unit, no second debit)', async () => {
    const { core, tokens, member } = await funded(500);
    const mug = await core.ok(
      'rewards:create',
      { name: 'Mug', kind: 'coupon', costPoints: 100, stock: 3 },
      tokens.manager,
    );
    const input = { opId: op(), memberId: member, rewardId: mug.id };
    const first = await core.ok('rewards:redeem', input, tokens.cashier);
    const before = snapshotCounts(core);
    expect(await core.ok('rewards:redeem', input, tokens.cashier)).toEqual(first);
    expect(snapshotCounts(core)).toEqual(before);
    expect((await core.ok('rewards:list', {}, tokens.cashier))[0].stock).toBe(2);
  });
});
