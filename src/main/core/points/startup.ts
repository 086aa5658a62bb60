import type { StartupCheck } from '../startup-checks';
import { runExpiryNow } from './expiry';
import { checkLedger, checkLedgerAtStartup } from './ledger-check';
import { pruneOperations } from '../operations';
import { checkMemberTotals, checkMemberTotalsAtStartup, describeMismatch } from './member-totals-check';

/**
 * Start-up: every cached balance equals the sum of its entries — for every member written
 * since the last clean start, plus a rotating slice of all members (see
 * checkLedgerAtStartup). Reported, never fixed.
 */
export const ledgerInvariantCheck: StartupCheck = {
  name: 'points-ledger-invariant',
  run(db) {
    const r = checkLedgerAtStartup(db);
    return r.mismatches.map((m) => `member ${m.memberId}: cached balance ${m.cached} but the ledger sums to ${m.sum}`);
  },
};

/**
 * Start-up (and the daily chores timer, via runStartupChecks): expire due lots, and
 * forget operation records past their retry window. Chores rather than checks: they
 * report a problem only if a run itself fails.
 */
export const expiryRun: StartupCheck = {
  name: 'points-expiry-run',
  run(db, now, terminalId) {
    try {
      runExpiryNow(db, now, terminalId);
      db.transaction(() => pruneOperations(db, now)).immediate();
      return [];
    } catch (err) {
      return [`expiry run failed: ${err instanceof Error ? err.message : String(err)}`];
    }
  },
};

/**
 * The start-up ledger check samples (to keep start-up under a second at 10M entries);
 * once a day a running terminal checks every member in full.
 */
export const fullLedgerCheck: StartupCheck = {
  name: 'ledger-full',
  readOnly: true,
  run: (db) =>
    checkLedger(db).mismatches.map(
      (m) => `member ${m.memberId}: cached balance ${m.cached} differs from ledger sum ${m.sum}`,
    ),
};

/**
 * Start-up: the per-member running totals (migration 016) equal the tables, for members
 * written since the last clean start plus a rotating slice (checkMemberTotalsAtStartup).
 */
export const memberTotalsCheck: StartupCheck = {
  name: 'points-member-totals',
  run: (db) => checkMemberTotalsAtStartup(db).map(describeMismatch),
};

/** Daily: every member's running totals against the tables, in full. */
export const fullMemberTotalsCheck: StartupCheck = {
  name: 'points-member-totals-full',
  supersedes: 'points-member-totals',
  readOnly: true,
  run: (db) => checkMemberTotals(db).map(describeMismatch),
};
