import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { MakeReportWorker } from './core/reports/off-thread';

/**
 * The reports' worker thread in the built app: electron.vite.config.ts builds
 * core/reports/report-worker.ts as its own entry, `report-worker.js` next to main's
 * `index.js` (`mainDir`). Started on the first report call, so a test of main that never
 * asks for a report never starts it. Tests and the bench start the TypeScript source
 * under tsx instead (test/helpers/report-worker.ts).
 */
export function reportWorkerIn(mainDir: string): MakeReportWorker {
  return (workerData) => new Worker(join(mainDir, 'report-worker.js'), { workerData });
}
