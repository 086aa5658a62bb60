/**
 * Head office under load (issue 12): `npm run bench -- --only server` (also part of the
 * default run). Starts its own throwaway PostgreSQL cluster (test/server/pg-cluster.ts),
 * the real service on loopback, and measures, each beside a bare `pg` baseline on the
 * same cluster in the same run:
 *
 * - `server.ingest`: N simulated terminals (default 100, in 10 stores) push at once, each
 *   its next batch of `points.award` ops as soon as the last was answered — ops/s over the
 *   whole run and the batch round trip (p50/p99). Baseline `server.ingest.bare_pg`: the
 *   same number of clients, each batch one transaction of an INSERT into a journal and an
 *   UPDATE of a balance per op, through a pool as large as the service's.
 * - `server.redeem_online`: one terminal's `redeem:online` round trip, calls back to back
 *   on an idle service. Baseline `server.redeem_online.bare_pg`: one transaction of a
 *   guarded UPDATE … RETURNING and an INSERT, from one client.
 *
 * `ratio` is p50 / the baseline's p50 (as everywhere in bench-results.json);
 * `ops_ratio` is the baseline's ops/s / the service's.
 */
import { loadavg } from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import pg from 'pg';
import { newAdminToken } from '../src/server/auth/secrets';
import { migrate } from '../src/server/db/migrate';
import { createPool } from '../src/server/db/pool';
import { silentLogger, startService } from '../src/server/service';
import { chainCardNumber, createSyncClient, type PushOp, type SyncCall } from '../src/shared/sync';
import type { Result } from '../src/shared/errors';
import { startPgCluster } from '../test/server/pg-cluster';
import { percentile, round, seededRandom, type BenchResult } from './stats';

export interface ServerBenchOptions {
  terminals?: number;
  stores?: number;
  /** Batches each terminal pushes (timed), and ops per batch. */
  batches?: number;
  batchSize?: number;
  /** Members each terminal registers before the timed part. */
  membersPerTerminal?: number;
  redeems?: number;
  /** The service's pool, and the baseline's. */
  poolMax?: number;
  seed?: number;
}

async function must<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
  return r.value;
}

interface SimTerminal {
  index: number;
  call: SyncCall;
  seq: number;
  members: string[];
}

function op<K extends PushOp['kind']>(t: SimTerminal, kind: K, payload: Extract<PushOp, { kind: K }>['payload']) {
  return { seq: ++t.seq, opId: crypto.randomUUID(), at: Date.now(), staff: null, kind, payload } as Extract<
    PushOp,
    { kind: K }
  >;
}

function award(t: SimTerminal, memberId: string, points: number): PushOp {
  const totalMinor = points * 100;
  return op(t, 'points.award', {
    member: { memberId },
    purchaseId: uuidv7(),
    // Receipts are unique per store: the terminal's index and its seq make them so.
    receiptNo: `T${t.index}-${t.seq + 1}`,
    totalMinor,
    paidMinor: totalMinor,
    pointsUsed: 0,
    headOfficeRuleVersion: null,
    tierName: null,
    lines: [{ sku: null, category: null, amountMinor: totalMinor }],
    entries: [{ entryId: uuidv7(), kind: 'earn', points }],
  });
}

function summary(samples: number[], ops: number, wallMs: number): BenchResult {
  return {
    p50_ms: round(percentile(samples, 50)),
    p99_ms: round(percentile(samples, 99)),
    max_ms: round(Math.max(...samples)),
    ops_per_s: Math.round((ops * 1000) / wallMs),
    samples: samples.length,
    wall_ms: Math.round(wallMs),
  };
}

/** Runs `workers` loops at once, each `each` times; returns every iteration's duration. */
async function concurrently(workers: number, each: number, fn: (w: number, i: number) => Promise<void>) {
  const samples: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < each; i++) {
        const t = performance.now();
        await fn(w, i);
        samples.push(performance.now() - t);
      }
    }),
  );
  return { samples, wallMs: performance.now() - t0 };
}

const BARE_SCHEMA = `
  CREATE TABLE bare_balances (member_id uuid PRIMARY KEY, balance bigint NOT NULL);
  CREATE TABLE bare_journal (
    entry_id uuid PRIMARY KEY, member_id uuid NOT NULL, points bigint NOT NULL,
    receipt_no text, created_at bigint NOT NULL);`;

export async function benchServer(opts: ServerBenchOptions = {}): Promise<Record<string, BenchResult>> {
  const terminals = opts.terminals ?? 100;
  const stores = opts.stores ?? 10;
  const batches = opts.batches ?? 4;
  const batchSize = opts.batchSize ?? 50;
  const membersPerTerminal = opts.membersPerTerminal ?? 10;
  const redeems = opts.redeems ?? 500;
  const poolMax = opts.poolMax ?? 20;
  const random = seededRandom(opts.seed ?? 42);
  const loadAtStart = loadavg()[0];

  const cluster = await startPgCluster({ prefix: 'perkdesk-pg-bench-' });
  try {
    const pgUrl = await cluster.createDatabase('ho_bench');
    const migrating = createPool(pgUrl, { max: 1 });
    await migrate(migrating);
    await migrating.end();
    const adminToken = newAdminToken();
    const service = await startService({
      pgUrl,
      adminToken,
      poolMax,
      log: silentLogger,
      tickEveryMs: 0,
      pruneEveryMs: 0,
    });
    let ingest: BenchResult;
    let redeem: BenchResult;
    const members: string[] = [];
    try {
      const client = createSyncClient({ baseUrl: service.url });
      const admin = client.withCredential(adminToken);
      const storeIds: string[] = [];
      for (let s = 0; s < stores; s++)
        storeIds.push((await must(admin('admin:createStore', { name: `Store ${s}` }))).id);
      const sims: SimTerminal[] = [];
      for (let i = 0; i < terminals; i++) {
        const { code } = await must(admin('admin:issueEnrolmentCode', { storeId: storeIds[i % stores] }));
        const { credential } = await must(client.call('enrol:join', { code, terminalId: uuidv7(), name: `Till ${i}` }));
        sims.push({ index: i, call: client.withCredential(credential), seq: 0, members: [] });
      }
      // Untimed: every terminal registers its members (chain-wide, so any terminal awards any).
      let card = 0;
      await Promise.all(
        sims.map(async (t) => {
          const ops: PushOp[] = [];
          for (let m = 0; m < membersPerTerminal; m++) {
            const memberId = uuidv7();
            t.members.push(memberId);
            members.push(memberId);
            ops.push(
              op(t, 'member.register', {
                memberId,
                cardNumber: chainCardNumber(++card, '29'),
                name: `Member ${t.index}-${m}`,
                phone: null,
                email: null,
                birthday: null,
                marketingConsent: false,
                active: true,
              }),
            );
          }
          await must(t.call('sync:push', { ops }));
        }),
      );

      // Timed: everyone pushes at once.
      const plans = sims.map((t) =>
        Array.from({ length: batches }, () =>
          Array.from({ length: batchSize }, () => award(t, members[Math.floor(random() * members.length)], 100)),
        ),
      );
      let notApplied = 0;
      const pushed = await concurrently(terminals, batches, async (w, i) => {
        const r = await must(sims[w].call('sync:push', { ops: plans[w][i] }));
        notApplied += r.outcomes.filter((o) => o.status !== 'applied').length;
      });
      ingest = {
        ...summary(pushed.samples, terminals * batches * batchSize, pushed.wallMs),
        terminals,
        stores,
        batch_size: batchSize,
        not_applied: notApplied,
      };

      // Online redemption, one terminal, back to back (each member has ≥ 100 × awards received).
      const till = sims[0];
      const rich = (
        await service.pool.query<{ member_id: string }>(
          'SELECT member_id FROM balances WHERE balance >= $1 ORDER BY member_id LIMIT 50',
          [redeems],
        )
      ).rows.map((r) => r.member_id);
      if (rich.length === 0) throw new Error('no member with enough points to redeem from');
      const samples: number[] = [];
      for (let i = -20; i < redeems; i++) {
        const t = performance.now();
        await must(
          till.call('redeem:online', {
            opId: crypto.randomUUID(),
            memberId: rich[Math.abs(i) % rich.length],
            points: 1,
          }),
        );
        if (i >= 0) samples.push(performance.now() - t);
      }
      redeem = {
        ...summary(
          samples,
          samples.length,
          samples.reduce((a, b) => a + b, 0),
        ),
        calls: redeems,
      };
    } finally {
      const closing = service.close();
      service.app.server.closeAllConnections();
      await closing;
    }

    // ---- the bare baselines, same cluster, same run
    const bareUrl = await cluster.createDatabase('bare_bench');
    const bare = new pg.Pool({ connectionString: bareUrl, max: poolMax });
    let bareIngest: BenchResult;
    let bareRedeem: BenchResult;
    try {
      await bare.query(BARE_SCHEMA);
      await bare.query('INSERT INTO bare_balances SELECT unnest($1::uuid[]), 0', [members]);
      const plans = Array.from({ length: terminals }, () =>
        Array.from({ length: batches }, () =>
          // Sorted: rows locked in one order, so concurrent batches never deadlock.
          Array.from({ length: batchSize }, () => members[Math.floor(random() * members.length)]).sort(),
        ),
      );
      const done = await concurrently(terminals, batches, async (w, i) => {
        const c = await bare.connect();
        try {
          await c.query('BEGIN');
          for (const [k, memberId] of plans[w][i].entries()) {
            await c.query(
              'INSERT INTO bare_journal (entry_id, member_id, points, receipt_no, created_at) VALUES ($1, $2, 100, $3, $4)',
              [uuidv7(), memberId, `T${w}-${i}-${k}`, Date.now()],
            );
            await c.query('UPDATE bare_balances SET balance = balance + 100 WHERE member_id = $1', [memberId]);
          }
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK');
          throw err;
        } finally {
          c.release();
        }
      });
      bareIngest = summary(done.samples, terminals * batches * batchSize, done.wallMs);

      const c = await bare.connect();
      const samples: number[] = [];
      try {
        for (let i = -20; i < redeems; i++) {
          const memberId = members[Math.abs(i) % 50];
          const t = performance.now();
          await c.query('BEGIN');
          const r = await c.query(
            'UPDATE bare_balances SET balance = balance - 1 WHERE member_id = $1 AND balance >= 1 RETURNING balance',
            [memberId],
          );
          if (r.rowCount !== 1) throw new Error('bare redeem: no balance');
          await c.query(
            'INSERT INTO bare_journal (entry_id, member_id, points, receipt_no, created_at) VALUES ($1, $2, -1, NULL, $3)',
            [uuidv7(), memberId, Date.now()],
          );
          await c.query('COMMIT');
          if (i >= 0) samples.push(performance.now() - t);
        }
      } finally {
        c.release();
      }
      bareRedeem = summary(
        samples,
        samples.length,
        samples.reduce((a, b) => a + b, 0),
      );
    } finally {
      await bare.end();
    }

    const load = { load_avg_1m_at_start: round(loadAtStart, 2), load_avg_at_end: loadavg().map((x) => round(x, 2)) };
    return {
      'server.ingest': {
        ...ingest,
        ratio: round(ingest.p50_ms! / bareIngest.p50_ms!, 2),
        ops_ratio: round(bareIngest.ops_per_s! / ingest.ops_per_s!, 2),
        baseline: 'server.ingest.bare_pg',
        ...load,
      },
      'server.ingest.bare_pg': bareIngest,
      'server.redeem_online': {
        ...redeem,
        ratio: round(redeem.p50_ms! / bareRedeem.p50_ms!, 2),
        baseline: 'server.redeem_online.bare_pg',
        ...load,
      },
      'server.redeem_online.bare_pg': bareRedeem,
    };
  } finally {
    cluster.stop();
  }
}
