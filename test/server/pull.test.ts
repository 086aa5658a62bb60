import { describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Change } from '../../src/shared/sync';
import {
  legacyCard,
  newEntityId,
  ok,
  startChain,
  testPool,
  usePgCluster,
  type TestChain,
  type TestTerminal,
} from './helpers';

// Its own cluster: the retention test prunes by the cluster-wide snapshot xmin.
const cluster = usePgCluster({ ownCluster: true });

/** What a terminal would hold after applying changes: per entity and id, the newest version. */
class Replica {
  rows = new Map<string, Exclude<Change, { entity: 'referral' | 'bonus' }>['data']>();
  apply(changes: Change[]) {
    for (const c of changes) {
      if (c.entity === 'referral' || c.entity === 'bonus') continue; // never versioned: not part of this replica
      const id =
        c.entity === 'balance'
          ? c.data.memberId
          : c.entity === 'purchase'
            ? c.data.purchaseId
            : (c.data as { id: string }).id;
      const key = `${c.entity}:${id}`;
      const have = this.rows.get(key);
      if (!have || have.version < c.data.version) this.rows.set(key, c.data);
    }
  }
}

async function pullAll(till: TestTerminal, cursor: string, limit?: number) {
  const changes: Change[] = [];
  for (;;) {
    const r = await ok(till.req('sync:pull', { cursor, limit }));
    if (r.kind !== 'changes') throw new Error(`resync: ${r.reason}`);
    changes.push(...r.changes);
    cursor = r.cursor;
    if (!r.hasMore) return { changes, cursor, pushedThrough: r.pushedThrough };
  }
}

async function bootstrapAll(till: TestTerminal, limit?: number, between?: () => Promise<void>) {
  const changes: Change[] = [];
  let next: string | undefined;
  for (;;) {
    const page = await ok(till.req('sync:bootstrap', { next, limit }));
    changes.push(...page.changes);
    if (page.next === null) return { changes, cursor: page.cursor, pushedThrough: page.pushedThrough };
    next = page.next;
    await between?.();
  }
}

/** The head office state a terminal of this store should converge to. */
async function serverState(chain: TestChain, storeId: string) {
  const r = await chain.pool.query(
    `SELECT 'member:' || id AS k, member_wire(m) AS d FROM members m
     UNION ALL SELECT 'balance:' || member_id, balance_wire(b) FROM balances b
     UNION ALL SELECT 'reward:' || id, reward_wire(r) FROM rewards r WHERE store_id IS NULL OR store_id = $1
     UNION ALL SELECT 'rule:' || id, rule_wire(r) FROM rule_sets r WHERE store_id IS NULL OR store_id = $1
     UNION ALL SELECT 'purchase:' || purchase_id, purchase_wire(p) FROM chain_purchases p`,
    [storeId],
  );
  return new Map(r.rows.map((x) => [x.k as string, x.d]));
}

const reward = (name: string, costPoints = 100) => ({ name, kind: 'goods' as const, costPoints });

describe('pull', () => {
  it('downloads the store’s data, then pulls member, balance, rule and reward changes — never another store’s', async () => {
    const chain = await startChain(cluster);
    const storeA = await chain.createStore('A');
    const storeB = await chain.createStore('B');
    const a = await chain.enrol(storeA);
    const b = await chain.enrol(storeB);
    await ok(chain.admin('admin:saveReward', { storeId: null, reward: reward('Chain mug') }));
    await ok(chain.admin('admin:saveReward', { storeId: storeB, reward: reward('B only') }));
    const reg = b.register({ cardNumber: legacyCard(1), name: 'Li Lei' });
    await b.pushOk([reg, b.award({ memberId: reg.payload.memberId }, 'R-1', 30)]);

    const boot = await bootstrapAll(a);
    const names = boot.changes.filter((c) => c.entity === 'reward').map((c) => (c.data as { name: string }).name);
    expect(names).toEqual(['Chain mug']);
    expect(boot.changes.find((c) => c.entity === 'member')?.data).toMatchObject({
      name: 'Li Lei',
      homeStoreId: storeB,
    });
    expect(boot.changes.find((c) => c.entity === 'balance')?.data).toMatchObject({ balance: 30 });
    const replica = new Replica();
    replica.apply(boot.changes);

    await ok(chain.admin('admin:saveRules', { storeId: storeA, effectiveFrom: 0, rules: await defaultRules() }));
    await ok(chain.admin('admin:saveReward', { storeId: storeB, reward: reward('B again') }));
    await b.pushOk([b.award({ memberId: reg.payload.memberId }, 'R-2', 12)]);
    const aReg = a.register({ cardNumber: legacyCard(2) });
    await a.pushOk([aReg]);
    const pulled = await pullAll(a, boot.cursor);
    expect(pulled.changes.map((c) => c.entity).sort()).toEqual(['balance', 'balance', 'member', 'purchase', 'rule']);
    expect(pulled.pushedThrough).toBe(1);
    replica.apply(pulled.changes);
    expect(replica.rows).toEqual(await serverState(chain, storeA));

    // Nothing new: an empty pull, same position.
    const idle = await pullAll(a, pulled.cursor);
    expect(idle.changes).toEqual([]);
  });

  it('does not skip a row whose transaction commits after a later one (where `id > last` would)', async () => {
    const chain = await startChain(cluster);
    const store = await chain.createStore();
    const till = await chain.enrol(store);
    const boot = await bootstrapAll(till);
    const slow = new pg.Client({ connectionString: chain.service.pool.options.connectionString });
    const fast = new pg.Client({ connectionString: chain.service.pool.options.connectionString });
    await slow.connect();
    await fast.connect();
    try {
      const insert = `INSERT INTO rewards (id, name, kind, cost_points, created_at, updated_at)
                      VALUES ($1, $2, 'goods', 10, 0, 0)`;
      await slow.query('BEGIN');
      await slow.query(insert, [newEntityId(), 'slow']); // takes the lower change id …
      await fast.query(insert, [newEntityId(), 'fast']); // … but this one commits first
      const first = await pullAll(till, boot.cursor);
      expect(first.changes.map((c) => (c.data as { name: string }).name)).toEqual(['fast']);
      await slow.query('COMMIT');
      const second = await pullAll(till, first.cursor);
      expect(second.changes.map((c) => (c.data as { name: string }).name)).toEqual(['slow']);

      const ids = await chain.pool.query("SELECT id, data->>'name' AS name FROM sync_changes WHERE entity = 'reward'");
      const byName = Object.fromEntries(ids.rows.map((r) => [r.name, r.id as number]));
      // An `id > last seen` cursor would have stopped at 'fast' and never gone back for 'slow'.
      expect(byName.slow).toBeLessThan(byName.fast);
    } finally {
      await slow.end();
      await fast.end();
    }
  });

  it('under many writers committing out of order while a puller loops, every committed row is seen exactly once', async () => {
    const chain = await startChain(cluster, { poolMax: 4 });
    const store = await chain.createStore();
    const till = await chain.enrol(store);
    const boot = await bootstrapAll(till);
    const writers = testPool(chain.service.pool.options.connectionString!, 12);
    const WRITERS = 10;
    const TX_EACH = 30;
    let running = WRITERS;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const write = async (w: number) => {
      for (let i = 0; i < TX_EACH; i++) {
        const c = await writers.connect();
        try {
          await c.query('BEGIN');
          const rows = 1 + ((w + i) % 3);
          for (let k = 0; k < rows; k++) {
            await c.query(
              `INSERT INTO rewards (id, name, kind, cost_points, created_at, updated_at) VALUES ($1, $2, 'goods', 1, 0, 0)`,
              [newEntityId(), `w${w}-${i}-${k}`],
            );
            await sleep(Math.random() * 6);
          }
          // Some transactions abort: their rows must never be delivered.
          await c.query((w * 31 + i) % 7 === 0 ? 'ROLLBACK' : 'COMMIT');
        } finally {
          c.release();
        }
      }
      running--;
    };
    const seen: string[] = [];
    let cursor = boot.cursor;
    let pulls = 0;
    const puller = async () => {
      for (;;) {
        const done = running === 0;
        const r = await pullAll(till, cursor, 7);
        pulls++;
        seen.push(...r.changes.map((c) => (c.data as { name: string }).name));
        cursor = r.cursor;
        if (done) return;
        await sleep(Math.random() * 4);
      }
    };
    await Promise.all([...Array.from({ length: WRITERS }, (_, w) => write(w)), puller()]);

    const committed = (await chain.pool.query('SELECT name FROM rewards')).rows.map((r) => r.name as string);
    expect(committed.length).toBeGreaterThan(400);
    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    expect([...seen].sort()).toEqual([...committed].sort()); // nothing missed, nothing rolled back
    expect(pulls).toBeGreaterThan(3);
  }, 60_000);

  it('while terminals push concurrently, a puller sees every balance version exactly once and converges', async () => {
    const chain = await startChain(cluster);
    const store = await chain.createStore();
    const tills = await Promise.all(Array.from({ length: 4 }, () => chain.enrol(store)));
    const regs = tills.map((t, i) => t.register({ cardNumber: legacyCard(500 + i) }));
    await Promise.all(tills.map((t, i) => t.pushOk([regs[i]])));
    const reader = await chain.enrol(store);
    const boot = await bootstrapAll(reader);
    const replica = new Replica();
    replica.apply(boot.changes);
    const seen: string[] = [];
    let cursor = boot.cursor;
    let writing = true;
    const pushes = Promise.all(
      tills.map(async (t, i) => {
        for (let n = 0; n < 15; n++) {
          const m = regs[(i + n) % regs.length].payload.memberId;
          await t.pushOk([t.award({ memberId: m }, `R-${i}-${n}`, 1 + n), t.ledger({ memberId: m }, -1)]);
        }
      }),
    ).finally(() => (writing = false));
    for (;;) {
      const done = !writing;
      const r = await pullAll(reader, cursor, 5);
      cursor = r.cursor;
      replica.apply(r.changes);
      for (const c of r.changes)
        if (c.entity === 'balance') seen.push(`${(c.data as { memberId: string }).memberId}@${c.data.version}`);
      if (done) break;
    }
    await pushes;
    expect(new Set(seen).size).toBe(seen.length);
    // 4 terminals × 15 pushes × 2 entries, each one balance version.
    expect(seen.length).toBe(120);
    expect(replica.rows).toEqual(await serverState(chain, store));
  });

  it('pages a fresh download while changes commit, then converges by pull', async () => {
    const chain = await startChain(cluster);
    const store = await chain.createStore();
    const a = await chain.enrol(store);
    const b = await chain.enrol(store);
    const regs = Array.from({ length: 12 }, (_, i) => b.register({ cardNumber: legacyCard(100 + i) }));
    await b.pushOk(regs);
    let n = 0;
    const boot = await bootstrapAll(a, 5, async () => {
      n++;
      await b.pushOk([b.award({ memberId: regs[n % 12].payload.memberId }, `R-${n}`, n)]);
      await ok(chain.admin('admin:saveReward', { storeId: store, reward: reward(`During ${n}`) }));
    });
    const replica = new Replica();
    replica.apply(boot.changes);
    const pulled = await pullAll(a, boot.cursor, 3);
    replica.apply(pulled.changes);
    expect(n).toBeGreaterThan(3);
    expect(replica.rows).toEqual(await serverState(chain, store));
  });

  it('a cursor older than the retention is told to download afresh; a forged one is refused the same way', async () => {
    const chain = await startChain(cluster);
    const store = await chain.createStore();
    const till = await chain.enrol(store);
    const boot = await bootstrapAll(till);
    await ok(chain.admin('admin:saveReward', { storeId: null, reward: reward('Old') }));
    const { recordTick } = await import('../../src/server/pull/prune');
    chain.clock.advance(1000); // the service recorded a tick at start-up; this one comes after 'Old'
    await recordTick(chain.service.ctx);
    chain.clock.advance(60_000);
    await ok(chain.admin('admin:saveReward', { storeId: null, reward: reward('New') }));
    const pruned = await ok(chain.admin('admin:pruneChanges', { retentionMinutes: 1 }));
    expect(pruned.deleted).toBe(1);
    expect(await ok(till.req('sync:pull', { cursor: boot.cursor }))).toEqual({ kind: 'resync', reason: 'expired' });

    const fresh = await bootstrapAll(till);
    expect(fresh.changes.filter((c) => c.entity === 'reward')).toHaveLength(2);
    expect((await pullAll(till, fresh.cursor)).changes).toEqual([]);

    for (const cursor of ['nope', 'c1.' + Buffer.from('{"v":1,"prev":"9:1:"}').toString('base64url'), 'c1.%%%']) {
      expect(await ok(till.req('sync:pull', { cursor }))).toEqual({ kind: 'resync', reason: 'invalid' });
    }
  });
});

async function defaultRules() {
  const { DEFAULT_RULES } = await import('../../src/main/core/points/default-rules');
  return DEFAULT_RULES;
}
