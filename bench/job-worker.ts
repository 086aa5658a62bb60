import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { JOB_WORKER_RESOURCE_LIMITS, type MakeJobWorker } from '../src/main/core/offline/job-threads';
import type { MakeReportWorker } from '../src/main/core/reports/off-thread';

const built = new Map<string, string>();

/**
 * A worker entry bundled by esbuild, as electron-vite builds it for the app: the bench
 * measures what the app starts. Started from the TypeScript source under tsx instead, each
 * worker compiled its code for seconds (3.8 s before an export's first write, measured),
 * which the export's rows/s counted. Built once per process, next to node_modules so that
 * `better-sqlite3` resolves (the git-ignored .bench-cache), removed at exit.
 */
export function bundledEntry(source: URL): string {
  const known = built.get(source.href);
  if (known) return known;
  const out = join(
    new URL('../.bench-cache', import.meta.url).pathname,
    `${basename(source.pathname, '.ts')}-${process.pid}.mjs`,
  );
  buildSync({
    entryPoints: [source.pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    external: ['better-sqlite3'],
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  if (built.size === 0) process.on('exit', () => built.forEach((file) => rmSync(file, { force: true })));
  built.set(source.href, out);
  return out;
}

const JOB_WORKER_SOURCE = new URL('../src/main/core/offline/job-worker.ts', import.meta.url);
const REPORT_WORKER_SOURCE = new URL('../src/main/core/reports/report-worker.ts', import.meta.url);

// Built when the bench loads, not inside a measurement: buildSync holds the main thread
// for ~150 ms (it showed as a 185 ms stall of the first export).
const JOB_WORKER_ENTRY = bundledEntry(JOB_WORKER_SOURCE);
const REPORT_WORKER_ENTRY = bundledEntry(REPORT_WORKER_SOURCE);

/** The offline jobs' worker, bundled as in the app. */
export const bundledJobWorker: MakeJobWorker = (workerData) =>
  new Worker(JOB_WORKER_ENTRY, { workerData, resourceLimits: { ...JOB_WORKER_RESOURCE_LIMITS } });

/** The reports' worker, bundled as in the app. */
export const bundledReportWorker: MakeReportWorker = (workerData) => new Worker(REPORT_WORKER_ENTRY, { workerData });

/** The goal for a main-thread stall (issue 13: no stall over 16 ms, one frame at 60 Hz). */
export const STALL_GOAL_MS = 16;

/**
 * The gaps between turns of the event loop while `work` runs (a 1 ms interval: what a
 * click or an IPC call would have waited for at worst): the longest, and how many were
 * over STALL_GOAL_MS.
 */
export async function withStallMeter<T>(
  work: () => Promise<T>,
): Promise<{ value: T; maxStallMs: number; stallsOverGoal: number }> {
  let last = performance.now();
  let maxStallMs = 0;
  let stallsOverGoal = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last);
    if (now - last > STALL_GOAL_MS) stallsOverGoal++;
    last = now;
  }, 1);
  try {
    return { value: await work(), maxStallMs, stallsOverGoal };
  } finally {
    clearInterval(tick);
  }
}

/** The same meter over an idle event loop: what the machine's load alone costs (the baseline). */
export async function idleStalls(ms: number): Promise<{ maxStallMs: number; stallsOverGoal: number }> {
  const { maxStallMs, stallsOverGoal } = await withStallMeter(() => new Promise((r) => setTimeout(r, ms)));
  return { maxStallMs, stallsOverGoal };
}
