import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import type { Core } from '../src/main/core/open-core';
import { percentile, round, summarize, type BenchResult } from './stats';

/**
 * Recording a purchase (`points:award`) and redeeming a reward (`rewards:redeem`)
 * through the dispatcher, as the counter does — validation, session and role, one
 * IMMEDIATE transaction at WAL + synchronous=FULL with every ledger write (entry,
 * cached balance, lot, purchase and line / stock and redemption) and its commit.
 *
 * In the same run, interleaved call by call so both see the same disk and cache state,
 * a bare better-sqlite3 single-row INSERT committed at the same pragmas in a file next to
 * the database: `ratio` = p50 / bare p50 says how many "bare durable writes" one award
 * costs. Goals: award p99 <= 3 ms, ratio <= 1.5.
 */
export interface BenchAwardOptions {
  /** A cashier session token (the runner passes one). */
  token: string;
  /** For creating the bench reward; defaults to `token` (which must then be a manager's). */
  managerToken?: string;
  iterations?: number;
  warmup?: number;
  seed?: number;
  /** Calls in the paced run (`award.paced`, `redeem.paced`); 0 skips it. */
  pacedIterations?: number;
  /** The pause between paced calls, like a cashier's (default 20 ms). */
  paceMs?: number;
}

/**
 * How calls follow each other. `tight`: back to back in one turn of the event loop (the
 * upper bound of throughput; nothing the core schedules "after the reply" gets to run).
 * `paced`: as the counter sees them — each call a new macrotask after the reply has gone
 * (setImmediate, as an IPC message is), `pauseMs` apart.
 */
type Pace = { kind: 'tight' } | { kind: 'paced'; pauseMs: number };
const nextTurn = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Timed {
  op: number[];
  bare: number[];
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bare comparison: one row, one commit, same journal and sync settings. */
function openBare(dbPath: string) {
  const path = `${dbPath}.bare-${process.pid}.sqlite`;
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, op TEXT NOT NULL, v INTEGER NOT NULL) STRICT');
  const ins = db.prepare('INSERT INTO bare (op, v) VALUES (?, ?)');
  return {
    write: (v: number) => ins.run(randomUUID(), v),
    close: () => {
      db.close();
      for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    },
  };
}

/** Random active members, sampled by seq (no full scan); `minBalance` for redemptions. */
function sampleMembers(core: Core, count: number, rand: () => number, minBalance: number): string[] {
  if (minBalance > 0) {
    const ids = core.db
      .prepare('SELECT member_id FROM points_balances WHERE balance >= ? LIMIT ?')
      .pluck()
      .all(minBalance, count * 4) as string[];
    const live = core.db.prepare('SELECT 1 FROM members WHERE id = ? AND active = 1 AND erased_at IS NULL');
    return ids.filter((id) => live.get(id)).sort(() => rand() - 0.5);
  }
  const { lo, hi } = core.db.prepare('SELECT min(seq) AS lo, max(seq) AS hi FROM members').get() as {
    lo: number | null;
    hi: number | null;
  };
  if (lo === null || hi === null) throw new Error('bench: no members');
  const get = core.db
    .prepare('SELECT id FROM members WHERE seq >= ? AND active = 1 AND erased_at IS NULL ORDER BY seq LIMIT 1')
    .pluck();
  const out: string[] = [];
  while (out.length < count) {
    const id = get.get(lo + Math.floor(rand() * (hi - lo + 1))) as string | undefined;
    if (id) out.push(id);
  }
  return out;
}

async function interleaved(
  core: Core,
  iterations: number,
  warmup: number,
  op: (i: number) => Promise<void>,
  pace: Pace = { kind: 'tight' },
): Promise<Timed> {
  const bare = openBare(core.config.dbPath);
  const t: Timed = { op: [], bare: [] };
  try {
    for (let i = -warmup; i < iterations; i++) {
      const a = performance.now();
      bare.write(i);
      const b = performance.now();
      await op(i);
      const c = performance.now();
      if (i >= 0) {
        t.bare.push(b - a);
        t.op.push(c - b);
      }
      if (pace.kind === 'paced') {
        await nextTurn();
        if (pace.pauseMs > 0) await sleep(pace.pauseMs);
      }
    }
  } finally {
    bare.close();
  }
  return t;
}

function result(t: Timed, core: Core, pace: Pace, checkpointsBefore: Core['checkpoints']['stats']): BenchResult {
  const op = summarize(t.op);
  const cp = core.checkpoints.stats;
  const bare = summarize(t.bare);
  return {
    ...op,
    ratio: Number(((op.p50_ms ?? 0) / (bare.p50_ms ?? 1)).toFixed(2)),
    baseline: 'bare single-row INSERT commit (same run, interleaved)',
    bare_p50_ms: bare.p50_ms,
    bare_p99_ms: bare.p99_ms,
    // The tail beyond p99 (WAL checkpoints land here when they are rarer but larger).
    p999_ms: round(percentile(t.op, 99.9)),
    max_ms: round(Math.max(...t.op)),
    goals: { p99_ms: 3, ratio: 1.5 },
    pace: pace.kind === 'tight' ? 'tight loop' : `a turn of the event loop + ${pace.pauseMs} ms between calls`,
    // Checkpoints during the run: after the reply (scheduled) or inline at the WAL cap.
    checkpoints_scheduled: cp.scheduled - checkpointsBefore.scheduled,
    checkpoints_inline: cp.inline - checkpointsBefore.inline,
    wal_mb_at_end: round(walBytes(core) / 1024 / 1024, 1),
  };
}

function walBytes(core: Core): number {
  try {
    return statSync(`${core.config.dbPath}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Pages written per call: WAL frames appended by 20 calls after the WAL was emptied
 * (TRUNCATE checkpoint), divided by 20. Each frame is one page image (4 KB + 24 B header)
 * the commit fsyncs, so this is the write shape's cost in its own unit (issue 13: a WAL
 * commit here costs ≈ 0.26 ms + 10 µs per page). The policy's checkpoints do not run
 * within 20 back-to-back calls (they wait for the loop, or for 128 writes).
 */
async function framesPerOp(core: Core, op: () => Promise<void>): Promise<number | null> {
  const n = 20;
  const [r] = core.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (r?.busy || walBytes(core) !== 0) return null; // a reader held the WAL: no clean count
  for (let i = 0; i < n; i++) await op();
  const page = core.db.pragma('page_size', { simple: true }) as number;
  return round((walBytes(core) - 32) / (page + 24) / n, 1);
}

/** Runs `op` tight, then (unless pacedIterations is 0) paced; results as `name` and `name.paced`. */
async function tightAndPaced(
  core: Core,
  name: string,
  opts: BenchAwardOptions,
  op: (i: number) => Promise<void>,
): Promise<Record<string, BenchResult>> {
  const iterations = opts.iterations ?? 2000;
  const warmup = opts.warmup ?? 50;
  const out: Record<string, BenchResult> = {};
  // Every call gets the next number (receipts stay unique, each redemption its own queue slot).
  let k = 0;
  const next = () => op(k++);
  let before = { ...core.checkpoints.stats };
  const tight: Pace = { kind: 'tight' };
  out[name] = result(await interleaved(core, iterations, warmup, next, tight), core, tight, before);
  out[name].wal_frames_per_op = await framesPerOp(core, next);
  const paced = opts.pacedIterations ?? 300;
  if (paced > 0) {
    const pace: Pace = { kind: 'paced', pauseMs: opts.paceMs ?? 20 };
    before = { ...core.checkpoints.stats };
    const t = await interleaved(core, paced, 10, next, pace);
    out[`${name}.paced`] = result(t, core, pace, before);
  }
  return out;
}

export async function benchAward(core: Core, opts: BenchAwardOptions): Promise<Record<string, BenchResult>> {
  const rand = rng(opts.seed ?? 7);
  const members = sampleMembers(core, 500, rand, 0);
  const run = `${process.pid}-${Date.now().toString(36)}`;
  return tightAndPaced(core, 'award', opts, async (i) => {
    const r = await core.dispatch(
      'points:award',
      {
        opId: randomUUID(),
        memberId: members[i % members.length],
        receiptNo: `BENCH-${run}-${i}`,
        totalMinor: 500 + Math.floor(rand() * 30_000),
      },
      { token: opts.token },
    );
    if (!r.ok) throw new Error(`points:award failed: ${r.error.code} ${r.error.message}`);
  });
}

export async function benchRedeem(core: Core, opts: BenchAwardOptions): Promise<Record<string, BenchResult>> {
  const iterations = opts.iterations ?? 2000;
  const warmup = opts.warmup ?? 50;
  const rand = rng(opts.seed ?? 11);
  const cost = 100;
  const created = await core.dispatch(
    'rewards:create',
    {
      name: 'Bench coupon',
      kind: 'coupon',
      costPoints: cost,
      stock: iterations + warmup + (opts.pacedIterations ?? 300) + 40,
    },
    { token: opts.managerToken ?? opts.token },
  );
  if (!created.ok) throw new Error(`rewards:create failed: ${created.error.message}`);
  const rewardId = (created.value as { id: string }).id;
  // Each member redeems at most balance / cost times, so no call is refused for points.
  const paced = opts.pacedIterations ?? 300;
  const calls = iterations + warmup + 20 + (paced > 0 ? paced + 10 : 0);
  const pool = sampleMembers(core, 1000, rand, cost);
  const left = new Map<string, number>();
  const balance = core.db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').pluck();
  for (const id of pool) left.set(id, Math.floor((balance.get(id) as number) / cost));
  const queue = pool.flatMap((id) => Array.from({ length: Math.min(left.get(id)!, 5) }, () => id));
  if (queue.length < calls) {
    throw new Error(`bench: only ${queue.length} affordable redemptions in the sample; generate more history`);
  }
  queue.sort(() => rand() - 0.5);
  return tightAndPaced(core, 'redeem', opts, async (i) => {
    const r = await core.dispatch(
      'rewards:redeem',
      { opId: randomUUID(), memberId: queue[i], rewardId },
      { token: opts.token },
    );
    if (!r.ok) throw new Error(`rewards:redeem failed: ${r.error.code} ${r.error.message}`);
  });
}
