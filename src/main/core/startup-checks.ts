import type { Db } from './db/open-database';

/**
 * A check or chore run when the core opens (after migrations) and by the daily chores
 * timer. It returns problems to report and never silently fixes them. Areas declare
 * theirs in their module (`startupChecks`, `dailyChecks`); `areas.ts` lists the modules.
 */
export interface StartupCheck {
  name: string;
  run(db: Db, now: number, terminalId: string): string[];
}
