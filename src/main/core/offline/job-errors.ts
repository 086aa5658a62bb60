import { AppError } from '../errors';
import type { JobKind } from './jobs';

/**
 * A job's worker thread died or could not start (a crash in native code, out of memory,
 * a missing bundle): INTERNAL, with the job and the worker's own words in `details`, so
 * the caller and the run history say which. Nothing was published: the job cleans up.
 */
export class JobWorkerError extends AppError {
  constructor(
    readonly job: JobKind,
    why: string,
  ) {
    super('INTERNAL', `The ${job} failed: its worker thread stopped (${why.slice(0, 300)}). Nothing was changed.`, {
      reason: 'workerFailed',
      job,
    });
    this.name = 'JobWorkerError';
  }
}

/**
 * A job stopped by its `signal` (cancel); the run is recorded as failed. An export
 * publishes nothing. An import keeps the slices it committed (as after a crash), so it
 * says how many: `kept` — and importing the file again adds the rest.
 */
export class JobCancelledError extends AppError {
  constructor(
    readonly job: JobKind,
    kept?: { created: number; done: number; total: number },
  ) {
    super(
      'CONFLICT',
      kept
        ? `The ${job} was cancelled after ${kept.done} of ${kept.total} rows; ${kept.created} new members were added.`
        : `The ${job} was cancelled. Nothing was changed.`,
      { reason: 'cancelled', job, ...kept },
    );
    this.name = 'JobCancelledError';
  }
}

/** An error from a worker, as plain data over postMessage. */
export interface WorkerErrorBody {
  name: string;
  message: string;
  /** SQLite's (SQLITE_FULL…) or Node's (ENOSPC…) code, so the main side maps it as before. */
  code?: string;
  app?: { code: AppError['code']; message: string; details?: Record<string, unknown> };
}

export function errorBody(err: unknown): WorkerErrorBody {
  if (err instanceof AppError) return { name: 'AppError', message: err.message, app: err.toBody() };
  const e = err as { name?: string; message?: string; code?: unknown } | null;
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(err),
    code: typeof e?.code === 'string' ? e.code : undefined,
  };
}

/** The error a worker reported, rebuilt on the main side (AppErrors keep code and details). */
export function errorFromBody(b: WorkerErrorBody): Error {
  if (b.app) return new AppError(b.app.code, b.app.message, b.app.details);
  const err = new Error(b.message) as Error & { code?: string };
  err.name = b.name;
  if (b.code) err.code = b.code;
  return err;
}
