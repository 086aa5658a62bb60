import type { Db } from './db/open-database';
import { expiryRun, ledgerInvariantCheck } from './points/startup';

/**
 * Checks and chores run when the core opens, after migrations. Each returns problems
 * to report (never silently fixes them). Areas add theirs here: the ledger invariant
 * (points), the expiry run (points), and so on.
 */
export interface StartupCheck {
  name: string;
  run(db: Db, now: number, terminalId: string): string[];
}

export const STARTUP_CHECKS: StartupCheck[] = [ledgerInvariantCheck, expiryRun];
