import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore, type TestCore } from '../helpers/core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { ok, startChain, usePgCluster, type TestChain } from './helpers';

/**
 * Spending chain points at the counter (sync/chain-spend.ts) with real terminal cores on
 * their own SQLite files and the real head office on a real PostgreSQL: online, head
 * office decides (no overdraw however two terminals race); offline, the allowance per
 * member per terminal per outage bounds what can be overdrawn.
 */
const pg = usePgCluster();

function network() {
  const state = { down: false };
  const fetchVia: typeof fetch = async (input, init) => {
    if (state.down) throw new Error('connect ECONNREFUSED (test network down)');
    return fetch(input, init);
  };
  return { state, fetch: fetchVia };
}

interface Till {
  core: TestCore;
  tokens: { cashier: string; manager: string; owner: string };
  net: ReturnType<typeof network>;
  sync(): Promise<unknown>;
}

async function till(chain: TestChain, storeId: string, name: string): Promise<Till> {
  const net = network();
  const { core, tokens } = await makeStaffedCore({ sync: { fetch: net.fetch, timeoutMs: 5_000 } });
  await core.ok('points:saveRules', { rules: { ...DEFAULT_RULES, payWithPointsAllowed: true } }, tokens.manager);
  const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
  await core.ok('sync:enrol', { serverUrl: chain.service.url, code, name }, tokens.manager);
  const t = { core, tokens, net, sync: () => core.ok('sync:now', {}, tokens.cashier) };
  await t.sync();
  return t;
}

const serverBalance = async (chain: TestChain, memberId: string) =>
  (await chain.pool.query('SELECT balance::int AS b, held::int AS h FROM balances WHERE member_id = $1', [memberId]))
    .rows[0].b as number;

/** A member registered at `t` with `points` earned there (1 pt per 1.00), pushed. */
async function memberWith(t: Till, points: number) {
  const m = await t.core.ok(
    'members:register',
    { name: 'Wang Fang', email: `w-${randomUUID().slice(0, 8)}@example.com`, opId: randomUUID() },
    t.tokens.cashier,
  );
  await t.core.ok(
    'points:award',
    { opId: randomUUID(), memberId: m.id, receiptNo: `E-${randomUUID().slice(0, 8)}`, totalMinor: points * 100 },
    t.tokens.cashier,
  );
  await t.sync();
  return m.id;
}

async function chainReward(chain: TestChain, tills: Till[], costPoints: number) {
  const r = await ok(
    chain.admin('admin:saveReward', {
      storeId: null,
      reward: { name: `Gift ${costPoints}`, kind: 'goods', costPoints },
    }),
  );
  for (const t of tills) await t.sync();
  return r.id;
}

const redeem = (t: Till, memberId: string, rewardId: string, opId = randomUUID()) =>
  t.core.call('rewards:redeem', { opId, memberId, rewardId }, t.tokens.cashier);

describe('chain spending: online, head office decides', () => {
  it('two terminals racing for the same points never overdraw; the loser is told the head office balance', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1');
    const b = await till(chain, store, 'B1');
    const member = await memberWith(a, 1_000);
    const gift = await chainReward(chain, [a, b], 150);
    await b.sync();

    // 2 × 5 redemptions of 150 against 1,000, all at once: at most 6 can be paid.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => redeem(i % 2 ? a : b, member, gift)));
    const won = results.filter((r) => r.ok).length;
    expect(won).toBe(6);
    for (const r of results) {
      if (!r.ok) expect(r.error.details).toMatchObject({ reason: 'insufficientPoints', headOffice: true, cost: 150 });
    }
    expect(await serverBalance(chain, member)).toBe(100);
    await a.sync();
    await b.sync();
    await a.sync();
    // Each online redemption is journaled once (its outbox op only links it).
    const redeemed = await chain.pool.query(
      "SELECT count(*)::int AS n FROM journal WHERE member_id = $1 AND kind = 'redeem'",
      [member],
    );
    expect(redeemed.rows[0].n).toBe(6);
    expect(await serverBalance(chain, member)).toBe(100);
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
    for (const t of [a, b]) {
      expect(await t.core.ok('sync:balance', { memberId: member }, t.tokens.cashier)).toMatchObject({
        headOffice: 100,
        here: 0,
        total: 100,
      });
      expect(t.core.db.prepare("SELECT count(*) FROM sync_outbox WHERE state <> 'done'").pluck().get()).toBe(0);
    }
  });

  it('paying with points is decided online too: the pay entry is linked, the earn journaled, nothing twice', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1');
    const b = await till(chain, store, 'B1');
    const member = await memberWith(a, 300);
    await b.sync();
    // At B the member has no local points at all: head office's 300 pay.
    const paid = await b.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: member, receiptNo: 'B-1', totalMinor: 10_000, pointsToUse: 200 },
      b.tokens.cashier,
    );
    expect(paid.pointsUsed).toBe(200);
    expect(paid.balance).toBe(100 + paid.pointsEarned); // the chain's, not B's own ledger (−200 + earn)
    expect(await serverBalance(chain, member)).toBe(100);
    const tooMuch = await b.core.call(
      'points:award',
      { opId: randomUUID(), memberId: member, receiptNo: 'B-2', totalMinor: 10_000, pointsToUse: 200 },
      b.tokens.cashier,
    );
    expect(tooMuch.ok).toBe(false);
    // The round before asking pushed B-1's earn: head office knows 100 + 98.
    if (!tooMuch.ok) {
      expect(tooMuch.error.details).toMatchObject({ reason: 'insufficientPoints', balance: 100 + paid.pointsEarned });
    }
    expect(b.core.db.prepare("SELECT count(*) FROM points_purchases WHERE receipt_no = 'B-2'").pluck().get()).toBe(0);
    await b.sync();
    // 300 − 200 + the earn on 100.00 − 2.00 paid by points (98).
    expect(await serverBalance(chain, member)).toBe(100 + paid.pointsEarned);
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
    const outcomes = await chain.pool.query(
      `SELECT kind, status, reason FROM sync_ops WHERE terminal_id = $1 AND kind IN ('points.award', 'points.ledger')
       ORDER BY seq`,
      [b.core.terminalId],
    );
    expect(outcomes.rows).toEqual([
      { kind: 'points.ledger', status: 'applied', reason: 'alreadyJournaled' },
      { kind: 'points.award', status: 'applied', reason: null },
    ]);
  });

  it('a retry of the same operation is the same redemption at head office', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1');
    const member = await memberWith(a, 500);
    const gift = await chainReward(chain, [a], 200);
    const opId = randomUUID();
    const first = await redeem(a, member, gift, opId);
    const again = await redeem(a, member, gift, opId);
    expect(first.ok && again.ok).toBe(true);
    expect(await serverBalance(chain, member)).toBe(300);
    expect(a.core.db.prepare('SELECT count(*) FROM reward_redemptions').pluck().get()).toBe(1);
  });
});

describe('chain spending: offline, the allowance bounds the overdraw', () => {
  it('at most the allowance per member per terminal per outage; above it "needs a connection"', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1');
    const member = await memberWith(a, 2_000);
    const [g300, g200, g1] = [
      await chainReward(chain, [a], 300),
      await chainReward(chain, [a], 200),
      await chainReward(chain, [a], 1),
    ];
    a.net.state.down = true;
    const first = await redeem(a, member, g300);
    expect(first.ok && first.value.balance).toBe(1_700);
    const over = await redeem(a, member, g300);
    expect(over.ok).toBe(false);
    if (!over.ok) {
      expect(over.error.details).toMatchObject({ reason: 'needsConnection', allowance: 500, allowanceLeft: 200 });
    }
    expect((await redeem(a, member, g200)).ok).toBe(true);
    const none = await redeem(a, member, g1);
    expect(!none.ok && none.error.details?.reason).toBe('needsConnection');
    // Paying with points counts against the same allowance.
    const pay = await a.core.call(
      'points:award',
      { opId: randomUUID(), memberId: member, receiptNo: 'A-9', totalMinor: 5_000, pointsToUse: 100 },
      a.tokens.cashier,
    );
    expect(!pay.ok && pay.error.details?.reason).toBe('needsConnection');
    const status = await a.core.ok('sync:status', {}, a.tokens.cashier);
    expect(status).toMatchObject({ mode: 'chain', online: false, offlineAllowance: 500 });
    expect(status.mode === 'chain' && status.offlineSpent).toEqual({ points: 500, members: 1 });

    // Back online: the offline spends reach head office; a new outage starts a new allowance.
    a.net.state.down = false;
    await a.sync();
    expect(await serverBalance(chain, member)).toBe(1_500);
    expect((await a.core.ok('sync:status', {}, a.tokens.cashier)).mode === 'chain').toBe(true);
    a.core.clock.advance(60_000);
    a.net.state.down = true;
    expect((await redeem(a, member, g300)).ok).toBe(true);
  });

  it('two terminals offline can overdraw by at most allowance × terminals; later earning repays it', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1');
    const b = await till(chain, store, 'B1');
    const member = await memberWith(a, 600);
    const gift = await chainReward(chain, [a, b], 500);
    await b.sync();
    a.net.state.down = true;
    b.net.state.down = true;
    expect((await redeem(a, member, gift)).ok).toBe(true);
    expect((await redeem(b, member, gift)).ok).toBe(true);
    // Each knew 600; neither may spend more than 100 of what it still knows.
    expect((await redeem(a, member, gift)).ok).toBe(false);
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();
    await a.sync();
    const balance = await serverBalance(chain, member);
    expect(balance).toBe(-400);
    const allowance = 500;
    expect(-balance).toBeLessThanOrEqual(allowance * 2);
    for (const t of [a, b]) {
      expect(await t.core.ok('sync:balance', { memberId: member }, t.tokens.cashier)).toMatchObject({ total: -400 });
    }
    // Online again: nothing more can be spent until earning repays the debt.
    const refused = await redeem(a, member, await chainReward(chain, [a], 1));
    expect(!refused.ok && refused.error.details).toMatchObject({ reason: 'insufficientPoints', headOffice: true });
    await a.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: member, receiptNo: 'A-10', totalMinor: 50_000 },
      a.tokens.cashier,
    );
    await a.sync();
    expect(await serverBalance(chain, member)).toBe(100);
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });
});
