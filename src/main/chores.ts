import type { Core } from './core/open-core';
import { startScheduler, type Scheduler } from './core/offline/scheduler';

export const DAILY_MS = 24 * 60 * 60 * 1000;
export const CHECKPOINT_MS = 15_000;

export interface Chores {
  stop(): void;
}

/**
 * The timers a long-running terminal needs besides the UI: the offline area's
 * scheduler (automatic backups and exports, checked every minute) and, once a day,
 * the start-up checks again (points expiry, ledger invariant, integrity), so a
 * terminal left on for weeks still expires points. Both are stopped before the core
 * closes.
 */
export function startChores(
  core: Pick<Core, 'runStartupChecks'> &
    Partial<Pick<Core, 'runDailyChecks' | 'runDailyChecksInBackground' | 'db'>> &
    Parameters<typeof startScheduler>[0],
  opts: {
    log: { error(message: string, err?: unknown): void };
    dailyMs?: number;
    schedulerIntervalMs?: number;
    checkpointMs?: number;
    startScheduler?: typeof startScheduler;
  },
): Chores {
  const scheduler: Scheduler = (opts.startScheduler ?? startScheduler)(core, {
    intervalMs: opts.schedulerIntervalMs,
    log: opts.log,
  });
  let running: AbortController | null = null;
  const daily = setInterval(() => {
    // Off the counter when the core can (read-only checks in a worker); one run at a time.
    if (core.runDailyChecksInBackground) {
      if (running) return;
      const ac = new AbortController();
      running = ac;
      core
        .runDailyChecksInBackground({ signal: ac.signal })
        .then((r) => {
          for (const p of r.problems) opts.log.error(`daily check ${p.check}: ${p.problem}`);
        })
        .catch((err: unknown) => opts.log.error('daily checks failed', err))
        .finally(() => {
          if (running === ac) running = null;
        });
      return;
    }
    try {
      for (const p of (core.runDailyChecks ?? core.runStartupChecks)())
        opts.log.error(`daily check ${p.check}: ${p.problem}`);
    } catch (err) {
      opts.log.error('daily checks failed', err);
    }
  }, opts.dailyMs ?? DAILY_MS);
  daily.unref?.();
  // Checkpoint the WAL between sales, so the automatic checkpoint (which runs inside a
  // commit once the WAL passes 1000 pages) rarely lands on a cashier's award. PASSIVE
  // never waits for readers; a busy moment just leaves the work for the next tick.
  const checkpoint = setInterval(() => {
    try {
      core.db?.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      opts.log.error('WAL checkpoint failed', err);
    }
  }, opts.checkpointMs ?? CHECKPOINT_MS);
  checkpoint.unref?.();
  return {
    stop() {
      running?.abort();
      clearInterval(daily);
      clearInterval(checkpoint);
      scheduler.stop();
    },
  };
}
