import { Worker } from 'node:worker_threads';
import { JOB_WORKER_RESOURCE_LIMITS, type MakeJobWorker } from '../src/main/core/offline/job-threads';

/** The offline jobs' worker from its TypeScript source (the bench child runs under tsx). */
export const tsJobWorker: MakeJobWorker = (workerData) =>
  new Worker(new URL('../src/main/core/offline/job-worker.ts', import.meta.url), {
    workerData,
    execArgv: ['--import', 'tsx'],
    resourceLimits: { ...JOB_WORKER_RESOURCE_LIMITS },
  });

/**
 * The longest gap between turns of the event loop while `work` runs (a 1 ms interval:
 * what a click or an IPC call would have waited for at worst).
 */
export async function withStallMeter<T>(work: () => Promise<T>): Promise<{ value: T; maxStallMs: number }> {
  let last = performance.now();
  let maxStallMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last);
    last = now;
  }, 1);
  try {
    return { value: await work(), maxStallMs };
  } finally {
    clearInterval(tick);
  }
}

/** The same meter over an idle event loop: what the machine's load alone costs (the baseline). */
export async function idleStallMs(ms: number): Promise<number> {
  const { maxStallMs } = await withStallMeter(() => new Promise((r) => setTimeout(r, ms)));
  return maxStallMs;
}
