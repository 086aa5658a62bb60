import type { Migration } from '../migration';

/**
 * Version 18: one B-tree fewer on every award (issue 13 item 2). Each B-tree an award
 * writes is one more page in its commit, fsynced at synchronous=FULL (≈ 10 µs a page on
 * top of a commit's ≈ 0.26 ms here), and a new lot is written on every earning award.
 *
 * `points_lots_open` (member_id, earned_at, id) WHERE remaining > 0 had one reader left,
 * "this member's points expiring soon" (expiry.ts#expiringWithin). `points_lots_spend`
 * (migration 010) has the same member prefix and the same partial condition, so that
 * reader is one member's open lots either way (a handful), sorted in memory. Every other
 * open-lot reader (spending, expiry at spend time, due-now) already used the spend index;
 * the daily expiry run uses `points_lots_due`. test/core/migrations/018-… checks each of
 * these plans.
 *
 * Kept, because a query needs each: `points_ledger_created` (the reports' part-hour edges
 * by kind), the purchases' period and member indexes (report and tier-window edges, a
 * member's history), both receipt keys (the raw number's UNIQUE is the table's own
 * constraint: dropping it means rebuilding a million-row table).
 */
export const m018AwardWriteShape: Migration = {
  version: 18,
  name: '018-award-write-shape',
  up(db) {
    db.exec('DROP INDEX IF EXISTS points_lots_open');
  },
};
