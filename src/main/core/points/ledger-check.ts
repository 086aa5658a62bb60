import type { Db } from '../db/open-database';
import type { LedgerCheckDto } from '../../../shared/contract/points';

/**
 * The ledger invariant: every member's cached balance equals the sum of their entries.
 * Reports mismatches, never fixes them — a mismatch means the file was edited outside
 * the app or a bug slipped through, and someone must look. The grouped sum runs on the
 * covering (member_id, seq, points) index.
 */
export function checkLedger(db: Db, limit = 100): LedgerCheckDto {
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
export function checkLots(db: Db): { memberId: string; balance: number; lots: number }[] {
  return db
    .prepare(
      `SELECT b.member_id AS memberId, b.balance AS balance,
              coalesce((SELECT sum(remaining) FROM points_lots l WHERE l.member_id = b.member_id), 0) AS lots
         FROM points_balances b
        WHERE max(b.balance, 0) != coalesce((SELECT sum(remaining) FROM points_lots l WHERE l.member_id = b.member_id), 0)`,
    )
    .all() as { memberId: string; balance: number; lots: number }[];
}
