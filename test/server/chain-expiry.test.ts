import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { legacyCard, ok, startChain, usePgCluster, type TestChain } from './helpers';
import { adminGet } from './admin-get';
import { enrolledCore } from './enrolled-core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { runChainExpiry } from '../../src/server/expiry/run-expiry';
import { runExpiryNow } from '../../src/main/core/points/expiry';
import { CASHIER, MANAGER } from '../helpers/core';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * Chain-wide expiry (issue 12: "in chain mode expiry runs only on the server"). Points
 * earned at North and spent at South used to be expired again by North, which knew only
 * its own lots: a double debit. Now North pushes how its credit expires, head office
 * keeps the chain's lots (server migration 015) and expires what is really left, once.
 */
const pg = usePgCluster();
const DAY = 24 * 3_600_000;
const EXPIRING: RuleSet = { ...DEFAULT_RULES, expiryMonths: 1 };

async function till(chain: TestChain, storeId: string, name: string) {
  const t = await enrolledCore(chain, storeId, name, EXPIRING);
  const balance = (memberId: string) => t.core.ok('sync:balance', { memberId }, t.tokens.cashier);
  const expiring = (memberId: string) => t.core.ok('points:expiring', { memberId, withinDays: 60 }, t.tokens.cashier);
  const register = (name: string, email: string) => t.core.ok('members:register', { name, email }, t.tokens.cashier);
  const award = (memberId: string, receiptNo: string, totalMinor: number) =>
    t.core.ok('points:award', { opId: randomUUID(), memberId, receiptNo, totalMinor }, t.tokens.cashier);
  const redeem = (memberId: string, rewardId: string) =>
    t.core.ok('rewards:redeem', { opId: randomUUID(), memberId, rewardId }, t.tokens.cashier);
  return { ...t, balance, expiring, register, award, redeem };
}

/** A chain-wide reward of 100 points, authored at head office. */
const chainMug = (chain: TestChain) =>
  ok(chain.admin('admin:saveReward', { storeId: null, reward: { name: 'Chain mug', kind: 'goods', costPoints: 100 } }));

describe('chain-wide expiry at head office', () => {
  it('earned at North, spent at South: head office expires only what is left, once; North expires nothing itself', async () => {
    const chain = await startChain(pg);
    const north = await till(chain, await chain.createStore('North'), 'N1');
    const south = await till(chain, await chain.createStore('South'), 'S1');
    const m = await north.register('Li Lei', 'li@example.com');
    const earned = await north.award(m.id, 'N-1', 15_000);
    expect(earned.pointsEarned).toBe(150);
    // Before North pushes: its own credit's lot, as formed.
    const due = (await north.expiring(m.id)).lots[0].expiresAt;
    expect(await north.expiring(m.id)).toMatchObject({ points: 150, lots: [{ points: 150, expiresAt: due }] });
    await north.sync();
    const pushed = await chain.pool.query("SELECT lots FROM journal WHERE kind = 'earn'");
    expect(pushed.rows).toEqual([{ lots: [{ points: 150, expiresAt: due }] }]);

    // South redeems 100 online; both terminals hear head office's balance and dates.
    const mug = await chainMug(chain);
    await south.sync();
    await south.redeem(m.id, mug.id);
    await south.sync();
    await north.sync();
    for (const t of [north, south]) {
      expect(await t.balance(m.id)).toMatchObject({ headOffice: 50, here: 0, total: 50 });
      expect(await t.expiring(m.id)).toMatchObject({ points: 50, lots: [{ points: 50, expiresAt: due }] });
      // The manager's expiry forecast is the chain's too (North's own lot still holds 150).
      expect(await t.core.ok('reports:expiryForecast', { days: 60 }, t.tokens.manager)).toMatchObject({ total: 50 });
    }
    // The head office page's forecast: the same 50, in the week of their date.
    const page = await adminGet(chain, 'reports', { from: '2026-12-01', to: '2026-12-01', tz: 'Asia/Shanghai' });
    if (!page.body.ok) throw new Error(JSON.stringify(page.body));
    const week = Math.floor((due - chain.clock.now()) / (7 * DAY));
    expect(page.body.value.expiring).toEqual([{ week, from: chain.clock.now() + week * 7 * DAY, points: 50 }]);

    // Forty days on. North refuses to expire, and its daily chore expires nothing.
    const later = due + 9 * DAY;
    for (const t of [north, south]) t.core.clock.advance(later - t.core.clock.now());
    const manager = (await north.core.ok('auth:signIn', { username: MANAGER.username, password: MANAGER.password }))
      .token;
    expect(await north.core.call('points:runExpiry', {}, manager)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'expiryAtHeadOffice' } },
    });
    expect(runExpiryNow(north.core.db, later, north.core.terminalId)).toMatchObject({ pointsExpired: 0 });
    expect(north.core.db.prepare("SELECT count(*) FROM points_ledger WHERE kind = 'expire'").pluck().get()).toBe(0);

    // Head office expires the 50 left, once.
    expect(await runChainExpiry(chain.pool, later)).toEqual({ members: 1, points: 50 });
    expect(await runChainExpiry(chain.pool, later)).toEqual({ members: 0, points: 0 });
    for (const t of [north, south]) {
      const cashier = (await t.core.ok('auth:signIn', { username: CASHIER.username, password: CASHIER.password }))
        .token;
      await t.core.ok('sync:now', {}, cashier);
      expect(await t.core.ok('sync:balance', { memberId: m.id }, cashier)).toMatchObject({
        headOffice: 0,
        here: 0,
        total: 0,
      });
      expect(await t.core.ok('points:expiring', { memberId: m.id }, cashier)).toMatchObject({ points: 0, lots: [] });
    }
    const journal = await chain.pool.query('SELECT kind, points::int AS p FROM journal ORDER BY seq');
    expect(journal.rows).toEqual([
      { kind: 'earn', p: 150 },
      { kind: 'redeem', p: -100 },
      { kind: 'expire', p: -50 },
    ]);
    expect(await ok(chain.admin('admin:checkJournal', {}))).toMatchObject({ ok: true, lots: [] });
  });

  it('a credit at a terminal whose own ledger is in debt (it spent another store’s points) still carries its whole lot', async () => {
    const chain = await startChain(pg);
    const north = await till(chain, await chain.createStore('North'), 'N1');
    const south = await till(chain, await chain.createStore('South'), 'S1');
    const m = await north.register('Li Lei', 'li@example.com');
    await north.award(m.id, 'N-1', 15_000);
    await north.sync();
    const mug = await chainMug(chain);
    await south.sync();
    await south.redeem(m.id, mug.id);
    south.core.clock.advance(60_000);
    await south.award(m.id, 'S-1', 5_000);
    // South's own ledger: -100 then +50 (all of it paid its local debt), yet the lot travels whole.
    expect(south.core.db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').pluck().get(m.id)).toBe(
      -50,
    );
    await south.sync();
    const lots = await chain.pool.query(
      'SELECT remaining::int AS r, expires_at::float8 AS e FROM point_lots WHERE member_id = $1 ORDER BY expires_at',
      [m.id],
    );
    expect(lots.rows.map((l) => l.r)).toEqual([50, 50]);
    expect(lots.rows[1].e - lots.rows[0].e).toBeGreaterThanOrEqual(60_000); // North's date, then South's
    expect(await south.balance(m.id)).toMatchObject({ headOffice: 100, here: 0, total: 100 });
    expect(await ok(chain.admin('admin:checkJournal', {}))).toMatchObject({ ok: true, lots: [] });
  });

  it('an online redemption never spends points past their date, even before the run', async () => {
    const chain = await startChain(pg);
    const north = await till(chain, await chain.createStore('North'), 'N1');
    const m = await north.register('Han Mei', 'han@example.com');
    await north.award(m.id, 'N-1', 15_000);
    await north.sync();
    const due = Number(
      (await chain.pool.query('SELECT expires_at FROM point_lots WHERE member_id = $1', [m.id])).rows[0].expires_at,
    );
    // Head office's clock past the date: the redemption finds no points to spend.
    chain.clock.advance(due + DAY - chain.clock.now());
    const mug = await chainMug(chain);
    north.core.clock.advance(due + DAY - north.core.clock.now());
    const cashier = (await north.core.ok('auth:signIn', { username: CASHIER.username, password: CASHIER.password }))
      .token;
    await north.core.ok('sync:now', {}, cashier);
    const refused = await north.core.call(
      'rewards:redeem',
      { opId: randomUUID(), memberId: m.id, rewardId: mug.id },
      cashier,
    );
    expect(refused).toMatchObject({ ok: false, error: { details: { reason: 'insufficientPoints' } } });
    const kinds = async () => (await chain.pool.query('SELECT kind, points::int AS p FROM journal ORDER BY seq')).rows;
    expect(await kinds()).toEqual([{ kind: 'earn', p: 150 }]); // the refusal recorded nothing
    expect(await runChainExpiry(chain.pool, chain.clock.now())).toEqual({ members: 1, points: 150 });
    expect(await kinds()).toEqual([
      { kind: 'earn', p: 150 },
      { kind: 'expire', p: -150 },
    ]);
    expect(await ok(chain.admin('admin:checkJournal', {}))).toMatchObject({ ok: true, lots: [] });
  });

  it('a merge moves the points with their dates, and so does a later push to the merged registration', async () => {
    const chain = await startChain(pg);
    const north = await till(chain, await chain.createStore('North'), 'N1');
    const keep = await north.register('Zhao Min', 'zm@example.com');
    const gone = await north.register('Zhao Min', 'zm2@example.com');
    await north.award(keep.id, 'N-1', 10_000);
    await north.award(gone.id, 'N-2', 4_000);
    await north.sync();
    const lots = async (memberId: string) =>
      (
        await chain.pool.query(
          'SELECT remaining::int AS r, expires_at IS NOT NULL AS dated FROM point_lots WHERE member_id = $1 ORDER BY id',
          [memberId],
        )
      ).rows;
    const merged = await ok(
      chain.admin('members:merge', {
        opId: randomUUID(),
        survivorId: keep.id,
        mergedId: gone.id,
        reason: 'same person',
      }),
    );
    expect(merged).toMatchObject({ movedPoints: 40, balance: { balance: 140 } });
    expect(await lots(keep.id)).toEqual([
      { r: 100, dated: true },
      { r: 40, dated: true },
    ]);
    expect(await lots(gone.id)).toEqual([]);
    // North had not heard of the merge: its next award to the merged card moves on, dated.
    await north.award(gone.id, 'N-3', 2_000);
    await north.sync();
    expect(await lots(keep.id)).toEqual([
      { r: 100, dated: true },
      { r: 40, dated: true },
      { r: 20, dated: true },
    ]);
    expect(await ok(chain.admin('admin:checkJournal', {}))).toMatchObject({ ok: true, lots: [] });
  });
});

describe('head office expiry beside pushes', () => {
  it('racing pushes for the same members: each member expired once, by what was due when it ran; lots always agree', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const due = chain.clock.now() + DAY;
    const members: string[] = [];
    for (let i = 0; i < 10; i++) {
      const reg = till.register({ cardNumber: legacyCard(100 + i) });
      const earn = till.award({ memberId: reg.payload.memberId }, `R-${i}`, 100);
      earn.payload.entries[0] = { ...earn.payload.entries[0], lots: [{ points: 100, expiresAt: due }] };
      await till.pushOk([reg, earn]);
      members.push(reg.payload.memberId);
    }
    // Past the date: a redemption of 30 (pushed from offline) and the run, at once, per member.
    const spends = members.map((memberId) => till.ledger({ memberId }, -30));
    const pushes = spends.map((op) => till.pushOk([op]));
    // The run starts while the pushes are on their way (some land before it, some after).
    await new Promise((r) => setTimeout(r, 8));
    await Promise.all([runChainExpiry(chain.pool, due + 1), ...pushes]);
    // One till's pushes raced each other too: a later seq that arrived first waited for the
    // earlier ones; sending them again in order (a retry, the same op ids) settles every one.
    await till.pushOk(spends);
    const rows = await chain.pool.query(
      `SELECT member_id, coalesce(sum(-points) FILTER (WHERE kind = 'expire'), 0)::int AS expired,
         count(*) FILTER (WHERE kind = 'expire')::int AS runs, sum(points)::int AS balance
       FROM journal GROUP BY member_id`,
    );
    for (const r of rows.rows) {
      // The run came first (all 100 expired, then −30 is a debt) or the redemption did (70 left to expire).
      expect([1, 0]).toContain(r.runs);
      if (r.runs === 1)
        expect([
          [100, -30],
          [70, 0],
        ]).toContainEqual([r.expired, r.balance]);
    }
    await runChainExpiry(chain.pool, due + 1);
    const after = await chain.pool.query(
      "SELECT count(*) FILTER (WHERE kind = 'expire')::int AS runs FROM journal GROUP BY member_id",
    );
    expect(after.rows.every((r) => r.runs === 1)).toBe(true);
    expect(await ok(chain.admin('admin:checkJournal', {}))).toMatchObject({ ok: true, mismatches: [], lots: [] });
  });
});
