import { Worker } from 'node:worker_threads';
import type { MakeReportWorker } from '../../src/main/core/reports/off-thread';

/** The reports worker from its TypeScript source, under tsx (the app starts the built one). */
export const tsReportWorker: MakeReportWorker = (workerData) =>
  new Worker(new URL('../../src/main/core/reports/report-worker.ts', import.meta.url), {
    workerData,
    execArgv: ['--import', 'tsx'],
  });
