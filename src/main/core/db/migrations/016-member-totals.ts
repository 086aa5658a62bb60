import type { Migration } from '../migration';
import type { Db } from '../open-database';
import { writeMeta } from '../../meta';

/** Meta key of the running-totals check's "checked up to" ledger seq (points/member-totals-check.ts). */
export const TOTALS_CHECKED_SEQ = 'points_member_totals_checked_seq';

/** A backfill is exact by construction: the start-up check need not re-prove the whole history. */
function markChecked(db: Db): void {
  const seq = db.prepare('SELECT coalesce(max(seq), 0) FROM points_ledger').pluck().get() as number;
  writeMeta(db, TOTALS_CHECKED_SEQ, String(seq));
}

/**
 * Per-member running totals by UTC calendar month (issue 13 item 4): `points_member_months`
 * holds, per (member, month), the purchases made (count, paid after points discounts, points
 * earned on them), the refunds given (amount, by the refund's own date) and the points the
 * ledger moved (credits and debits apart, any kind: award, refund claw-back, redeem, adjust,
 * expiry, sync). Triggers keep it in the write transaction itself, whoever inserts, so it is
 * exact by construction (purchases, refunds and entries are never updated in these columns
 * nor deleted; the ledger refuses both). A member's lifetime figures are the sum of their
 * few month rows; their balance is sum(points_in − points_out).
 *
 * Readers: top members over long periods (period-reports.ts: sorted access by month on
 * `points_member_months_paid`, exact figures per candidate), rolling tier windows (whole
 * months from here, part-months from the tables), and the check that totals = the tables
 * (points/member-totals-check.ts). Keyed (member_id, month) WITHOUT ROWID: an award's two
 * upserts (purchase, ledger entry) land on the same row.
 *
 * `members_counts` (one row): live members (not erased) and live inactive members, kept by
 * triggers on `members`, so the members list's first page carries its total without a
 * count over a million index entries (74 ms measured, goal ≤ 20 ms for the whole page).
 *
 * Readers check the table exists (memberTotalsReady), so code that reads a store opened at an
 * older version (a restore candidate, a test at version N−1) keeps the scans.
 */

/** The UTC month index (year × 12 + month − 1) of a millisecond timestamp, in SQL. */
export const monthOf = (ms: string) =>
  `(CAST(strftime('%Y', ${ms} / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ${ms} / 1000, 'unixepoch') AS INTEGER) - 1)`;

/** The same in JavaScript. */
export function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The first millisecond of a month index. */
export function monthStart(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1);
}

const UPSERT = `INSERT INTO points_member_months (member_id, month, purchases, paid_minor, earned, refunded_minor, points_in, points_out)`;
const ON_CONFLICT = `ON CONFLICT (member_id, month) DO UPDATE SET`;

const TRIGGERS = `
  CREATE TRIGGER points_member_months_purchase AFTER INSERT ON points_purchases BEGIN
    ${UPSERT} VALUES (NEW.member_id, ${monthOf('NEW.created_at')}, 1, NEW.paid_minor, NEW.points_earned, 0, 0, 0)
    ${ON_CONFLICT} purchases = purchases + 1, paid_minor = paid_minor + excluded.paid_minor,
      earned = earned + excluded.earned;
  END;
  CREATE TRIGGER points_member_months_refund AFTER INSERT ON points_refunds BEGIN
    ${UPSERT} VALUES (NEW.member_id, ${monthOf('NEW.created_at')}, 0, 0, 0, NEW.amount_minor, 0, 0)
    ${ON_CONFLICT} refunded_minor = refunded_minor + excluded.refunded_minor;
  END;
  CREATE TRIGGER points_member_months_points AFTER INSERT ON points_ledger BEGIN
    ${UPSERT} VALUES (NEW.member_id, ${monthOf('NEW.created_at')}, 0, 0, 0, 0, max(NEW.points, 0), max(-NEW.points, 0))
    ${ON_CONFLICT} points_in = points_in + excluded.points_in, points_out = points_out + excluded.points_out;
  END;
`;

/** "Live" = not erased (name_key IS NOT NULL, as members/list.ts reads it). */
const LIVE = (r: string) => `(${r}.name_key IS NOT NULL)`;
const INACTIVE = (r: string) => `(${r}.name_key IS NOT NULL AND ${r}.active = 0)`;
const COUNT_TRIGGERS = `
  CREATE TRIGGER members_counts_insert AFTER INSERT ON members BEGIN
    UPDATE members_counts SET live = live + ${LIVE('NEW')}, inactive = inactive + ${INACTIVE('NEW')};
  END;
  CREATE TRIGGER members_counts_update AFTER UPDATE OF name_key, active ON members BEGIN
    UPDATE members_counts SET live = live + ${LIVE('NEW')} - ${LIVE('OLD')},
      inactive = inactive + ${INACTIVE('NEW')} - ${INACTIVE('OLD')};
  END;
  CREATE TRIGGER members_counts_delete AFTER DELETE ON members BEGIN
    UPDATE members_counts SET live = live - ${LIVE('OLD')}, inactive = inactive - ${INACTIVE('OLD')};
  END;
`;

/** Recounts members_counts from the members table (the backfill; a repair after a bulk load). */
export function rebuildMemberCounts(db: Db): void {
  db.exec(`
    DELETE FROM members_counts;
    INSERT INTO members_counts (id, live, inactive)
      SELECT 1, (SELECT count(*) FROM members WHERE name_key IS NOT NULL),
                (SELECT count(*) FROM members WHERE name_key IS NOT NULL AND active = 0);
  `);
}

/** The triggers, by name (the bench generator drops them while it bulk-loads). */
export const MEMBER_TOTALS_TRIGGERS = [
  'points_member_months_purchase',
  'points_member_months_refund',
  'points_member_months_points',
] as const;

export function createMemberTotalsTriggers(db: Db): void {
  db.exec(TRIGGERS);
}

/** Recomputes every row from the tables (the migration's backfill; the bench after a bulk load). */
export function rebuildMemberTotals(db: Db): void {
  // The sorted-access index is built once after the load (one sort, not millions of inserts).
  db.exec(`
    DROP INDEX IF EXISTS points_member_months_paid;
    DELETE FROM points_member_months;
    INSERT INTO points_member_months (member_id, month, purchases, paid_minor, earned, refunded_minor, points_in, points_out)
      SELECT member_id, month, sum(purchases), sum(paid), sum(earned), sum(refunded), sum(pin), sum(pout) FROM (
        SELECT member_id, ${monthOf('created_at')} AS month, count(*) AS purchases, sum(paid_minor) AS paid,
               sum(points_earned) AS earned, 0 AS refunded, 0 AS pin, 0 AS pout
          FROM points_purchases GROUP BY 1, 2
        UNION ALL
        SELECT member_id, ${monthOf('created_at')}, 0, 0, 0, sum(amount_minor), 0, 0 FROM points_refunds GROUP BY 1, 2
        UNION ALL
        SELECT member_id, ${monthOf('created_at')}, 0, 0, 0, 0, sum(max(points, 0)), sum(max(-points, 0))
          FROM points_ledger GROUP BY 1, 2
      ) GROUP BY member_id, month;
    ${PAID_INDEX}
  `);
  markChecked(db);
}

/**
 * Applies 016's schema to a store that lacks it (a bench dataset cached before 016; tests).
 * The app gets it from `migrate`. Returns true when it applied.
 */
export function applyMemberTotalsIfAbsent(db: Db): boolean {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'points_member_months'").get();
  if (has) return false;
  db.transaction(() => m016MemberTotals.up(db)).immediate();
  return true;
}

export const MEMBER_TOTALS_SCHEMA = `
  CREATE TABLE points_member_months (
    member_id TEXT NOT NULL,
    month INTEGER NOT NULL,
    purchases INTEGER NOT NULL,
    paid_minor INTEGER NOT NULL,
    earned INTEGER NOT NULL,
    refunded_minor INTEGER NOT NULL,
    points_in INTEGER NOT NULL,
    points_out INTEGER NOT NULL,
    PRIMARY KEY (member_id, month)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE members_counts (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    live INTEGER NOT NULL,
    inactive INTEGER NOT NULL
  ) STRICT;
`;

/** Sorted access for top members: a month's members by what they paid, most first. */
const PAID_INDEX = 'CREATE INDEX points_member_months_paid ON points_member_months(month, paid_minor DESC);';

export const m016MemberTotals: Migration = {
  version: 16,
  name: '016-member-totals',
  up(db) {
    db.exec(MEMBER_TOTALS_SCHEMA);
    rebuildMemberTotals(db);
    createMemberTotalsTriggers(db);
    rebuildMemberCounts(db);
    db.exec(COUNT_TRIGGERS);
    markChecked(db);
  },
};
