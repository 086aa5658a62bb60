import { Worker } from 'node:worker_threads';
import { JOB_WORKER_RESOURCE_LIMITS, type MakeJobWorker } from '../../src/main/core/offline/job-threads';

/** The job workers from their TypeScript source, under tsx (the app starts the built one). */
export const tsJobWorker: MakeJobWorker = (workerData) =>
  new Worker(new URL('../../src/main/core/offline/job-worker.ts', import.meta.url), {
    workerData,
    execArgv: ['--import', 'tsx'],
    resourceLimits: { ...JOB_WORKER_RESOURCE_LIMITS },
  });
