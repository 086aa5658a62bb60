import type { Db } from './db/open-database';

/**
 * A check or chore run when the core opens (after migrations) and by the daily chores
 * timer. It returns problems to report and never silently fixes them. Areas declare
 * theirs in their module (`startupChecks`, `dailyChecks`); `areas.ts` lists the modules.
 */
export interface StartupCheck {
  name: string;
  run(db: Db, now: number, terminalId: string): string[];
  /**
   * A daily check that does all of a start-up check's work and more (the full audit chain
   * where start-up walks the tail): the daily chores run it instead of the one named here.
   */
  supersedes?: string;
  /**
   * Only reads, needs no keys: the daily chores run it in a worker thread on a read-only
   * connection (checks/off-thread-checks.ts), so seconds of scanning never hold the counter.
   * `run` then gets that read-only connection.
   */
  readOnly?: boolean;
}
