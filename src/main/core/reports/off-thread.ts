import type { Worker } from 'node:worker_threads';
import type { AppErrorBody } from '../../../shared/errors';
import { AppError } from '../errors';

/**
 * Reports off the main thread (issue 13 item 1). The dispatcher still does everything up
 * to the handler — session, role, validation — then hands a report channel to a worker
 * thread with its own read-only connection (report-worker.ts) and awaits it, so a year's
 * report no longer holds the counter's next call. Requests queue in the worker one at a
 * time. How the worker is made is the caller's: the Electron main uses electron-vite's
 * `?nodeWorker` import of the built worker, tests and the bench start the TypeScript file
 * under tsx. A worker that dies fails its open calls as INTERNAL (nothing was written:
 * reports only read) and the next call starts a new one.
 */
export type MakeReportWorker = (workerData: { dbPath: string }) => Worker;

export interface OffThreadRequest {
  id: number;
  channel: string;
  input: unknown;
  now: number;
}

export type OffThreadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: AppErrorBody }
  | { id: number; ok: false; crash: string };

export interface OffThread {
  handles(channel: string): boolean;
  run(channel: string, input: unknown, now: number): Promise<unknown>;
  close(): Promise<void>;
}

/** The channels that run off-thread: the reports page's and the CSV download. */
export const OFF_THREAD_CHANNELS: ReadonlySet<string> = new Set([
  'reports:summary',
  'reports:topMembers',
  'reports:tierDistribution',
  'reports:redemptionByReward',
  'reports:expiryForecast',
  'reports:liability',
  'reports:csv',
]);

export function startReportThread(dbPath: string, make: MakeReportWorker): OffThread {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();

  const failAll = (why: string) => {
    for (const w of waiting.values()) w.reject(new Error(why));
    waiting.clear();
    worker = null;
  };
  const ensure = () => {
    if (worker) return worker;
    const w = make({ dbPath });
    w.on('message', (r: OffThreadReply) => {
      const p = waiting.get(r.id);
      if (!p) return;
      waiting.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else if ('error' in r) p.reject(new AppError(r.error.code, r.error.message, r.error.details));
      else p.reject(new Error(`report worker: ${r.crash}`));
    });
    w.on('error', (err) => failAll(`report worker failed: ${String(err)}`));
    w.on('exit', (code) => {
      if (worker === w) failAll(`report worker exited (${code})`);
    });
    // The worker does not keep the app alive on its own.
    w.unref();
    worker = w;
    return w;
  };

  return {
    handles: (channel) => OFF_THREAD_CHANNELS.has(channel),
    run(channel, input, now) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        ensure().postMessage({ id, channel, input, now } satisfies OffThreadRequest);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      failAll('the core closed');
      if (w) await w.terminate();
    },
  };
}
