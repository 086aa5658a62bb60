import type { Worker } from 'node:worker_threads';
import type { Settings } from '../../../shared/settings';

/**
 * Worker threads for the long offline jobs (issue 13: nothing a chore does blocks the
 * counter). One entry, job-worker.ts, serves every kind; what it does is named by
 * `workerData.job`. How a worker is made is the caller's, as for the reports: the built
 * app starts `job-worker.js` next to main's index.js (src/main/job-worker.ts), tests and
 * the bench start the TypeScript source under tsx (test/helpers/job-worker.ts). Without a
 * maker (an in-memory store, older tests) the jobs run on the main thread as before.
 */
export type JobWorkerData = { job: 'export'; dbPath: string; settings: Settings } | { job: 'import' };

export type MakeJobWorker = (workerData: JobWorkerData) => Worker;
