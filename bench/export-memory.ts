/**
 * Where an export's memory goes (issue 13: export peak RSS ≤ 200 MB). One full ledger
 * export in job workers on a generated store, with the process's RSS, the main thread's
 * heap / external / array buffers and each worker's V8 heap sampled every 20 ms, and the
 * peak RSS (VmHWM, workers included) reset just before. Then, in the same process, the
 * same export on the main thread and a bare scan of the ledger (their own peaks).
 *
 *   npx tsx bench/export-memory.ts --db FILE [--worker ts|bundle] [--threads 2] [--skip-main]
 *
 * --worker bundle: the workers run one esbuild bundle of job-worker.ts (what the app
 * starts: out/main/job-worker.js) instead of the TypeScript source under tsx.
 * Works on a copy of the store; prints JSON.
 */
import { copyFileSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openCore } from '../src/main/core/open-core';
import { runExport } from '../src/main/core/offline/export/run-export';
import { LEDGER } from '../src/main/core/offline/export/datasets';
import { JOB_WORKER_RESOURCE_LIMITS, type MakeJobWorker } from '../src/main/core/offline/job-threads';
import { peakRssMb, resetPeakRss } from './stats';
import { bundledEntry } from './bundled-entry';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const src = arg('db');
if (!src) throw new Error('--db FILE');
const kind = arg('worker') ?? 'ts';
const threads = Number(arg('threads') ?? 2);
const MB = 1024 * 1024;
const mb = (n: number) => Math.round(n / MB);

const dir = mkdtempSync(join(tmpdir(), 'pd-expmem-'));
const dbPath = join(dir, 'store.sqlite');
copyFileSync(src, dbPath);
for (const side of ['.key', '.erasures.jsonl']) if (existsSync(src + side)) copyFileSync(src + side, dbPath + side);

const source = new URL('../src/main/core/offline/job-worker.ts', import.meta.url);
const entry = kind === 'bundle' ? bundledEntry(source) : source.pathname;
const limits = arg('limits'); // e.g. 0,16: the workers' old (0 = none) / young generation caps in MB (default: the app's)
const workers: Worker[] = [];
const make: MakeJobWorker = (workerData) => {
  const w = new Worker(entry, {
    workerData,
    ...(kind === 'ts' ? { execArgv: ['--import', 'tsx'] } : {}),
    resourceLimits: limits
      ? {
          ...(Number(limits.split(',')[0]) > 0 ? { maxOldGenerationSizeMb: Number(limits.split(',')[0]) } : {}),
          maxYoungGenerationSizeMb: Number(limits.split(',')[1]),
        }
      : { ...JOB_WORKER_RESOURCE_LIMITS },
  });
  workers.push(w);
  return w;
};

const core = openCore({ dbPath, skipStartupChecks: true, log: { error: (m, e) => console.error(m, e) } });
await core.integrity;

interface Peaks {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  workerHeap: number[];
  rssAnon: number;
  rssFile: number;
}
function statusKb(field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
async function measured(fn: () => Promise<unknown>) {
  const before = process.memoryUsage();
  const p: Peaks = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0, workerHeap: [], rssAnon: 0, rssFile: 0 };
  resetPeakRss();
  const sample = async () => {
    const m = process.memoryUsage();
    p.rss = Math.max(p.rss, m.rss);
    p.heapUsed = Math.max(p.heapUsed, m.heapUsed);
    p.external = Math.max(p.external, m.external);
    p.arrayBuffers = Math.max(p.arrayBuffers, m.arrayBuffers);
    p.rssAnon = Math.max(p.rssAnon, statusKb('RssAnon'));
    p.rssFile = Math.max(p.rssFile, statusKb('RssFile'));
    await Promise.all(
      workers.map(async (w, i) => {
        try {
          const h = await (
            w as unknown as { getHeapStatistics(): Promise<{ used_heap_size: number }> }
          ).getHeapStatistics();
          p.workerHeap[i] = Math.max(p.workerHeap[i] ?? 0, h.used_heap_size);
        } catch {
          // exited
        }
      }),
    );
  };
  const forceGc = (globalThis as { gc?: () => void }).gc;
  const snapAt = arg('snapshot'); // ms into the run: one worker's heap snapshot to a file
  if (snapAt && workers.length === 0) {
    setTimeout(() => {
      const w = workers[workers.length - 1] as unknown as { getHeapSnapshot(): Promise<NodeJS.ReadableStream> };
      void w.getHeapSnapshot().then((stream) => stream.pipe(createWriteStream('/tmp/worker.heapsnapshot')));
    }, Number(snapAt));
  }
  const timer = setInterval(() => {
    // --expose-gc: collect the main thread every sample (what is garbage vs what is held).
    forceGc?.();
    void sample();
  }, 20);
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds: Number(seconds.toFixed(2)),
    rss_before_mb: mb(before.rss),
    external_before_mb: mb(before.external),
    rss_anon_before_mb: mb(statusKb('RssAnon')),
    rss_anon_peak_mb: mb(p.rssAnon),
    rss_file_peak_mb: mb(p.rssFile),
    peak_rss_mb: peakRssMb(),
    sampled_peak_rss_mb: mb(p.rss),
    main_heap_used_peak_mb: mb(p.heapUsed),
    main_external_peak_mb: mb(p.external),
    main_array_buffers_peak_mb: mb(p.arrayBuffers),
    worker_heap_used_peak_mb: p.workerHeap.map(mb),
  };
}

const exportOnce = (worker: boolean) => async () => {
  const out = mkdtempSync(join(dir, 'out-'));
  const r = await runExport({
    db: core.db,
    dbPath,
    terminalId: core.terminalId,
    now: core.config.now,
    dir: out,
    formats: ['csv'],
    bom: false,
    kind: 'full',
    trigger: 'manual',
    actor: null,
    datasets: [LEDGER],
    ...(worker ? { worker: make, threads } : {}),
  });
  rows = r.rows.ledger;
  bytes = r.bytes;
  rmSync(out, { recursive: true, force: true });
};
let rows = 0;
let bytes = 0;
const load = [loadavg()];
const inWorkers = await measured(exportOnce(true));
const result: Record<string, unknown> = {
  at: new Date().toISOString(),
  worker: kind,
  threads,
  rows,
  bytes,
  in_workers: { ...inWorkers, rows_per_s: Math.round(rows / inWorkers.seconds) },
};
if (!process.argv.includes('--skip-main')) {
  const onMain = await measured(exportOnce(false));
  result.main_thread = { ...onMain, rows_per_s: Math.round(rows / onMain.seconds) };
}
const bare = await measured(async () => {
  let n = 0;
  for (const _ of core.db.prepare('SELECT * FROM points_ledger ORDER BY seq').raw().iterate()) n++;
  rows = n;
});
result.bare_scan = { ...bare, rows_per_s: Math.round(rows / bare.seconds) };
load.push(loadavg());
result.load_average = load.map((l) => l.map((x) => Math.round(x * 100) / 100));
console.log(JSON.stringify(result, null, 2));
if (kind === 'bundle') rmSync(entry, { force: true });
core.close();
rmSync(dir, { recursive: true, force: true });
