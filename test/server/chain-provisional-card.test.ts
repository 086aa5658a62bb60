import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { chainCardNumber, startChain, usePgCluster } from './helpers';
import { enrolledCore } from './enrolled-core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * Issue 12, members across stores: a card the terminal does not know, scanned while head
 * office cannot be reached, earns on a provisional member; its award goes to head office
 * keyed by the card and joins the member's account there; the pull merges the
 * provisional member into the real one. Real terminal cores on their own SQLite files,
 * the real head office on PostgreSQL: the points are counted once at both ends.
 */
const pg = usePgCluster();

type Till = Awaited<ReturnType<typeof enrolledCore>>;

const STAMP_RULES: RuleSet = {
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
};

async function recordOffline(t: Till, cardNumber: string, receiptNo: string, totalMinor: number) {
  // The counter's path: not found here, head office unreachable → offered, accepted, awarded.
  const here = await t.core.call('members:lookupCard', { cardNumber }, t.tokens.cashier);
  expect(here.ok).toBe(false);
  const asked = await t.core.ok('sync:lookup', { cardNumber }, t.tokens.cashier);
  expect(asked).toMatchObject({ memberIds: [], canRecordProvisional: true });
  const p = await t.core.ok('members:recordProvisional', { cardNumber, opId: randomUUID() }, t.tokens.cashier);
  await t.core.ok('points:award', { opId: randomUUID(), memberId: p.id, receiptNo, totalMinor }, t.tokens.cashier);
  return p;
}

const journalOf = async (chain: Awaited<ReturnType<typeof startChain>>, memberId: string) =>
  (
    await chain.pool.query('SELECT id, kind, points, terminal_id FROM journal WHERE member_id = $1 ORDER BY id', [
      memberId,
    ])
  ).rows as { id: string; kind: string; points: number; terminal_id: string }[];

const hoBalance = async (chain: Awaited<ReturnType<typeof startChain>>, memberId: string) =>
  Number(
    (await chain.pool.query('SELECT coalesce(sum(points), 0) AS s FROM journal WHERE member_id = $1', [memberId]))
      .rows[0].s,
  );

const localLedger = (t: Till, memberId: string) =>
  t.core.db.prepare('SELECT id, kind, points FROM points_ledger WHERE member_id = ? ORDER BY seq').all(memberId) as {
    id: string;
    kind: string;
    points: number;
  }[];

describe('a provisional card across the chain', () => {
  it('registered offline at another store: parked at head office by card, applied when the registration arrives, merged at the pull, counted once', async () => {
    const chain = await startChain(pg);
    const a = await enrolledCore(chain, await chain.createStore('North'), 'A1');
    const b = await enrolledCore(chain, await chain.createStore('South'), 'B1');
    await a.sync();
    await b.sync(); // B gets its card block

    // B offline registers a member (a card from B's block) and awards 50.
    b.net.down = true;
    const m = await b.core.ok('members:register', { name: 'Zhang Wei', phone: '13800000042' }, b.tokens.cashier);
    expect(m.cardNumber.startsWith('28')).toBe(true);
    await b.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'B-1', totalMinor: 5_000 },
      b.tokens.cashier,
    );

    // The member shops at A, also offline: the card is unknown there and head office unreachable.
    a.net.down = true;
    const p = await recordOffline(a, m.cardNumber, 'A-1', 12_000);
    const [earn] = localLedger(a, p.id);
    expect(earn).toMatchObject({ kind: 'earn', points: 120 });

    // A is back first: its award is parked at head office (cardUnknown), answered, done here.
    a.net.down = false;
    await a.sync();
    const parked = await chain.pool.query(
      "SELECT status, reason, parked_card FROM sync_ops WHERE kind = 'points.award' AND terminal_id = $1",
      [a.core.terminalId],
    );
    expect(parked.rows).toEqual([{ status: 'parked', reason: 'cardUnknown', parked_card: m.cardNumber }]);
    // Answered (parked is not refused): nothing is left waiting or refused here.
    expect(
      a.core.db.prepare("SELECT state FROM sync_outbox WHERE kind = 'points.award' AND state <> 'done'").all(),
    ).toEqual([]);
    // The provisional member is still here, with its points (recorded here, not at head office yet).
    expect(await a.core.ok('sync:balance', { memberId: p.id }, a.tokens.cashier)).toMatchObject({
      headOffice: null,
      here: 120,
      total: 120,
    });
    expect((await a.core.ok('members:lookupCard', { cardNumber: m.cardNumber }, a.tokens.cashier)).id).toBe(p.id);

    // B is back: the registration arrives, the parked award is applied to the member.
    b.net.down = false;
    await b.sync();
    const journal = await journalOf(chain, m.id);
    expect(journal.filter((e) => e.id === earn.id)).toEqual([
      { id: earn.id, kind: 'earn', points: 120, terminal_id: a.core.terminalId },
    ]);
    expect(await hoBalance(chain, m.id)).toBe(170);

    // A pulls the member: the provisional member is merged into it; the chain balance is head office's, once.
    await a.sync();
    const atA = await a.core.ok('sync:balance', { memberId: m.id }, a.tokens.cashier);
    expect(atA).toMatchObject({ headOffice: 170, here: 0, total: 170 });
    expect((await a.core.ok('members:lookupCard', { cardNumber: m.cardNumber }, a.tokens.cashier)).id).toBe(m.id);
    expect(localLedger(a, p.id).map((e) => [e.kind, e.points])).toEqual([
      ['earn', 120],
      ['adjust', -120],
    ]);
    expect(localLedger(a, m.id).map((e) => [e.kind, e.points])).toEqual([['adjust', 120]]);

    // More rounds change nothing: the transfers never travel, nothing is applied twice.
    await a.sync();
    await b.sync();
    expect(await hoBalance(chain, m.id)).toBe(170);
    expect((await journalOf(chain, m.id)).length).toBe(journal.length);
    expect(await b.core.ok('sync:balance', { memberId: m.id }, b.tokens.cashier)).toMatchObject({ total: 170 });
    expect(await a.core.ok('sync:balance', { memberId: m.id }, a.tokens.cashier)).toMatchObject({ total: 170 });
    expect(
      a.core.db.prepare("SELECT count(*) FROM sync_outbox WHERE state IN ('rejected', 'conflict')").pluck().get(),
    ).toBe(0);
    expect((await a.core.ok('points:checkLedger', {}, a.tokens.manager)).ok).toBe(true);

    // The merged provisional member is deactivated: nothing more is recorded on it.
    const refused = await a.core.call(
      'points:award',
      { opId: randomUUID(), memberId: p.id, receiptNo: 'A-2', totalMinor: 1_000, pointsToUse: 10 },
      a.tokens.cashier,
    );
    expect(refused).toMatchObject({ ok: false, error: { details: { reason: 'memberInactive' } } });
  });

  it('known at head office but not yet here, head office unreachable: the award applies at once by card; the pull merges, counted once', async () => {
    const chain = await startChain(pg);
    const a = await enrolledCore(chain, await chain.createStore('North'), 'A1');
    const b = await enrolledCore(chain, await chain.createStore('South'), 'B1');
    await a.sync();
    await b.sync();
    const m = await b.core.ok('members:register', { name: 'Li Na', email: 'li@example.com' }, b.tokens.cashier);
    await b.sync(); // head office knows the member; A has not pulled it

    a.net.down = true;
    const p = await recordOffline(a, m.cardNumber, 'A-7', 3_000);
    // Online again, the lookup finds the member (no offer): but the provisional one came first.
    a.net.down = false;
    await a.sync();
    const op = await chain.pool.query("SELECT status FROM sync_ops WHERE kind = 'points.award' AND terminal_id = $1", [
      a.core.terminalId,
    ]);
    expect(op.rows).toEqual([{ status: 'applied' }]);
    expect(await hoBalance(chain, m.id)).toBe(30);
    expect(await a.core.ok('sync:balance', { memberId: m.id }, a.tokens.cashier)).toMatchObject({
      headOffice: 30,
      here: 0,
      total: 30,
    });
    expect(await a.core.ok('members:get', { memberId: p.id }, a.tokens.cashier)).toMatchObject({
      provisional: true,
      active: false,
    });
    await b.sync();
    expect(await b.core.ok('sync:balance', { memberId: m.id }, b.tokens.cashier)).toMatchObject({ total: 30 });
  });

  it("stamps and a voucher collected on the card: the real member's at the merging store and at head office, used once chain-wide", async () => {
    const chain = await startChain(pg);
    const a = await enrolledCore(chain, await chain.createStore('North'), 'A1', STAMP_RULES);
    const b = await enrolledCore(chain, await chain.createStore('South'), 'B1', STAMP_RULES);
    await a.sync();
    await b.sync();
    const m = await b.core.ok('members:register', { name: 'Li Na', email: 'li@example.com' }, b.tokens.cashier);
    await b.sync();
    const buy = (t: Till, memberId: string, receiptNo: string, extra: Record<string, unknown> = {}) =>
      t.core.ok(
        'points:award',
        { opId: randomUUID(), memberId, receiptNo, totalMinor: 1_000, ...extra },
        t.tokens.cashier,
      );

    // A offline: three visits on the provisional card → a ¥5 voucher and 1 stamp left.
    a.net.down = true;
    const p = await recordOffline(a, m.cardNumber, 'A-1', 1_000);
    const second = await buy(a, p.id, 'A-2');
    const voucherId = second.goals![0].vouchers[0].id;
    await buy(a, p.id, 'A-3');
    a.net.down = false;
    await a.sync(); // pushes by card (head office knows it), then pulls the member: merged here
    await a.sync();

    const hoGoals = async () =>
      (
        await chain.pool.query('SELECT balance::int FROM goal_balances WHERE member_id = $1 AND goal_key = $2', [
          m.id,
          'coffee',
        ])
      ).rows;
    expect(await hoGoals()).toEqual([{ balance: 1 }]);
    const atA = await a.core.ok('points:memberGoals', { memberId: m.id }, a.tokens.cashier);
    expect(atA.goals).toEqual([expect.objectContaining({ goalKey: 'coffee', balance: 1 })]);
    expect(atA.vouchers).toEqual([expect.objectContaining({ id: voucherId, status: 'available' })]);

    // Used at A on the real member's bill, and its stamp completes the card again.
    const used = await buy(a, m.id, 'A-4', { voucherId });
    expect(used).toMatchObject({ rewardDiscountMinor: 500, voucher: { id: voucherId } });
    expect(used.goals![0].vouchers).toHaveLength(1);
    await a.sync();
    expect(
      a.core.db.prepare("SELECT kind, reason FROM sync_outbox WHERE state IN ('rejected', 'conflict')").all(),
    ).toEqual([]);
    const hoVoucher = await chain.pool.query(
      'SELECT member_id, used_at IS NOT NULL AS used FROM vouchers WHERE id = $1',
      [voucherId],
    );
    expect(hoVoucher.rows).toEqual([{ member_id: m.id, used: true }]);
    expect(await hoGoals()).toEqual([{ balance: 0 }]);
    expect((await chain.pool.query('SELECT * FROM goal_journal_check()')).rows).toEqual([]);

    // Store B sees it used: a second use there is refused.
    await b.sync();
    const atB = await b.core.ok('points:memberGoals', { memberId: m.id }, b.tokens.cashier);
    expect(atB.vouchers.find((v) => v.id === voucherId)?.status).toBe('used');
    const again = await b.core.call(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'B-9', totalMinor: 1_000, voucherId },
      b.tokens.cashier,
    );
    expect(again).toMatchObject({ ok: false, error: { details: { reason: 'voucherUsed' } } });
    expect((await a.core.ok('points:checkLedger', {}, a.tokens.manager)).ok).toBe(true);
  });

  it('a single terminal and an online "not found" keep today’s behaviour: no offer', async () => {
    const chain = await startChain(pg);
    const a = await enrolledCore(chain, await chain.createStore('North'), 'A1');
    await a.sync();
    const asked = await a.core.ok('sync:lookup', { cardNumber: chainCardNumber(424_210) }, a.tokens.cashier);
    expect(asked).toEqual({ memberIds: [], unavailable: null, canRecordProvisional: false });
  });
});
