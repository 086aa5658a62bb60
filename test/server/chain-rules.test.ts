import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../helpers/core';
import { ok, startChain, usePgCluster } from './helpers';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';

/**
 * In chain mode the terminal earns by head office's rule sets, from their effective dates
 * (sync/pull-rules.ts): a pulled set becomes a local rule version, an award made by it
 * names head office's version, and head office recomputes the points and agrees.
 */
const pg = usePgCluster();
const DAY = 86_400_000;

describe("earning by head office's rules", () => {
  it('a pulled rule set earns from its effective date; head office recomputes and agrees', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const { core, tokens } = await makeStaffedCore({ sync: { timeoutMs: 5_000 } });
    const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId: store }));
    await core.ok('sync:enrol', { serverUrl: chain.service.url, code, name: 'A1' }, tokens.manager);
    const now = core.clock.now();
    // Chain-wide 2 pts per ¥1 from now; this store 3 pts per ¥1 from tomorrow.
    const two = await ok(
      chain.admin('admin:saveRules', {
        storeId: null,
        effectiveFrom: now - 1,
        rules: { ...DEFAULT_RULES, earnRate: { points: 2, perMinor: 100 } },
      }),
    );
    const three = await ok(
      chain.admin('admin:saveRules', {
        storeId: store,
        effectiveFrom: now + DAY,
        rules: { ...DEFAULT_RULES, earnRate: { points: 3, perMinor: 100 } },
      }),
    );
    await core.ok('sync:now', {}, tokens.cashier);
    const m = await core.ok('members:register', { name: 'Wang Fang', email: 'w@example.com' }, tokens.cashier);
    const award = (receiptNo: string) =>
      core.ok('points:award', { opId: randomUUID(), memberId: m.id, receiptNo, totalMinor: 1_000 }, tokens.cashier);
    expect((await award('R-1')).pointsEarned).toBe(20);
    core.clock.advance(DAY + 1);
    const owner = (await core.ok('auth:signIn', { username: 'owner', password: 'correct horse battery' })).token;
    const cashier = (await core.ok('auth:signIn', { username: 'cathy', password: 'cashier pass 42' })).token;
    expect(
      (
        await core.ok(
          'points:award',
          { opId: randomUUID(), memberId: m.id, receiptNo: 'R-2', totalMinor: 1_000 },
          cashier,
        )
      ).pointsEarned,
    ).toBe(30);
    await core.ok('sync:now', {}, owner);
    const ops = await chain.pool.query(
      `SELECT payload->>'receiptNo' AS r, (payload->>'headOfficeRuleVersion')::int AS v, status, reason
       FROM sync_ops WHERE kind = 'points.award' ORDER BY seq`,
    );
    expect(ops.rows).toEqual([
      { r: 'R-1', v: two.version, status: 'applied', reason: null },
      { r: 'R-2', v: three.version, status: 'applied', reason: null },
    ]);
  });
});
