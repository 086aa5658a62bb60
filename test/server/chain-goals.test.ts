import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ok, startChain, usePgCluster, type TestChain } from './helpers';
import { enrolledCore } from './enrolled-core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * What chain mode did not carry before (issue 12): goal cards and their vouchers,
 * referrals, a purchase's bill reward and programme bonuses — real terminal cores on
 * their own SQLite files, the real head office on PostgreSQL, synced by `sync:now`.
 */
const pg = usePgCluster();

const RULES: RuleSet = {
  ...DEFAULT_RULES,
  goals: [
    {
      key: 'coffee',
      name: 'Coffee card',
      measure: 'visits',
      target: 2,
      reward: { name: '¥5 off', kind: 'amountOff', valueMinor: 500 },
    },
  ],
  birthdayBonus: { points: 100, window: 'month' },
  referralBonus: { referrerPoints: 30, referredPoints: 20 },
};

async function till(chain: TestChain, storeId: string, name: string) {
  const t = await enrolledCore(chain, storeId, name, RULES);
  const award = (memberId: string, receiptNo: string, extra: Record<string, unknown> = {}) =>
    t.core.ok(
      'points:award',
      { opId: randomUUID(), memberId, receiptNo, totalMinor: 1_000, ...extra },
      t.tokens.cashier,
    );
  return { ...t, award };
}

const refused = (t: Awaited<ReturnType<typeof till>>) =>
  t.core.db.prepare("SELECT kind, reason FROM sync_outbox WHERE state <> 'done' AND state <> 'pending'").all();

/** Head office's goal journal for the member: two stamps and the voucher they reached; it checks. */
async function expectTwoStampsAndAVoucher(chain: TestChain, memberId: string) {
  const journal = await chain.pool.query(
    'SELECT kind, amount::int FROM goal_journal WHERE member_id = $1 ORDER BY seq',
    [memberId],
  );
  expect(journal.rows).toEqual([
    { kind: 'progress', amount: 1 },
    { kind: 'progress', amount: 1 },
    { kind: 'issue', amount: -2 },
  ]);
  expect((await chain.pool.query('SELECT * FROM goal_journal_check()')).rows).toEqual([]);
}

describe('goal cards, vouchers and bonuses across the chain', () => {
  it('a voucher issued at store A is pulled and used at store B; a second use at A while offline is refused by head office', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const south = await chain.createStore('South');
    const b = await till(chain, south, 'B1');
    const c = await till(chain, south, 'C1');
    await c.sync(); // C downloads now: later vouchers and their use reach it by the pull
    const m = await a.core.ok('members:register', { name: 'Wang Fang', email: 'w@example.com' }, a.tokens.cashier);
    await a.award(m.id, 'A-1');
    const second = await a.award(m.id, 'A-2');
    const voucherId = second.goals?.[0]?.vouchers[0]?.id;
    expect(voucherId).toBeDefined();
    await a.sync();

    // Head office holds the card's movements and the voucher.
    await expectTwoStampsAndAVoucher(chain, m.id);
    const balance = await chain.pool.query('SELECT balance::int FROM goal_balances WHERE member_id = $1', [m.id]);
    expect(balance.rows).toEqual([{ balance: 0 }]);

    // Store B pulls the member and the voucher: the counter offers it.
    await b.sync();
    const atB = await b.core.ok('points:memberGoals', { memberId: m.id }, b.tokens.cashier);
    expect(atB.vouchers).toEqual([expect.objectContaining({ id: voucherId, status: 'available' })]);
    await c.sync();
    const atC = await c.core.ok('points:memberGoals', { memberId: m.id }, c.tokens.cashier);
    expect(atC.vouchers).toEqual([expect.objectContaining({ id: voucherId, status: 'available' })]);

    // A is offline. B uses the voucher on a bill: ¥10.00 − ¥5.00, recorded at head office.
    a.net.down = true;
    const onBill = await b.award(m.id, 'B-1', { voucherId });
    expect(onBill.paidMinor).toBe(500);
    await b.sync();
    const used = await chain.pool.query('SELECT used_terminal_id, used_receipt_no FROM vouchers WHERE id = $1', [
      voucherId,
    ]);
    expect(used.rows).toEqual([{ used_terminal_id: b.core.terminalId, used_receipt_no: 'B-1' }]);
    const receipt = await chain.pool.query(
      "SELECT reward_discount_minor::int AS d, voucher_id FROM store_receipts WHERE receipt_no = 'B-1'",
    );
    expect(receipt.rows).toEqual([{ d: 500, voucher_id: voucherId }]);
    // C pulls the use: its counter refuses the voucher now.
    await c.sync();
    expect(
      await c.core.call(
        'points:useVoucher',
        { opId: randomUUID(), memberId: m.id, voucherId: voucherId!, receiptNo: 'C-1' },
        c.tokens.cashier,
      ),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'This voucher was already used' } });

    // A, still offline, has not heard: its cashier uses the same voucher at the counter.
    await a.core.ok(
      'points:useVoucher',
      { opId: randomUUID(), memberId: m.id, voucherId: voucherId!, receiptNo: 'A-3' },
      a.tokens.cashier,
    );
    a.net.down = false;
    await a.sync();
    expect(refused(a)).toEqual([{ kind: 'voucher.use', reason: 'voucherUsed' }]);
    const stillB = await chain.pool.query('SELECT used_terminal_id FROM vouchers WHERE id = $1', [voucherId]);
    expect(stillB.rows[0].used_terminal_id).toBe(b.core.terminalId);
    expect(refused(b)).toEqual([]);
  });

  it('stamps collected at two stores add up: the purchase that reaches the goal issues the voucher, wherever it is', async () => {
    const chain = await startChain(pg);
    const north = await till(chain, await chain.createStore('North'), 'N1');
    const south = await till(chain, await chain.createStore('South'), 'S1');
    const m = await north.core.ok(
      'members:register',
      { name: 'Wang Fang', email: 'w@example.com' },
      north.tokens.cashier,
    );
    const card = async (t: typeof north) =>
      (await t.core.ok('points:memberGoals', { memberId: m.id }, t.tokens.cashier)).goals[0]!.balance;
    expect((await north.award(m.id, 'N-1')).goals?.[0]).toMatchObject({ balance: 1, vouchers: [] });
    await north.sync();
    await south.sync();
    expect(await card(south)).toBe(1);

    // South's stamp is the card's second: the voucher is issued at South.
    const atSouth = await south.award(m.id, 'S-1');
    expect(atSouth.goals?.[0]).toMatchObject({
      added: 1,
      balance: 0,
      vouchers: [expect.objectContaining({ name: '¥5 off' })],
    });
    expect(await card(south)).toBe(0);
    // South's own part of the card is below zero: it issued from North's stamp.
    expect(
      south.core.db.prepare('SELECT balance FROM points_goal_balances WHERE member_id = ?').pluck().get(m.id),
    ).toBe(-1);
    await south.sync();
    await north.sync();
    expect(await card(north)).toBe(0);
    await expectTwoStampsAndAVoucher(chain, m.id);
    expect(
      (await chain.pool.query('SELECT count(*)::int AS n FROM vouchers WHERE member_id = $1', [m.id])).rows[0].n,
    ).toBe(1);
    const atNorth = await north.core.ok('points:memberGoals', { memberId: m.id }, north.tokens.cashier);
    expect(atNorth.vouchers).toEqual([expect.objectContaining({ status: 'available' })]);

    // Both stores offline, one stamp each: each sees 1 of 2, neither issues. Once both have
    // pushed, the chain's card holds 2: the next purchase anywhere issues that voucher.
    north.net.down = true;
    south.net.down = true;
    expect((await north.award(m.id, 'N-2')).goals?.[0]).toMatchObject({ balance: 1, vouchers: [] });
    expect((await south.award(m.id, 'S-2')).goals?.[0]).toMatchObject({ balance: 1, vouchers: [] });
    north.net.down = false;
    south.net.down = false;
    await north.sync();
    await south.sync();
    await north.sync();
    expect(await card(north)).toBe(2);
    expect(await card(south)).toBe(2);
    const third = await north.award(m.id, 'N-3');
    expect(third.goals?.[0]).toMatchObject({ balance: 1, vouchers: [expect.objectContaining({ name: '¥5 off' })] });
    await north.sync();
    await south.sync();
    expect(await card(south)).toBe(1);
    expect(
      (await chain.pool.query('SELECT balance::int FROM goal_balances WHERE member_id = $1', [m.id])).rows,
    ).toEqual([{ balance: 1 }]);

    // Two stores offline at once each issue a voucher from the same pulled stamp: the
    // chain's card goes below zero, and the next stamps fill it before anything is issued.
    north.net.down = true;
    south.net.down = true;
    expect((await north.award(m.id, 'N-4')).goals?.[0]).toMatchObject({ balance: 0, vouchers: [expect.anything()] });
    expect((await south.award(m.id, 'S-4')).goals?.[0]).toMatchObject({ balance: 0, vouchers: [expect.anything()] });
    north.net.down = false;
    south.net.down = false;
    await north.sync();
    await south.sync();
    await north.sync();
    expect(await card(north)).toBe(-1);
    const refill = (await north.award(m.id, 'N-5')).goals?.[0];
    expect(refill).toMatchObject({ added: 1, balance: 0, vouchers: [] });
    expect(refill?.facts).toMatchObject({ before: -1, issued: 0, after: 0 });
    // Deeper below zero (more such double issues): still nothing issued, and the facts say so.
    await north.sync();
    north.core.db.prepare('UPDATE sync_goals SET goals = \'[{"goalKey":"coffee","balance":-5}]\'').run();
    const deeper = (await north.award(m.id, 'N-6')).goals?.[0];
    expect(deeper).toMatchObject({ balance: -4, vouchers: [] });
    expect(deeper?.facts).toMatchObject({ issued: 0, after: -4 });
    // Its refund takes nothing from a card below zero: the stamp is recorded as the shortfall.
    await north.core.ok('points:refund', { opId: randomUUID(), receiptNo: 'N-6' }, north.tokens.cashier);
    expect(await card(north)).toBe(-4);
    const clawbacks = north.core.db.prepare("SELECT count(*) FROM points_goal_ledger WHERE kind = 'clawback'").pluck();
    expect(clawbacks.get()).toBe(0);
  });

  it('a member referred at store A pays the referral bonuses at a first purchase at store B (the referral is pulled)', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const b = await till(chain, await chain.createStore('South'), 'B1');
    const ref = await a.core.ok('members:register', { name: 'Li Lei', email: 'l2@example.com' }, a.tokens.cashier);
    const m = await a.core.ok(
      'members:register',
      { name: 'Han Mei', email: 'h2@example.com', referrerCard: ref.cardNumber },
      a.tokens.cashier,
    );
    await a.sync();
    await b.sync();
    expect(b.core.db.prepare('SELECT referrer_id FROM points_referrals WHERE member_id = ?').pluck().get(m.id)).toBe(
      ref.id,
    );
    // Her first purchase anywhere, at B: both bonuses, once, accepted by head office.
    expect((await b.award(m.id, 'B-1')).balance).toBe(10 + 20);
    await b.sync();
    expect(refused(b)).toEqual([]);
    const claims = await chain.pool.query(
      'SELECT bonus_key, terminal_id FROM bonus_claims WHERE member_id = ANY($1) ORDER BY bonus_key',
      [[m.id, ref.id]],
    );
    expect(claims.rows).toEqual([
      { bonus_key: 'bonus:referred', terminal_id: b.core.terminalId },
      { bonus_key: `bonus:referrer:${m.id}`, terminal_id: b.core.terminalId },
    ]);
    const hq = await chain.pool.query('SELECT member_id, balance::int FROM balances WHERE member_id = ANY($1)', [
      [m.id, ref.id],
    ]);
    expect(Object.fromEntries(hq.rows.map((r) => [r.member_id, r.balance]))).toEqual({ [m.id]: 30, [ref.id]: 30 });
    // A later purchase at A pays no bonus again: A pulled head office's claims (migration 014 / 024).
    await a.sync();
    expect((await a.award(m.id, 'A-1')).pointsEarned).toBe(10);
    const bonusesAtA = a.core.db
      .prepare("SELECT count(*) FROM points_ledger WHERE ref_id LIKE 'bonus:%' AND member_id IN (?, ?)")
      .pluck()
      .get(m.id, ref.id);
    expect(bonusesAtA).toBe(0);
    await a.sync();
    expect(refused(a)).toEqual([]);
    const after = await chain.pool.query('SELECT balance::int FROM balances WHERE member_id = $1', [m.id]);
    expect(after.rows).toEqual([{ balance: 30 + 10 }]);
    // A terminal enrolled afterwards gets the referral and the claims in its fresh download.
    const c = await till(chain, await chain.createStore('East'), 'C1');
    await c.sync();
    expect(c.core.db.prepare('SELECT referrer_id FROM points_referrals WHERE member_id = ?').pluck().get(m.id)).toBe(
      ref.id,
    );
    expect(c.core.db.prepare('SELECT member_id, bonus_key FROM points_chain_bonuses ORDER BY bonus_key').all()).toEqual(
      [
        { member_id: m.id, bonus_key: 'bonus:referred' },
        { member_id: ref.id, bonus_key: `bonus:referrer:${m.id}` },
      ],
    );
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });

  it('birthday and referral bonuses given offline at two terminals are kept once: head office refuses the second and that terminal takes them back', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1');
    const b = await till(chain, store, 'B1');
    // The test clock starts on 25 Nov 2026: a November birthday is in its month.
    const ref = await a.core.ok('members:register', { name: 'Li Lei', email: 'l@example.com' }, a.tokens.cashier);
    const m = await a.core.ok(
      'members:register',
      { name: 'Han Mei', email: 'h@example.com', birthday: '1990-11-02', referrerCard: ref.cardNumber },
      a.tokens.cashier,
    );
    await a.sync();
    await b.sync();
    const referral = await chain.pool.query('SELECT referrer_id FROM member_referrals WHERE member_id = $1', [m.id]);
    expect(referral.rows).toEqual([{ referrer_id: ref.id }]);

    a.net.down = true;
    b.net.down = true;
    // Each terminal gives the birthday bonus and both referral bonuses at the member's first
    // purchase there: B pulled the referral A recorded (head office migration 014).
    expect((await a.award(m.id, 'A-1')).balance).toBe(10 + 100 + 20);
    expect((await b.award(m.id, 'B-1')).balance).toBe(10 + 100 + 20);
    a.net.down = false;
    await a.sync();
    b.net.down = false;
    await b.sync();

    expect(refused(a)).toEqual([]);
    // Three bonuses given twice (birthday, referred, referrer): three refused at B.
    expect(refused(b)).toEqual(Array(3).fill({ kind: 'points.ledger', reason: 'bonusAlreadyGiven' }));
    const claims = await chain.pool.query(
      'SELECT bonus_key, terminal_id FROM bonus_claims WHERE member_id = ANY($1) ORDER BY bonus_key',
      [[m.id, ref.id]],
    );
    expect(claims.rows.map((r) => r.bonus_key)).toEqual([
      'bonus:birthday:2026',
      'bonus:referred',
      `bonus:referrer:${m.id}`,
    ]);
    expect(claims.rows.every((r) => r.terminal_id === a.core.terminalId)).toBe(true);

    // Head office: two awards (10 + 10), one birthday (100), one referral (20); the referrer 30.
    const hq = await chain.pool.query('SELECT member_id, balance::int FROM balances WHERE member_id = ANY($1)', [
      [m.id, ref.id],
    ]);
    expect(Object.fromEntries(hq.rows.map((r) => [r.member_id, r.balance]))).toEqual({ [m.id]: 140, [ref.id]: 30 });
    // B took its copies back by adjustments (audited), so its own ledger agrees with head office's.
    const local = (id: string) =>
      b.core.db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').pluck().get(id);
    expect(local(m.id)).toBe(10 + 100 + 20 - 100 - 20);
    expect(local(ref.id)).toBe(30 - 30);
    const takenBack = b.core.db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'points.adjusted' AND details LIKE '%bonusAlreadyGiven%'")
      .pluck()
      .get();
    expect(takenBack).toBe(3);
    expect(await b.core.ok('sync:balance', { memberId: m.id }, b.tokens.cashier)).toMatchObject({
      headOffice: 140,
      here: 0,
    });
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });
});
