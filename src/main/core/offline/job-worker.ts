import { parentPort, workerData } from 'node:worker_threads';
import type { JobWorkerData } from './job-threads';
import { serveExport } from './export/export-worker';
import { serveImport } from './import/import-worker';
import { lowerThisThreadPriority } from '../background-thread';

/**
 * The entry of every job worker thread (job-threads.ts): built as its own bundle,
 * `job-worker.js` next to main's index.js (electron.vite.config.ts).
 */
lowerThisThreadPriority();
const data = workerData as JobWorkerData;
if (data.job === 'export') serveExport(parentPort!, data);
else serveImport(parentPort!);
