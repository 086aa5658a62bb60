/**
 * `npm run bench [-- --members N --entries N --out FILE --seed S --only a,b --startup-runs K --pristine]`
 *   --only       any of baseline,lookups,startup,award,redeem,export,reports,chores,server
 *   --terminals / --batches  server: simulated terminals pushing at once (default 100), batches each (default 4)
 *   --pristine   run on a throw-away copy of the cached dataset (default: on the cache itself)
 *   --iterations award/redeem calls in the tight loop (default 2000); --paced K paced calls (default 300, 0 = none)
 *   --checkpoint after-reply (default: db/checkpoint-policy.ts) or sqlite (SQLite's inline
 *                auto-checkpoint, as before issue 13: the comparison in one run)
 *   --dataset F  benchmark this database file instead of the generated one (needs the bench staff)
 * `npx tsx bench/run.ts --markdown bench-results.json` prints a README-ready table of a past run.
 *
 * Generates (or reuses from .bench-cache/) a database of N members and N ledger entries,
 * then runs each benchmark in its own child process — so each reports its own peak RSS
 * and start-up is measured in a fresh process — next to a bare better-sqlite3 baseline.
 * Prints a table and writes bench-results.json. A benchmark whose module another area
 * has not written yet is reported as skipped, never as a failure of the whole run.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openCore, type Core } from '../src/main/core/open-core';
import {
  BENCH_STAFF,
  CACHE_DIR,
  ROOT,
  baselinePath,
  datasetPath,
  ensureCached,
  schemaKey,
  type DatasetSpec,
} from './cache';
import { buildBaseline, runBaseline } from './baseline';
import { startupBreakdown, startupOnce, type StartupRun } from './startup';
import { normalize, peakRssMb, percentile, resetPeakRss, round, type BenchResult } from './stats';

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    entries: { type: 'string', default: '10000000' },
    out: { type: 'string', default: 'bench-results.json' },
    seed: { type: 'string', default: '42' },
    only: { type: 'string' },
    'startup-runs': { type: 'string', default: '3' },
    pristine: { type: 'boolean', default: false },
    markdown: { type: 'string' },
    dataset: { type: 'string' },
    iterations: { type: 'string' },
    paced: { type: 'string' },
    checkpoint: { type: 'string', default: 'after-reply' },
    task: { type: 'string' },
    db: { type: 'string' },
    terminals: { type: 'string' },
    batches: { type: 'string' },
  },
});

const LOAD_AT_START = loadavg()[0];
/** The 1, 5 and 15 minute load averages: on a shared machine they say how noisy a figure is. */
const loadText = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
const spec: DatasetSpec = { members: Number(args.members), entries: Number(args.entries), seed: Number(args.seed) };
const NAMES = [
  'lookup.card',
  'lookup.phone',
  'lookup.phone_last4',
  'lookup.name',
  'lookup.name_cjk2',
  'award',
  'redeem',
  'export.ledger',
  'startup',
] as const;

type Outcome = BenchResult | { skipped: string };
type TaskOutput = Record<string, Outcome>;

// ---------------------------------------------------------------- tasks (child side)

/** Loads another area's benchmark module, or explains why it cannot yet. */
async function loadModule(file: string, exportName: string): Promise<((...a: unknown[]) => unknown) | string> {
  const path = join(ROOT, 'bench', file);
  if (!existsSync(path)) return `module not present yet (bench/${file})`;
  try {
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const fn = mod[exportName];
    return typeof fn === 'function'
      ? (fn as (...a: unknown[]) => unknown)
      : `bench/${file} does not export ${exportName} yet`;
  } catch (err) {
    return `bench/${file} failed to load: ${String(err).slice(0, 200)}`;
  }
}

async function signIn(core: Core, role: keyof typeof BENCH_STAFF): Promise<string> {
  const r = await core.dispatch('auth:signIn', {
    username: BENCH_STAFF[role].username,
    password: BENCH_STAFF[role].password,
  });
  if (!r.ok) throw new Error(`bench ${role} cannot sign in: ${r.error.message}`);
  return (r.value as { token: string }).token;
}

/** What every area module receives besides the core. */
async function moduleOptions(core: Core, dbPath: string) {
  return {
    ...spec,
    seed: spec.seed,
    dbPath,
    token: await signIn(core, 'cashier'),
    cashierToken: await signIn(core, 'cashier'),
    managerToken: await signIn(core, 'manager'),
    ownerToken: await signIn(core, 'owner'),
    outDir: mkdtempSync(join(tmpdir(), 'perkdesk-bench-out-')),
    ...(args.iterations ? { iterations: Number(args.iterations) } : {}),
    ...(args.paced ? { pacedIterations: Number(args.paced) } : {}),
  };
}

/** Runs one area benchmark (module + export) on the core; results keyed by benchmark name. */
async function areaTask(file: string, exportName: string, names: string[], dbPath: string): Promise<TaskOutput> {
  const fn = await loadModule(file, exportName);
  if (typeof fn === 'string') return Object.fromEntries(names.map((n) => [n, { skipped: fn }]));
  const core = openCore({
    dbPath,
    skipStartupChecks: true,
    log: { error: (m, e) => console.error(m, e) },
    checkpoints: { sqliteAuto: args.checkpoint === 'sqlite' },
  });
  // A large store is quick_checked in a worker after open: let it finish first, so that
  // ~20 s of whole-file reads do not run under the timings (start-up measures it apart).
  const ti = performance.now();
  await core.integrity;
  console.error(`    ${file}: background integrity check took ${((performance.now() - ti) / 1000).toFixed(1)} s`);
  const opts = await moduleOptions(core, dbPath);
  // The benchmark's own peak, not the open's (openCore's quick_check reads the whole file).
  const peakIsOwn = resetPeakRss();
  try {
    const raw = (await fn(core, opts)) as unknown;
    const out: TaskOutput = {};
    // A module returns either one result (single name) or a record keyed by benchmark name.
    const keyed =
      raw && typeof raw === 'object' && !Array.isArray(raw) && names.some((n) => n in (raw as object))
        ? (raw as Record<string, unknown>)
        : { [names[0]]: raw };
    const peak = peakRssMb();
    for (const [name, value] of Object.entries(keyed)) {
      const r = normalize(value);
      if (peakIsOwn) {
        if (r.peak_rss_mb !== undefined) r.peak_rss_mb_reported_by_module = r.peak_rss_mb;
        r.peak_rss_mb = peak;
      }
      out[name] = r;
    }
    for (const n of names) out[n] ??= { skipped: `bench/${file} returned no ${n}` };
    return out;
  } finally {
    core.close();
    rmSync(opts.outDir, { recursive: true, force: true });
  }
}

async function runTask(task: string, dbPath: string): Promise<TaskOutput> {
  switch (task) {
    case 'baseline':
      return runBaseline({
        baselinePath: baselinePath(spec.members),
        rows: spec.members,
        datasetPath: dbPath,
        seed: spec.seed,
      });
    case 'lookups':
      return areaTask(
        'lookup.ts',
        'benchLookups',
        NAMES.filter((n) => n.startsWith('lookup.')),
        dbPath,
      );
    case 'award':
      return areaTask('award.ts', 'benchAward', ['award'], dbPath);
    case 'redeem':
      return areaTask('award.ts', 'benchRedeem', ['redeem'], dbPath);
    case 'export':
      return areaTask('export.ts', 'benchExportLedger', ['export.ledger'], dbPath);
    case 'reports':
      return areaTask('reports.ts', 'benchReports', ['reports.page.today'], dbPath);
    case 'chores':
      return areaTask('chores.ts', 'benchChores', ['checks.daily.main_thread'], dbPath);
    case 'server': {
      // Head office on its own throwaway PostgreSQL cluster: no SQLite dataset involved.
      const fn = await loadModule('server.ts', 'benchServer');
      if (typeof fn === 'string') return { 'server.ingest': { skipped: fn } };
      return (await fn({
        seed: spec.seed,
        ...(args.terminals ? { terminals: Number(args.terminals) } : {}),
        ...(args.batches ? { batches: Number(args.batches) } : {}),
      })) as TaskOutput;
    }
    case 'startup':
      return { startup: (await startupOnce(dbPath)) as unknown as BenchResult };
    case 'startup-breakdown':
      return { breakdown: await startupBreakdown(dbPath) };
    default:
      throw new Error(`unknown task ${task}`);
  }
}

// ---------------------------------------------------------------- runner (parent side)

function childTask(task: string, dbPath: string): Promise<TaskOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'bench', 'run.ts'),
        '--task',
        task,
        '--db',
        dbPath,
        '--members',
        String(spec.members),
        '--entries',
        String(spec.entries),
        '--seed',
        String(spec.seed),
        '--checkpoint',
        args.checkpoint!,
        ...(args.iterations ? ['--iterations', args.iterations] : []),
        ...(args.paced ? ['--paced', args.paced] : []),
        ...(args.terminals ? ['--terminals', args.terminals] : []),
        ...(args.batches ? ['--batches', args.batches] : []),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.on('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as TaskOutput);
      else reject(new Error(`task ${task} exited ${code}: ${stdout.slice(-500)}`));
    });
  });
}

/** Creates the staff the benchmarks sign in as (through the dispatcher, real bcrypt cost). */
async function seedStaff(core: Core) {
  const setup = await core.dispatch('auth:setupOwner', BENCH_STAFF.owner);
  if (!setup.ok) throw new Error(`setupOwner: ${setup.error.message}`);
  const owner = await signIn(core, 'owner');
  for (const role of ['manager', 'cashier'] as const) {
    const r = await core.dispatch('staff:create', { ...BENCH_STAFF[role], role }, { token: owner });
    if (!r.ok) throw new Error(`staff:create ${role}: ${r.error.message}`);
  }
}

interface Generation {
  cached: boolean;
  members_ms?: number;
  ledger_ms?: number;
  total_ms: number;
  file_mb: number;
  notes: string[];
}

async function generate(target: string): Promise<Generation> {
  const notes: string[] = [];
  const timings: Partial<Generation> = {};
  const t0 = performance.now();
  const cached = !(await ensureCached(target, async (tmp) => {
    const core = openCore({ dbPath: tmp, log: { error: (m, e) => console.error(m, e) } });
    try {
      await seedStaff(core);
      const genMembers = await loadModule('generate-members.ts', 'generateMembers');
      if (typeof genMembers === 'string') notes.push(`members: ${genMembers}`);
      else {
        const t = performance.now();
        await genMembers(core.db, spec.members, spec.seed);
        timings.members_ms = Math.round(performance.now() - t);
        console.error(`  generated ${spec.members} members in ${(timings.members_ms / 1000).toFixed(1)} s`);
      }
      const genLedger = await loadModule('generate-ledger.ts', 'generateLedger');
      if (typeof genLedger === 'string') notes.push(`ledger: ${genLedger}`);
      else {
        const t = performance.now();
        const report = (await genLedger(core.db, {
          entries: spec.entries,
          members: spec.members,
          seed: spec.seed,
        })) as {
          phases: Record<string, number>;
        };
        timings.ledger_ms = Math.round(performance.now() - t);
        const phases = Object.entries(report.phases)
          .map(([k, ms]) => `${k.replace(/_ms$/, '')} ${(ms / 1000).toFixed(1)} s`)
          .join(', ');
        console.error(
          `  generated ${spec.entries} ledger entries in ${(timings.ledger_ms / 1000).toFixed(1)} s (${phases})`,
        );
      }
      core.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      core.close();
    }
  }));
  return {
    cached,
    ...timings,
    total_ms: Math.round(performance.now() - t0),
    file_mb: Math.round(statSync(target).size / (1024 * 1024)),
    notes,
  };
}

function machine() {
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    sqlite,
    platform: `${process.platform} ${process.arch}`,
    // The machine is shared: a high load average at the start explains slow, noisy figures.
    load_avg_1m_at_start: round(LOAD_AT_START, 2),
    load_avg_at_end: loadavg().map((x) => round(x, 2)),
    checkpoints: args.checkpoint,
  };
}

/** The benchmark names each task produces (for reporting a failed task). */
const TASK_NAMES: Record<string, string[]> = {
  baseline: ['baseline.read_key', 'baseline.read_range', 'baseline.write_txn', 'baseline.scan', 'baseline.open'],
  lookups: NAMES.filter((n) => n.startsWith('lookup.')),
  award: ['award'],
  redeem: ['redeem'],
  export: ['export.ledger'],
  reports: ['reports.page.today'],
  chores: ['checks.daily.main_thread'],
  server: ['server.ingest', 'server.redeem_online'],
};

/** Which baseline each benchmark is compared with. */
const BASELINE_OF: Record<string, string> = {
  'lookup.card': 'baseline.read_key',
  'lookup.phone': 'baseline.read_key',
  'lookup.phone_last4': 'baseline.read_range',
  'lookup.name': 'baseline.read_range',
  'lookup.name_cjk2': 'baseline.read_range',
  award: 'baseline.write_txn',
  redeem: 'baseline.write_txn',
  'export.ledger': 'baseline.scan',
  startup: 'baseline.open',
};

function summarizeStartup(runs: StartupRun[], breakdown: Record<string, number> | undefined): BenchResult {
  const ready = runs.map((r) => r.ready_ms);
  return {
    p50_ms: round(percentile(ready, 50), 1),
    p99_ms: round(percentile(ready, 99), 1),
    peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)),
    rss_mb: Math.round(
      percentile(
        runs.map((r) => r.rss_mb),
        50,
      ),
    ),
    runs: runs.length,
    open_ms: runs.map((r) => r.open_ms),
    first_lookup_ms: runs.map((r) => r.first_lookup_ms),
    sign_in_ms_p50: percentile(
      runs.map((r) => r.sign_in_ms),
      50,
    ),
    breakdown,
    problems: [...new Set(runs.flatMap((r) => r.problems))].slice(0, 10),
  };
}

function printTable(results: Record<string, Outcome>) {
  const rows = Object.entries(results).map(([name, r]) => {
    if ('skipped' in r) return [name, '', '', '', '', '', `skipped: ${r.skipped}`];
    const f = (x: unknown) => (typeof x === 'number' ? String(x) : '');
    return [name, f(r.p50_ms), f(r.p99_ms), f(r.ops_per_s), f(r.ratio), f(r.peak_rss_mb), ''];
  });
  const header = ['name', 'p50 ms', 'p99 ms', 'ops/s', 'ratio', 'peak RSS MB', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 6 ? 0 : r[i].length))));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 6 ? c : i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
}

async function main() {
  const started = performance.now();
  const only = args.only ? new Set(args.only.split(',')) : null;
  const wants = (task: string) => !only || only.has(task);
  console.error(
    `bench: ${spec.members} members, ${spec.entries} ledger entries, seed ${spec.seed}, schema ${schemaKey()}, ` +
      `checkpoints ${args.checkpoint}, load average ${loadText()}`,
  );

  // --dataset: benchmark an existing file (an earlier cache entry, a copy of a real store
  // that has the bench staff) instead of generating one.
  const target = args.dataset ? resolve(args.dataset) : datasetPath(spec);
  // `--only server` needs no SQLite dataset (it brings its own PostgreSQL cluster).
  const serverOnly = only !== null && [...only].every((t) => t === 'server');
  const generation: Generation = serverOnly
    ? { cached: true, total_ms: 0, file_mb: 0, notes: ['--only server: no SQLite dataset'] }
    : args.dataset
      ? {
          cached: true,
          total_ms: 0,
          file_mb: Math.round(statSync(target).size / (1024 * 1024)),
          notes: [`--dataset ${target}`],
        }
      : await generate(target);
  if (!serverOnly)
    console.error(
      generation.cached
        ? `  dataset from cache: ${target} (${generation.file_mb} MB)`
        : `  dataset generated in ${(generation.total_ms / 1000).toFixed(1)} s (${generation.file_mb} MB)`,
    );
  for (const n of generation.notes) console.error(`  note: ${n}`);
  const tb = performance.now();
  const baselineBuilt =
    !serverOnly && (await ensureCached(baselinePath(spec.members), async (tmp) => buildBaseline(tmp, spec.members)));
  const baselineBuildMs = Math.round(performance.now() - tb);

  // Benchmarks that write (award, redeem: a few thousand rows; an export run record; the
  // expiry chore at start-up) run on the cached file itself by default: copying a 10M-entry
  // database costs minutes, and the drift (< 0.1% rows per run) does not move the numbers.
  // --pristine works on a throw-away copy instead.
  const work = args.pristine && !serverOnly ? join(CACHE_DIR, `work-${process.pid}.sqlite`) : target;
  const tc = performance.now();
  if (args.pristine && !serverOnly) {
    copyFileSync(target, work);
    // Its key file (and other side files, named after the store) go with it.
    for (const side of ['.key', '.erasures.jsonl', '.exported-head.json'])
      if (existsSync(target + side)) copyFileSync(target + side, work + side);
  }
  const copyMs = Math.round(performance.now() - tc);
  const results: Record<string, Outcome> = {};
  try {
    const run = async (task: string) => {
      const t = performance.now();
      try {
        Object.assign(results, await childTask(task, work));
      } catch (err) {
        console.error(`  ${task} FAILED: ${String(err)}`);
        for (const name of TASK_NAMES[task] ?? [task])
          results[name] = { skipped: `failed: ${String(err).slice(0, 300)}` };
      }
      console.error(`  ${task}: ${((performance.now() - t) / 1000).toFixed(1)} s (load average ${loadText()})`);
    };
    if (wants('baseline')) await run('baseline');
    if (wants('lookups')) await run('lookups');
    if (wants('startup')) {
      const runs: StartupRun[] = [];
      const t = performance.now();
      for (let i = 0; i < Number(args['startup-runs']); i++) {
        try {
          runs.push((await childTask('startup', work)).startup as unknown as StartupRun);
        } catch (err) {
          console.error(`  startup run ${i + 1} FAILED: ${String(err)}`);
        }
      }
      let breakdown: Record<string, number> | undefined;
      try {
        breakdown = (await childTask('startup-breakdown', work)).breakdown as unknown as Record<string, number>;
      } catch (err) {
        console.error(`  startup breakdown FAILED: ${String(err)}`);
      }
      results.startup = runs.length ? summarizeStartup(runs, breakdown) : { skipped: 'every start-up run failed' };
      console.error(`  startup (${runs.length} runs): ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    if (wants('award')) await run('award');
    if (wants('redeem')) await run('redeem');
    if (wants('export')) await run('export');
    if (wants('reports')) await run('reports');
    if (wants('chores')) await run('chores');
    if (wants('server')) await run('server');
  } finally {
    if (args.pristine && !serverOnly)
      for (const s of ['', '-wal', '-shm', '.key', '.erasures.jsonl', '.exported-head.json'])
        rmSync(work + s, { force: true });
  }

  // export.ledger is one whole run: its duration is its only sample.
  const exp = results['export.ledger'];
  if (exp && !('skipped' in exp) && exp.p50_ms === undefined && typeof exp.seconds === 'number') {
    exp.p50_ms = Math.round(exp.seconds * 1000);
  }
  for (const [name, base] of Object.entries(BASELINE_OF)) {
    const r = results[name];
    const b = results[base];
    // A module that measured its own same-kind bare query (lookups do) keeps its ratio.
    if (!r || !b || 'skipped' in r || 'skipped' in b || r.ratio !== undefined) continue;
    if (name === 'export.ledger' && r.ops_per_s && b.ops_per_s) {
      // Per row: how much slower than reading the same rows bare.
      r.ratio = round(b.ops_per_s / r.ops_per_s, 2);
      r.baseline = base;
    } else if (r.p50_ms && b.p50_ms) {
      r.ratio = round(r.p50_ms / b.p50_ms, 2);
      r.baseline = base;
    }
  }
  const ordered: Record<string, Outcome> = {};
  for (const n of NAMES) ordered[n] = results[n] ?? { skipped: 'not run (--only)' };
  for (const [n, r] of Object.entries(results)) if (!(n in ordered)) ordered[n] = r;

  const totalMs = Math.round(performance.now() - started);
  const report = {
    size: { members: spec.members, entries: spec.entries },
    seed: spec.seed,
    schema: args.dataset ? `dataset ${target}` : schemaKey(),
    machine: machine(),
    date: new Date().toISOString(),
    total_s: round(totalMs / 1000, 1),
    generation: {
      ...generation,
      baseline_built: baselineBuilt,
      baseline_build_ms: baselineBuildMs,
      work_copy_ms: copyMs,
    },
    results: ordered,
  };
  writeFileSync(resolve(ROOT, args.out!), `${JSON.stringify(report, null, 2)}\n`);
  printTable(ordered);
  const startup = ordered.startup;
  if (startup && !('skipped' in startup) && (startup.p50_ms ?? 0) > 1000) {
    console.log(`WARNING: start-up p50 ${startup.p50_ms} ms exceeds the 1 s goal (breakdown in ${args.out})`);
  }
  console.log(`load average at the start ${round(LOAD_AT_START, 2)}, at the end ${loadText()} (1 / 5 / 15 min)`);
  console.log(
    `total ${report.total_s} s (generation ${generation.cached ? 'cached' : `${(generation.total_ms / 1000).toFixed(1)} s`}); wrote ${args.out}`,
  );
}

/** README-ready Markdown of a results file: the figures, the size, the date and the machine. */
function markdown(file: string): string {
  const r = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')) as {
    size: { members: number; entries: number };
    machine: {
      cpu: string;
      cores: number;
      memory_gb: number;
      node: string;
      sqlite: string;
      load_avg_1m_at_start?: number;
    };
    date: string;
    total_s: number;
    generation: { cached: boolean; total_ms: number; members_ms?: number; ledger_ms?: number; file_mb: number };
    results: Record<string, Outcome>;
  };
  const n = (x: unknown) => (typeof x === 'number' ? x.toLocaleString('en-US') : '–');
  const lines = [
    `${r.size.members.toLocaleString('en-US')} members, ${r.size.entries.toLocaleString('en-US')} ledger entries — ` +
      `${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.machine.cpu} × ${r.machine.cores} cores, ${r.machine.memory_gb} GB, ` +
      `Node ${r.machine.node}, SQLite ${r.machine.sqlite}, load average ${r.machine.load_avg_1m_at_start ?? '?'} at start. ` +
      `Whole run ${r.total_s} s` +
      (r.generation.cached
        ? ' (data from cache).'
        : ` including generation ${(r.generation.total_ms / 1000).toFixed(0)} s (${r.generation.file_mb} MB).`),
    '',
    '| benchmark | p50 ms | p99 ms | ops/s | ratio to bare SQLite | peak RSS MB |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const [name, o] of Object.entries(r.results)) {
    if (name.startsWith('baseline.')) continue;
    if ('skipped' in o) lines.push(`| \`${name}\` | skipped: ${o.skipped} | | | | |`);
    else
      lines.push(
        `| \`${name}\` | ${n(o.p50_ms)} | ${n(o.p99_ms)} | ${n(o.ops_per_s)} | ${n(o.ratio)} | ${n(o.peak_rss_mb)} |`,
      );
  }
  const st = r.results.startup;
  if (st && !('skipped' in st)) {
    const b = (st.breakdown ?? {}) as Record<string, number>;
    lines.push(
      '',
      `Start-up = openCore (migration check, start-up checks; quick_check of a large file runs on in a worker) ` +
        `to the first card lookup answered, ` +
        `p50 of ${n(st.runs)} fresh processes; main-process RSS then ${n(st.rss_mb)} MB. ` +
        `Breakdown: ${Object.entries(b)
          .map(([k, v]) => `${k.replace(/_ms$/, '')} ${n(v)} ms`)
          .join(', ')}.`,
    );
  }
  return lines.join('\n');
}

if (args.markdown) {
  console.log(markdown(args.markdown));
} else if (args.task) {
  const out = await runTask(args.task, args.db!);
  // The child's own peak: each task runs alone in its process, so this is that benchmark's.
  for (const r of Object.values(out)) {
    if (!('skipped' in r) && r.p50_ms !== undefined && r.peak_rss_mb === undefined) r.peak_rss_mb = peakRssMb();
  }
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
} else {
  await main();
}
