import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../helpers/core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { ok, startChain, usePgCluster, type TestChain } from './helpers';
import { adminGet } from './admin-get';

/**
 * "Redemptions by reward" on the head office page (server migration 019, terminal 028):
 * which reward each redemption was for travels with the terminal's push, online and
 * offline, and a void (pushed later, or with it) counts the redemption as voided.
 */
const pg = usePgCluster();

async function till(chain: TestChain, storeId: string) {
  const state = { down: false };
  const fetchVia: typeof fetch = async (input, init) => {
    if (state.down) throw new Error('connect ECONNREFUSED (test network down)');
    return fetch(input, init);
  };
  const { core, tokens } = await makeStaffedCore({ sync: { fetch: fetchVia, timeoutMs: 5_000 } });
  await core.ok('points:saveRules', { rules: DEFAULT_RULES }, tokens.manager);
  const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
  await core.ok('sync:enrol', { serverUrl: chain.service.url, code, name: 'A1' }, tokens.manager);
  const sync = () => core.ok('sync:now', {}, tokens.cashier);
  await sync();
  return { core, tokens, state, sync };
}

/**
 * Days covering both test clocks, in the report's zone: the terminal's (offline entries)
 * and head office's (a redemption decided online is journaled at head office's moment).
 */
const around = (...clocks: number[]) => {
  const day = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  return {
    from: day(Math.min(...clocks) - 86_400_000),
    to: day(Math.max(...clocks) + 86_400_000),
    tz: 'Asia/Shanghai',
  };
};

describe('redemptions by reward at head office', () => {
  it('names the reward of online and offline redemptions, counts a void, and a later sync changes nothing', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store);
    const REPORT = around(a.core.clock.now(), chain.clock.now());
    const member = await a.core.ok(
      'members:register',
      { name: 'Li Lei', email: 'li@example.com', opId: randomUUID() },
      a.tokens.cashier,
    );
    await a.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: member.id, receiptNo: 'E-1', totalMinor: 100_000 },
      a.tokens.cashier,
    );
    const reward = async (name: string, costPoints: number) =>
      (await ok(chain.admin('admin:saveReward', { storeId: null, reward: { name, kind: 'goods', costPoints } }))).id;
    const coffee = await reward('Coffee, large', 100);
    const mug = await reward('Mug 马克杯', 300);
    await a.sync();
    const redeem = (rewardId: string) =>
      a.core.ok('rewards:redeem', { opId: randomUUID(), memberId: member.id, rewardId }, a.tokens.cashier);

    await redeem(mug); // online: head office decides and journals it
    a.state.down = true;
    const first = await redeem(coffee); // offline, within the allowance
    await redeem(coffee);
    await a.core.ok(
      'rewards:void',
      { opId: randomUUID(), redemptionId: first.id, reason: 'Wrong reward' },
      a.tokens.cashier,
    );
    // Before the push head office knows the online one only, without its reward.
    const before = await adminGet(chain, 'reports', REPORT);
    expect(before.body.ok && before.body.value.redemptions).toEqual([
      { rewardId: null, rewardName: null, redemptions: 1, voided: 0, points: 300 },
    ]);

    a.state.down = false;
    await a.sync();
    await a.sync();
    const expected = [
      { rewardId: mug, rewardName: 'Mug 马克杯', redemptions: 1, voided: 0, points: 300 },
      { rewardId: coffee, rewardName: 'Coffee, large', redemptions: 1, voided: 1, points: 100 },
    ];
    const after = await adminGet(chain, 'reports', REPORT);
    expect(after.body.ok && after.body.value.redemptions).toEqual(expected);
    // The wire named them: each redemption entry and the void, nothing else.
    const named = await chain.pool.query(
      `SELECT e->>'kind' AS kind, e->'redemption'->>'rewardName' AS reward
       FROM sync_ops o, jsonb_array_elements(o.payload->'entries') e
       WHERE o.kind = 'points.ledger' ORDER BY o.seq, e->>'entryId'`,
    );
    expect(named.rows.filter((r) => r.reward !== null).map((r) => [r.kind, r.reward])).toEqual(
      expect.arrayContaining([
        ['redeem', 'Mug 马克杯'],
        ['redeem', 'Coffee, large'],
        ['redeem', 'Coffee, large'],
        ['redeem_void', 'Coffee, large'],
      ]),
    );
    expect(named.rows.every((r) => r.reward !== null || !String(r.kind).startsWith('redeem'))).toBe(true);
    const rows = await chain.pool.query('SELECT count(*)::int AS n FROM redemption_entries');
    expect(rows.rows[0].n).toBe(4);

    // A later sync (nothing new): the same report, nothing recorded twice.
    await a.sync();
    const again = await adminGet(chain, 'reports', REPORT);
    expect(again.body.ok && again.body.value.redemptions).toEqual(expected);
    expect((await chain.pool.query('SELECT count(*)::int AS n FROM redemption_entries')).rows[0].n).toBe(4);
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });
});
