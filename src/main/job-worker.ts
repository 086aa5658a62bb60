import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { JOB_WORKER_RESOURCE_LIMITS, type MakeJobWorker } from './core/offline/job-threads';

/**
 * The offline jobs' worker threads in the built app (export, import): electron.vite.config.ts
 * builds core/offline/job-worker.ts as its own entry, `job-worker.js` next to main's
 * `index.js` (`mainDir`). Tests and the bench start the TypeScript source under tsx
 * (test/helpers/job-worker.ts).
 */
export function jobWorkerIn(mainDir: string): MakeJobWorker {
  return (workerData) =>
    new Worker(join(mainDir, 'job-worker.js'), { workerData, resourceLimits: { ...JOB_WORKER_RESOURCE_LIMITS } });
}
