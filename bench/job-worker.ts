import { Worker } from 'node:worker_threads';
import { JOB_WORKER_RESOURCE_LIMITS, type MakeJobWorker } from '../src/main/core/offline/job-threads';

/** The offline jobs' worker from its TypeScript source (the bench child runs under tsx). */
export const tsJobWorker: MakeJobWorker = (workerData) =>
  new Worker(new URL('../src/main/core/offline/job-worker.ts', import.meta.url), {
    workerData,
    execArgv: ['--import', 'tsx'],
    resourceLimits: { ...JOB_WORKER_RESOURCE_LIMITS },
  });

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

export async function idleStallMs(ms: number): Promise<number> {
  return (await idleStalls(ms)).maxStallMs;
}
