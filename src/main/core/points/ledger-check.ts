import type { Db, ReadDb } from '../db/open-database';
import type { LedgerCheckDto } from '../../../shared/contract/points';
import { readMeta, writeMeta } from '../meta';

/**
 * The ledger invariant: every member's cached balance equals the sum of their entries.
 * Reports mismatches, never fixes them — a mismatch means the file was edited outside
 * the app or a bug slipped through, and someone must look. The grouped sum runs on the
 * covering (member_id, seq, points) index.
 */
export function checkLedger(db: ReadDb, limit = 100): LedgerCheckDto {
  const mismatches = db
    .prepare(
      `WITH sums AS (SELECT member_id, sum(points) AS total FROM points_ledger GROUP BY member_id)
       SELECT s.member_id AS memberId, coalesce(b.balance, 0) AS cached, s.total AS sum
         FROM sums s LEFT JOIN points_balances b ON b.member_id = s.member_id
        WHERE coalesce(b.balance, 0) != s.total
       UNION ALL
       SELECT b.member_id, b.balance, 0 FROM points_balances b
        WHERE b.balance != 0 AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.member_id = b.member_id)
       LIMIT ?`,
    )
    .all(limit) as LedgerCheckDto['mismatches'];
  const { n } = db.prepare('SELECT count(*) AS n FROM points_balances').get() as { n: number };
  return { ok: mismatches.length === 0, membersChecked: n, mismatches };
}

/** Lots must cover exactly the positive part of each balance (tests and diagnostics). */
export function checkLots(db: ReadDb): { memberId: string; balance: number; lots: number }[] {
  return db
    .prepare(
      `SELECT b.member_id AS memberId, b.balance AS balance,
              coalesce((SELECT sum(remaining) FROM points_lots l WHERE l.member_id = b.member_id), 0) AS lots
         FROM points_balances b
        WHERE max(b.balance, 0) != coalesce((SELECT sum(remaining) FROM points_lots l WHERE l.member_id = b.member_id), 0)`,
    )
    .all() as { memberId: string; balance: number; lots: number }[];
}

export const CHECKED_SEQ = 'points_ledger_checked_seq';
const SLICE_CURSOR = 'points_ledger_check_cursor';

export interface StartupLedgerCheck extends LedgerCheckDto {
  /** Members whose entries changed since the last clean check. */
  touched: number;
  /** Members checked by the rotating slice (the rest of the store, a part per start). */
  slice: number;
  /** True when this start finished a pass over every member. */
  wrapped: boolean;
}

/**
 * The start-up form of the invariant, bounded so a 10M-entry store still opens in well
 * under a second: it checks (1) every member with an entry written since the last clean
 * check, and (2) the next `sliceMembers` members in id order, rotating, so that every
 * member is re-checked every (members / sliceMembers) starts — catching a balance or an
 * old entry edited outside the app. `points:checkLedger` does the whole store at once.
 * Mismatches are reported and the checkpoint does not move, so they are reported again
 * on every start until someone looks; nothing is ever "fixed" here.
 */
export function checkLedgerAtStartup(db: Db, sliceMembers = 5_000): StartupLedgerCheck {
  const checkedSeq = Number(readMeta(db, CHECKED_SEQ) ?? 0);
  const cursor = readMeta(db, SLICE_CURSOR) ?? '';
  const maxSeq = (db.prepare('SELECT coalesce(max(seq), 0) FROM points_ledger').pluck().get() as number) ?? 0;
  const sumOf = db.prepare('SELECT coalesce(sum(points), 0) FROM points_ledger WHERE member_id = ?').pluck();
  const cachedOf = db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').pluck();
  const mismatches: LedgerCheckDto['mismatches'] = [];
  const seen = new Set<string>();

  const touched = db
    // NOT INDEXED: walk the rowid range of new entries. Left to itself the planner
    // skip-scans the whole member index (measured: 0.08 ms vs 365 ms at 1M entries).
    .prepare('SELECT DISTINCT member_id FROM points_ledger NOT INDEXED WHERE seq > ?')
    .pluck()
    .all(checkedSeq) as string[];
  for (const memberId of touched) {
    seen.add(memberId);
    const cached = (cachedOf.get(memberId) as number | undefined) ?? 0;
    const sum = sumOf.get(memberId) as number;
    if (cached !== sum) mismatches.push({ memberId, cached, sum });
  }

  // One ordered pass over a range of balances; each sum is a seek on the covering index.
  const slice = db
    .prepare(
      `SELECT b.member_id AS memberId, b.balance AS cached,
              (SELECT coalesce(sum(l.points), 0) FROM points_ledger l WHERE l.member_id = b.member_id) AS sum
         FROM points_balances b WHERE b.member_id > ? ORDER BY b.member_id LIMIT ?`,
    )
    .all(cursor, sliceMembers) as LedgerCheckDto['mismatches'];
  for (const row of slice) {
    if (!seen.has(row.memberId) && row.cached !== row.sum) mismatches.push(row);
  }
  const wrapped = slice.length < sliceMembers;
  const next = wrapped ? '' : slice[slice.length - 1].memberId;

  db.transaction(() => {
    // The slice always moves on (so a mismatch cannot stall the rotation); the
    // "checked up to" mark only moves when everything it covers was clean.
    writeMeta(db, SLICE_CURSOR, next);
    if (mismatches.length === 0) writeMeta(db, CHECKED_SEQ, String(maxSeq));
  }).immediate();
  return {
    ok: mismatches.length === 0,
    membersChecked: seen.size + slice.length,
    mismatches: mismatches.slice(0, 100),
    touched: touched.length,
    slice: slice.length,
    wrapped,
  };
}
