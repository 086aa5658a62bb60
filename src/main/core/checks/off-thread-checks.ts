import type { StartupCheck } from '../startup-checks';
import type { OffThread } from '../reports/off-thread';

/**
 * The daily checks without holding the counter (issue 13 item 1). Checks that only read
 * (`readOnly`: the full ledger sum, the running totals against the tables) run one by one
 * in a worker thread on its own read-only connection — the reports' worker code, a second
 * instance, so a check never queues a manager's report; each is a read snapshot of its own,
 * never one snapshot over all of them. The rest (the expiry run, the audit chain with its
 * keys) run on the main thread, one per event-loop turn, so IPC calls interleave.
 *
 * Progress is reported after each check; `signal` cancels: no further check starts, and a
 * check running in the worker is stopped by terminating the worker (it only read; the next
 * call starts a new one).
 */
export interface DailyProgress {
  done: number;
  total: number;
  check: string;
}

export interface BackgroundChecksOptions {
  now: number;
  onProgress?: (p: DailyProgress) => void;
  signal?: AbortSignal;
}

export interface BackgroundChecksResult {
  problems: { check: string; problem: string }[];
  /** Checks not run (or stopped) because the run was cancelled. */
  cancelled: string[];
}

export const CHECK_CHANNEL_PREFIX = 'check:';

const turn = () => new Promise<void>((r) => setImmediate(r));

export async function runChecksInBackground(
  checks: readonly StartupCheck[],
  thread: OffThread | undefined,
  runOnMain: (c: StartupCheck) => string[],
  opts: BackgroundChecksOptions,
): Promise<BackgroundChecksResult> {
  const problems: BackgroundChecksResult['problems'] = [];
  const cancelled: string[] = [];
  const onAbort = () => void thread?.close();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (const [i, c] of checks.entries()) {
      if (opts.signal?.aborted) {
        cancelled.push(c.name);
        continue;
      }
      let found: string[];
      try {
        found =
          c.readOnly && thread
            ? ((await thread.run(`${CHECK_CHANNEL_PREFIX}${c.name}`, null, opts.now)) as string[])
            : runOnMain(c);
      } catch (err) {
        if (opts.signal?.aborted) {
          cancelled.push(c.name);
          continue;
        }
        found = [`the check failed: ${err instanceof Error ? err.message : String(err)}`];
      }
      for (const problem of found) problems.push({ check: c.name, problem });
      opts.onProgress?.({ done: i + 1, total: checks.length, check: c.name });
      await turn();
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return { problems, cancelled };
}
