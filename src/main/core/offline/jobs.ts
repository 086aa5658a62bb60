import type { CoreConfig } from '../context';
import { refusal, type AppError } from '../errors';

export type JobKind = 'export' | 'backup' | 'restore' | 'import';

/** What the UI polls while a long job runs (`offline:status`). */
export interface JobProgress {
  kind: JobKind;
  startedAt: number;
  /** A short machine word for the step ('snapshot', 'writing', 'verifying', 'renaming'). */
  phase: string;
  /** What is being written now (dataset name or file). */
  item: string | null;
  done: number;
  total: number | null;
}

/**
 * One long job per core at a time: an export, a backup and a restore all read the
 * whole database, and a restore must never overlap a backup of the file it replaces.
 * Keyed by the core's config object, which lives exactly as long as the core.
 */
const running = new WeakMap<CoreConfig, JobProgress>();
/** The running job's cancel switch (kept apart: the progress goes to the UI as data). */
const cancels = new WeakMap<CoreConfig, AbortController>();

export function currentJob(config: CoreConfig): JobProgress | null {
  return running.get(config) ?? null;
}

export function busyError(job: JobProgress): AppError {
  return refusal(
    'jobRunning',
    { running: job.kind },
    { message: `A ${job.kind} is already running; try again when it has finished` },
  );
}

/** Runs `work` as the core's one job; refuses (CONFLICT) if another is running. */
export async function runJob<T>(
  config: CoreConfig,
  kind: JobKind,
  now: number,
  work: (progress: JobProgress, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const other = running.get(config);
  if (other) throw busyError(other);
  const progress: JobProgress = { kind, startedAt: now, phase: 'starting', item: null, done: 0, total: null };
  const cancel = new AbortController();
  running.set(config, progress);
  cancels.set(config, cancel);
  try {
    return await work(progress, cancel.signal);
  } finally {
    running.delete(config);
    cancels.delete(config);
  }
}

/**
 * Asks the running job to stop (an export or an import that honours its signal: it
 * stops at its next step and publishes nothing more). False when nothing runs or the
 * cancel was already asked.
 */
export function cancelJob(config: CoreConfig): boolean {
  const c = cancels.get(config);
  // Already asked: a second press must not record a second cancel.
  if (!c || c.signal.aborted) return false;
  c.abort();
  return true;
}

/** Lets IPC calls and timers run between chunks of a long job. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
