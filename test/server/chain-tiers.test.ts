import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startChain, usePgCluster, type TestChain } from './helpers';
import { enrolledCore } from './enrolled-core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { chainSpendOf } from '../../src/server/spend/chain-spend';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * Chain-wide tiers (issue 12): a member's tier at every terminal is measured by what they
 * spent at every store — head office's pushed purchases and refunds (server migration 013)
 * pulled by each terminal (migration 021), plus the terminal's own purchases not yet
 * pushed. Real terminal cores on their own SQLite files, the real head office on
 * PostgreSQL, synced by `sync:now`.
 */
const pg = usePgCluster();

const TIERED: RuleSet = {
  ...DEFAULT_RULES,
  tiers: [
    { name: 'Silver', thresholdMinor: 0, multiplierPercent: 100 },
    { name: 'Gold', thresholdMinor: 100_000, multiplierPercent: 150 },
  ],
};

async function till(chain: TestChain, storeId: string, name: string) {
  const t = await enrolledCore(chain, storeId, name, TIERED);
  const award = (memberId: string, receiptNo: string, totalMinor: number) =>
    t.core.ok('points:award', { opId: randomUUID(), memberId, receiptNo, totalMinor }, t.tokens.cashier);
  const summary = (memberId: string) => t.core.ok('points:memberSummary', { memberId }, t.tokens.cashier);
  return { ...t, award, summary };
}

const headOfficeSpend = (chain: TestChain, memberId: string) =>
  chainSpendOf(chain.pool, memberId, chain.clock.now() + 60_000, 12);

describe('chain-wide tiers from chain-wide spend', () => {
  it('spend at store A and store B earns Gold at both; a refund takes it back everywhere; offline the last pull + local spend', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const b = await till(chain, await chain.createStore('South'), 'B1');
    const m = await a.core.ok('members:register', { name: 'Wang Fang', email: 'w@example.com' }, a.tokens.cashier);

    // ¥600 at North, pushed; South pulls it.
    expect((await a.award(m.id, 'A-1', 60_000)).tierName).toBe('Silver');
    await a.sync();
    await b.sync();
    expect(await headOfficeSpend(chain, m.id)).toBe(60_000);
    const atB = await b.summary(m.id);
    expect(atB).toMatchObject({ tier: { name: 'Silver' }, rollingSpendMinor: 60_000, chainSpendMinor: 60_000 });

    // ¥500 at South, offline: ¥600 pulled + ¥500 here = ¥1,100, so the next purchase there is Gold.
    b.net.down = true;
    expect((await b.award(m.id, 'B-1', 50_000)).tierName).toBe('Silver'); // a purchase does not count towards its own tier
    const gold = await b.award(m.id, 'B-2', 10_000);
    expect(gold.tierName).toBe('Gold');
    expect(gold.pointsEarned).toBe(150);
    expect(await b.summary(m.id)).toMatchObject({
      tier: { name: 'Gold' },
      rollingSpendMinor: 120_000,
      chainSpendMinor: 60_000,
    });

    // North has not heard of South's spend yet: one tier low there (the documented bound).
    expect((await a.summary(m.id)).tier?.name).toBe('Silver');
    b.net.down = false;
    await b.sync();
    expect(await headOfficeSpend(chain, m.id)).toBe(120_000);
    await a.sync();
    expect(await a.summary(m.id)).toMatchObject({
      tier: { name: 'Gold' },
      rollingSpendMinor: 120_000,
      chainSpendMinor: 60_000,
    });
    const atA = await a.award(m.id, 'A-2', 10_000);
    expect(atA.tierName).toBe('Gold');
    await a.sync();
    // Head office agrees with the tier North applied (it recomputes only head office rule
    // sets; here it keeps what the terminal said).
    const tiers = await chain.pool.query(
      "SELECT payload->>'tierName' AS tier FROM sync_ops WHERE kind = 'points.award' ORDER BY received_at, seq",
    );
    expect(tiers.rows.map((r) => r.tier)).toEqual(['Silver', 'Silver', 'Gold', 'Gold']);

    // South refunds its ¥500: Silver at South at once, at North after the pull.
    await b.core.ok('points:refund', { opId: randomUUID(), receiptNo: 'B-1' }, b.tokens.manager);
    expect((await b.summary(m.id)).tier?.name).toBe('Silver');
    await b.sync();
    expect(await headOfficeSpend(chain, m.id)).toBe(80_000);
    expect((await chain.pool.query('SELECT * FROM chain_spend_check()')).rows).toEqual([]);
    await a.sync();
    expect(await a.summary(m.id)).toMatchObject({
      tier: { name: 'Silver' },
      rollingSpendMinor: 80_000,
      chainSpendMinor: 10_000,
    });
    // A second pull (nothing new) and a fresh download change nothing: each purchase counts once.
    await a.sync();
    a.core.db.prepare('UPDATE sync_state SET pull_cursor = NULL').run();
    await a.sync();
    expect((await a.summary(m.id)).rollingSpendMinor).toBe(80_000);
    expect(a.core.db.prepare('SELECT count(*) FROM sync_chain_purchases').pluck().get()).toBe(4);
  });

  it('concurrent pushes from two stores count every purchase once; a terminal does not count its own purchase twice', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const b = await till(chain, await chain.createStore('South'), 'B1');
    const m = await a.core.ok('members:register', { name: 'Li Lei', email: 'l@example.com' }, a.tokens.cashier);
    await a.sync();
    await b.sync();
    for (let i = 0; i < 5; i++) {
      await a.award(m.id, `A-${i}`, 10_000);
      await b.award(m.id, `B-${i}`, 10_000);
    }
    await Promise.all([a.sync(), b.sync(), a.sync(), b.sync()]);
    await Promise.all([a.sync(), b.sync()]);
    expect(await headOfficeSpend(chain, m.id)).toBe(100_000);
    for (const t of [a, b]) {
      expect(await t.summary(m.id)).toMatchObject({
        tier: { name: 'Gold' },
        rollingSpendMinor: 100_000,
        chainSpendMinor: 50_000,
      });
    }
  });
  it('a purchase that earned no points, and its refund that claws back none, still move the chain spend', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const b = await till(chain, await chain.createStore('South'), 'B1');
    const m = await a.core.ok('members:register', { name: 'Zhao Min', email: 'z@example.com' }, a.tokens.cashier);
    await a.award(m.id, 'A-1', 99_990);
    expect((await a.award(m.id, 'A-2', 50)).pointsEarned).toBe(0); // ¥0.50 at 1 pt/¥1, rounded down
    await a.sync();
    expect(await headOfficeSpend(chain, m.id)).toBe(100_040);
    await b.sync();
    expect((await b.summary(m.id)).tier?.name).toBe('Gold');

    await a.core.ok('points:refund', { opId: randomUUID(), receiptNo: 'A-2' }, a.tokens.manager);
    await a.sync();
    expect(await headOfficeSpend(chain, m.id)).toBe(99_990);
    await b.sync();
    expect((await b.summary(m.id)).tier?.name).toBe('Silver');
    const ops = await chain.pool.query(
      `SELECT kind, jsonb_array_length(payload->'entries') AS entries, status FROM sync_ops
       WHERE kind LIKE 'points.%' ORDER BY received_at, seq`,
    );
    expect(ops.rows).toEqual([
      { kind: 'points.award', entries: 1, status: 'applied' },
      { kind: 'points.award', entries: 0, status: 'applied' },
      { kind: 'points.ledger', entries: 0, status: 'applied' },
    ]);
    expect(a.core.db.prepare("SELECT count(*) FROM sync_capture WHERE what = 'invalid'").pluck().get()).toBe(0);
    expect((await chain.pool.query('SELECT * FROM journal_check()')).rows).toEqual([]);
  });
});
