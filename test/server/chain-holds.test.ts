import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CASHIER, makeStaffedCore, type TestCore } from '../helpers/core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';
import { ok, startChain, usePgCluster, type TestChain } from './helpers';

/**
 * Holds taken at the counter (sync/holds.ts) and the rules' minimum balance for spending
 * tested at head office (redeem/online.ts), with real terminal cores on their own SQLite
 * files and the real head office on a real PostgreSQL.
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

async function till(
  chain: TestChain,
  storeId: string,
  name: string,
  opts: { rules?: Partial<RuleSet>; holdPoints?: number; holdMinutes?: number; allowance?: number } = {},
): Promise<Till> {
  const net = network();
  const { core, tokens } = await makeStaffedCore({ sync: { fetch: net.fetch, timeoutMs: 5_000 } });
  await core.ok('points:saveRules', { rules: { ...DEFAULT_RULES, ...opts.rules } }, tokens.manager);
  await core.ok(
    'settings:update',
    {
      chainHoldPoints: opts.holdPoints ?? 0,
      chainHoldMinutes: opts.holdMinutes ?? 240,
      chainOfflineAllowancePoints: opts.allowance ?? 500,
    },
    tokens.owner,
  );
  const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
  await core.ok('sync:enrol', { serverUrl: chain.service.url, code, name }, tokens.manager);
  const t = { core, tokens, net, sync: () => core.ok('sync:now', {}, tokens.cashier) };
  await t.sync();
  return t;
}

const atHeadOffice = async (chain: TestChain, memberId: string) =>
  (
    await chain.pool.query('SELECT balance::int AS balance, held::int AS held FROM balances WHERE member_id = $1', [
      memberId,
    ])
  ).rows[0] as { balance: number; held: number };

async function memberWith(t: Till, points: number) {
  const m = await t.core.ok(
    'members:register',
    { name: 'Li Lei', email: `l-${randomUUID().slice(0, 8)}@example.com`, opId: randomUUID() },
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

async function rewards(chain: TestChain, tills: Till[], ...costs: number[]) {
  const ids: string[] = [];
  for (const costPoints of costs) {
    const r = await ok(
      chain.admin('admin:saveReward', {
        storeId: null,
        reward: { name: `Gift ${costPoints}`, kind: 'goods', costPoints },
      }),
    );
    ids.push(r.id);
  }
  for (const t of tills) await t.sync();
  return ids;
}

const redeem = (t: Till, memberId: string, rewardId: string) =>
  t.core.call('rewards:redeem', { opId: randomUUID(), memberId, rewardId }, t.tokens.cashier);

describe('holds at the counter', () => {
  it('opening a member takes a hold; offline the member spends it beyond the allowance; the push uses it up', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1', { holdPoints: 400, allowance: 100 });
    const member = await memberWith(a, 1_000);
    const [g300, g150, g100] = await rewards(chain, [a], 300, 150, 100);

    const hold = await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier);
    expect(hold).toMatchObject({ outcome: 'taken', remaining: 400 });
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 1_000, held: 400 });
    // Opening the member again keeps the hold (no second request).
    expect(await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier)).toMatchObject({ outcome: 'kept' });
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 1_000, held: 400 });
    // What the counter offers still counts the hold as the member's (it is held for here).
    const affordable = await a.core.ok('rewards:affordable', { memberId: member }, a.tokens.cashier);
    expect(affordable.balance).toBe(1_000);

    a.net.state.down = true;
    // 300 > the allowance of 100, but within the hold: allowed.
    const r1 = await redeem(a, member, g300);
    expect(r1.ok).toBe(true);
    // 150: more than the hold's 100 left and the allowance's 100.
    const r2 = await redeem(a, member, g150);
    expect(r2.ok).toBe(false);
    if (!r2.ok) {
      expect(r2.error.details).toMatchObject({ reason: 'needsConnection', allowanceLeft: 100, holdLeft: 100 });
    }
    // 100 from the hold, then 100 from the allowance (the hold's spends do not count against it).
    expect((await redeem(a, member, g100)).ok).toBe(true);
    expect((await redeem(a, member, g100)).ok).toBe(true);
    expect((await redeem(a, member, g100)).ok).toBe(false);

    a.net.state.down = false;
    await a.sync();
    await a.sync();
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 500, held: 0 });
    const h = await chain.pool.query('SELECT state, remaining::int AS remaining FROM holds WHERE member_id = $1', [
      member,
    ]);
    expect(h.rows).toEqual([{ state: 'used', remaining: 0 }]);
    // No push outcome said the hold was short.
    const notes = await chain.pool.query("SELECT count(*)::int AS n FROM sync_ops WHERE reason = 'holdShort'");
    expect(notes.rows[0].n).toBe(0);
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
    expect(await a.core.ok('sync:balance', { memberId: member }, a.tokens.cashier)).toMatchObject({
      headOffice: 500,
      held: 0,
      total: 500,
    });
  });

  it('offline, points paid on a bill come out of the hold too, not the allowance; the push takes them out of it', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1', {
      holdPoints: 400,
      allowance: 100,
      rules: { payWithPointsAllowed: true },
    });
    const member = await memberWith(a, 1_000);
    const [g100] = await rewards(chain, [a], 100);
    await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier);

    a.net.state.down = true;
    const pay = (pointsToUse: number) =>
      a.core.call(
        'points:award',
        {
          opId: randomUUID(),
          memberId: member,
          receiptNo: `B-${randomUUID().slice(0, 8)}`,
          totalMinor: 100_000,
          pointsToUse,
        },
        a.tokens.cashier,
      );
    // 300 > the allowance of 100, within the hold: paid.
    const paid = await pay(300);
    expect(paid).toMatchObject({ ok: true, value: { pointsUsed: 300 } });
    // The hold has 100 left and the allowance is untouched: 100 more from each.
    expect(await pay(200)).toMatchObject({
      ok: false,
      error: { details: { reason: 'needsConnection', holdLeft: 100 } },
    });
    expect((await pay(100)).ok).toBe(true);
    expect((await redeem(a, member, g100)).ok).toBe(true);
    expect(await pay(50)).toMatchObject({ ok: false, error: { details: { reason: 'needsConnection' } } });

    a.net.state.down = false;
    await a.sync();
    await a.sync();
    const ops = await chain.pool.query(
      "SELECT payload->>'holdId' AS hold, status, reason FROM sync_ops WHERE kind = 'points.award' AND (payload->>'pointsUsed')::int > 0 ORDER BY seq",
    );
    const holdId = (await chain.pool.query('SELECT id FROM holds WHERE member_id = $1', [member])).rows[0].id;
    expect(ops.rows).toEqual([
      { hold: holdId, status: 'applied', reason: null },
      { hold: holdId, status: 'applied', reason: null },
    ]);
    const h = await chain.pool.query('SELECT state, remaining::int AS remaining FROM holds WHERE member_id = $1', [
      member,
    ]);
    expect(h.rows).toEqual([{ state: 'used', remaining: 0 }]);
    expect((await atHeadOffice(chain, member)).held).toBe(0);
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
    const local = await a.core.ok('sync:balance', { memberId: member }, a.tokens.cashier);
    expect(local.headOffice).toBe((await atHeadOffice(chain, member)).balance);
  });

  it('online, a spend at the holding terminal comes out of the hold, or the hold is given back first', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1', { holdPoints: 400 });
    const member = await memberWith(a, 1_000);
    const [g300, g600] = await rewards(chain, [a], 300, 600);
    await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier);

    expect((await redeem(a, member, g300)).ok).toBe(true);
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 700, held: 100 });
    // 600 > the hold's 100 left: released, then decided on the whole free balance.
    expect((await redeem(a, member, g600)).ok).toBe(true);
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 100, held: 0 });
    await a.sync();
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
    // The next open takes a new hold of what is free (100 < 400).
    expect(await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier)).toMatchObject({
      outcome: 'taken',
      remaining: 100,
    });
  });

  it('another store sees held points as not free; an expired hold frees them and is not spent offline', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1', { holdPoints: 800, holdMinutes: 1, allowance: 0 });
    const b = await till(chain, await chain.createStore('South'), 'B1');
    const member = await memberWith(a, 1_000);
    const [g300, g100] = await rewards(chain, [a, b], 300, 100);
    await b.sync();
    await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier);
    const refused = await redeem(b, member, g300);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.details).toMatchObject({ reason: 'insufficientPoints', balance: 200 });

    // Past the hold's expiry (a minute here), at head office and at the terminal.
    chain.clock.advance(61_000);
    a.core.clock.advance(61_000);
    expect((await redeem(b, member, g300)).ok).toBe(true);
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 700, held: 0 });
    a.net.state.down = true;
    const offline = await redeem(a, member, g100);
    expect(offline.ok).toBe(false);
    if (!offline.ok) {
      expect([offline.error.code, offline.error.details]).toMatchObject([
        'CONFLICT',
        { reason: 'needsConnection', holdLeft: 0 },
      ]);
    }
  });

  it('a hold outlives the terminal restarting during the outage', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1', { holdPoints: 400, allowance: 0 });
    const member = await memberWith(a, 1_000);
    const [g300] = await rewards(chain, [a], 300);
    await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier);
    a.net.state.down = true;
    const again = a.core.reopen();
    const cashier = (await again.ok('auth:signIn', { username: CASHIER.username, password: CASHIER.password })).token;
    const r = await again.call('rewards:redeem', { opId: randomUUID(), memberId: member, rewardId: g300 }, cashier);
    expect(r.ok).toBe(true);
    a.net.state.down = false;
    await again.ok('sync:now', {}, cashier);
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 700, held: 100 });
  });

  it('with holds off (the default) nothing is asked of head office', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const member = await memberWith(a, 500);
    expect(await a.core.ok('sync:hold', { memberId: member }, a.tokens.cashier)).toEqual({
      outcome: 'off',
      remaining: 0,
      expiresAt: null,
    });
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 500, held: 0 });
  });
});

describe('the minimum balance for spending, online', () => {
  it('head office refuses below the rules’ minBalanceToSpend on its own balance', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1', { rules: { minBalanceToSpend: 500 } });
    const b = await till(chain, store, 'B1');
    const member = await memberWith(b, 600);
    const [g200] = await rewards(chain, [a, b], 200);
    await a.sync();
    // 600 ≥ 500: spends; then 400 < 500: refused by head office, even though 400 covers 200.
    expect((await redeem(a, member, g200)).ok).toBe(true);
    const below = await redeem(a, member, g200);
    expect(below.ok).toBe(false);
    if (!below.ok) {
      expect(below.error.details).toMatchObject({
        reason: 'belowMinBalance',
        minBalance: 500,
        balance: 400,
        headOffice: true,
      });
    }
    expect(await atHeadOffice(chain, member)).toEqual({ balance: 400, held: 0 });
    // B's rules have no minimum: it may spend the 400.
    expect((await redeem(b, member, g200)).ok).toBe(true);
  });

  it('redeem:online refuses a bad minBalance with VALIDATION and writes nothing', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore();
    const t = await chain.enrol(store);
    const before = (await chain.pool.query('SELECT count(*)::int AS n FROM journal')).rows[0].n;
    for (const minBalance of [-1, 1.5, Number.NaN, '500', null, 1e12, 1e308]) {
      const r = await t.call('redeem:online', {
        opId: randomUUID(),
        memberId: randomUUID(),
        points: 10,
        minBalance: minBalance as never,
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect([minBalance, r.error.code]).toEqual([minBalance, 'VALIDATION']);
    }
    expect((await chain.pool.query('SELECT count(*)::int AS n FROM journal')).rows[0].n).toBe(before);
  });
});
