import { Worker } from 'node:worker_threads';
import { bundledEntry } from './bundled-entry';
import { JOB_WORKER_RESOURCE_LIMITS, type MakeJobWorker } from '../src/main/core/offline/job-threads';
import type { MakeReportWorker } from '../src/main/core/reports/off-thread';

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
