/**
 * `npx tsx bench/write-shapes.ts [--members 5000 --entries 50000 --calls 400]`
 *
 * The award's write shape, option by option (issue 13 item 2): one small generated store,
 * copied once per shape; each copy gets the shape's schema change, then the same awards
 * (through the dispatcher, as the counter sends them) interleaved call by call with a bare
 * single-row commit in a file next to it, both at WAL + synchronous=FULL. Per shape: WAL
 * frames per award (pages each commit writes and fsyncs), how many B-trees it touches,
 * p50 / p99, and the p50 ratio to the bare commit of the same run.
 *
 * Shapes marked "what-if" remove something a reader or a check needs: they say what it
 * costs, not that it may go. Prints a Markdown table (the README's benchmark section).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore, type Core } from '../src/main/core/open-core';
import { BENCH_STAFF } from './cache';
import { generateMembers } from './generate-members';
import { generateLedger } from './generate-ledger';
import { percentile, round } from './stats';
import { walPagesByTree } from './write-anatomy';

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '5000' },
    entries: { type: 'string', default: '50000' },
    calls: { type: 'string', default: '400' },
  },
});

interface Shape {
  name: string;
  sql: string;
}

const SHAPES: Shape[] = [
  {
    name: 'v17: main before this branch (with `points_lots_open`)',
    sql: 'CREATE INDEX points_lots_open ON points_lots(member_id, earned_at, id) WHERE remaining > 0',
  },
  { name: 'v18: `points_lots_open` dropped (migration 018)', sql: '' },
  {
    name: 'v18 − audit record indexes (what-if)',
    sql: 'DROP INDEX audit_log_action; DROP INDEX audit_log_actor; DROP INDEX audit_log_at',
  },
  {
    name: 'v18 − maintained totals (hour and member-month triggers; what-if)',
    sql: `DROP TRIGGER points_report_hours_purchase; DROP TRIGGER points_report_hours_points;
          DROP TRIGGER points_member_months_purchase; DROP TRIGGER points_member_months_points`,
  },
  {
    name: 'v18 − created-at / period indexes (what-if)',
    sql: 'DROP INDEX points_ledger_created; DROP INDEX points_purchases_period',
  },
];

async function signIn(core: Core, role: keyof typeof BENCH_STAFF): Promise<string> {
  const r = await core.dispatch('auth:signIn', {
    username: BENCH_STAFF[role].username,
    password: BENCH_STAFF[role].password,
  });
  if (!r.ok) throw new Error(`${role} cannot sign in: ${r.error.message}`);
  return (r.value as { token: string }).token;
}

async function buildStore(path: string, members: number, entries: number): Promise<void> {
  const core = openCore({ dbPath: path, log: { error: (m, e) => console.error(m, e) } });
  try {
    const setup = await core.dispatch('auth:setupOwner', BENCH_STAFF.owner);
    if (!setup.ok) throw new Error(setup.error.message);
    const owner = await signIn(core, 'owner');
    const r = await core.dispatch('staff:create', { ...BENCH_STAFF.cashier, role: 'cashier' }, { token: owner });
    if (!r.ok) throw new Error(r.error.message);
    generateMembers(core.db, members, 42);
    generateLedger(core.db, { entries, members, seed: 42 });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    core.close();
  }
}

async function measure(base: string, dir: string, shape: Shape, calls: number) {
  const path = join(dir, 'shape.sqlite');
  for (const s of ['', '-wal', '-shm', '.key']) rmSync(path + s, { force: true });
  copyFileSync(base, path);
  // The store's audit key lives beside it (keys/load-keys.ts): a copy needs its key too.
  copyFileSync(`${base}.key`, `${path}.key`);
  if (shape.sql) {
    const db = new Database(path);
    db.exec(shape.sql);
    db.close();
  }
  const core = openCore({ dbPath: path, log: { error: (m, e) => console.error(m, e) } });
  const bare = new Database(join(dir, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, op TEXT NOT NULL, v INTEGER NOT NULL) STRICT');
  const ins = bare.prepare('INSERT INTO bare (op, v) VALUES (?, ?)');
  try {
    const token = await signIn(core, 'cashier');
    const ids = core.db
      .prepare('SELECT id FROM members WHERE active = 1 AND erased_at IS NULL ORDER BY seq LIMIT 500')
      .pluck()
      .all() as string[];
    let k = 0;
    const award = async () => {
      const i = k++;
      const r = await core.dispatch(
        'points:award',
        {
          opId: randomUUID(),
          memberId: ids[(i * 37) % ids.length],
          receiptNo: `SHAPE-${i}`,
          totalMinor: 500 + ((i * 7919) % 30_000),
        },
        { token },
      );
      if (!r.ok) throw new Error(`award: ${r.error.code} ${r.error.message}`);
    };
    const op: number[] = [];
    const base: number[] = [];
    for (let i = -30; i < calls; i++) {
      const a = performance.now();
      ins.run(randomUUID(), i);
      const b = performance.now();
      await award();
      const c = performance.now();
      if (i >= 0) {
        base.push(b - a);
        op.push(c - b);
      }
    }
    // Frames: 20 awards after the WAL was emptied (the policy's checkpoint waits for 32).
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < 20; i++) await award();
    const { frames, trees } = walPagesByTree(core.db);
    const treeCount = Object.keys(trees).filter((t) => !t.startsWith('sqlite_schema') && t !== 'free/other').length;
    const p50 = percentile(op, 50);
    const bareP50 = percentile(base, 50);
    return {
      shape: shape.name,
      frames: round(frames / 20, 1),
      trees: treeCount,
      p50: round(p50),
      p99: round(percentile(op, 99)),
      bareP50: round(bareP50),
      bareP99: round(percentile(base, 99)),
      ratio: round(p50 / bareP50, 2),
    };
  } finally {
    core.close();
    bare.close();
  }
}

/**
 * The floor: bare commits writing one row into each of k tables (k leaf pages), interleaved
 * with the single-row commit. What a shape of k pages costs with no app code at all, so a
 * shape's frames say how near 1.5 it could ever get on this disk.
 */
function bareTrees(dir: string, ks: number[], calls: number) {
  const path = join(dir, 'trees.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const max = Math.max(...ks);
  for (let t = 0; t < max; t++) db.exec(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, op TEXT NOT NULL) STRICT`);
  const ins = Array.from({ length: max }, (_, t) => db.prepare(`INSERT INTO t${t} (op) VALUES (?)`));
  const write = (k: number) =>
    db.transaction(() => {
      for (let t = 0; t < k; t++) ins[t].run(randomUUID());
    });
  const txns = new Map(ks.map((k) => [k, write(k)]));
  const one = write(1);
  return ks.map((k) => {
    const op: number[] = [];
    const base: number[] = [];
    for (let i = -30; i < calls; i++) {
      const a = performance.now();
      one.immediate();
      const b = performance.now();
      txns.get(k)!.immediate();
      const c = performance.now();
      if (i >= 0) {
        base.push(b - a);
        op.push(c - b);
      }
    }
    const p50 = percentile(op, 50);
    const bareP50 = percentile(base, 50);
    return {
      shape: `bare: one row in each of ${k} tables (no app code)`,
      frames: k,
      trees: k,
      p50: round(p50),
      p99: round(percentile(op, 99)),
      bareP50: round(bareP50),
      bareP99: round(percentile(base, 99)),
      ratio: round(p50 / bareP50, 2),
    };
  });
}

async function main() {
  const members = Number(args.members);
  const entries = Number(args.entries);
  const calls = Number(args.calls);
  const dir = mkdtempSync(join(tmpdir(), 'perkdesk-shapes-'));
  const load0 = loadavg().map((x) => x.toFixed(2));
  try {
    const base = join(dir, 'base.sqlite');
    console.error(`building ${members} members / ${entries} entries (load ${load0.join(' / ')})`);
    await buildStore(base, members, entries);
    const rows = [];
    for (const shape of SHAPES) {
      rows.push(await measure(base, dir, shape, calls));
      console.error(`  ${shape.name}: done (load ${loadavg()[0].toFixed(2)})`);
    }
    rows.push(...bareTrees(dir, [2, 6, 12, 23], calls));
    const load1 = loadavg().map((x) => x.toFixed(2));
    console.log(
      `${members} members / ${entries} entries, ${calls} awards per shape (tight loop), ${new Date().toISOString()}, ` +
        `load average ${load0.join(' / ')} at start, ${load1.join(' / ')} at end\n`,
    );
    console.log('| shape | WAL frames / award | B-trees written | p50 ms | p99 ms | bare p50 / p99 ms | ratio (p50) |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      console.log(
        `| ${r.shape} | ${r.frames} | ${r.trees} | ${r.p50} | ${r.p99} | ${r.bareP50} / ${r.bareP99} | ${r.ratio} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
