import type { Db } from './db/open-database';
import { expiryRun, ledgerInvariantCheck } from './points/startup';
import { checkLedger } from './points/ledger-check';
import { auditChainDailyCheck, auditChainStartupCheck } from './audit/chain-checks';

/**
 * Checks and chores run when the core opens, after migrations. Each returns problems
 * to report (never silently fixes them). Areas add theirs here: the ledger invariant
 * (points), the expiry run (points), and so on.
 */
export interface StartupCheck {
  name: string;
  run(db: Db, now: number, terminalId: string): string[];
}

export const STARTUP_CHECKS: StartupCheck[] = [ledgerInvariantCheck, expiryRun, auditChainStartupCheck];

/**
 * The start-up ledger check samples (to keep start-up under a second at 10M entries);
 * once a day a running terminal checks every member in full.
 */
const fullLedgerCheck: StartupCheck = {
  name: 'ledger-full',
  run: (db) =>
    checkLedger(db).mismatches.map(
      (m) => `member ${m.memberId}: cached balance ${m.cached} differs from ledger sum ${m.sum}`,
    ),
};

export const DAILY_CHECKS: StartupCheck[] = [
  ...STARTUP_CHECKS.filter((c) => c !== auditChainStartupCheck),
  fullLedgerCheck,
  auditChainDailyCheck,
];
