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

/**
 * Every maker passes these (issue 13: export peak RSS ≤ 200 MB). A job's garbage is
 * short-lived (each row's strings), so a small young generation collects it in cheap
 * scavenges instead of letting V8's default (tens of MB per worker) fill first: measured
 * on a 1M-row ledger export, each worker's used heap peaked at ~60 MB instead of ~115 MB
 * (about 60 MB of it live: the explanation lines it remembers). No cap on the old
 * generation: a job that needs more must not die of it.
 */
export const JOB_WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;
