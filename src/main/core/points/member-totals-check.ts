import type { Db, ReadDb } from '../db/open-database';
import { readMeta, writeMeta } from '../meta';
import { stmt } from '../db/statements';
import { memberTotalsReady } from './member-totals';
import { monthOf, TOTALS_CHECKED_SEQ } from '../db/migrations/020-member-totals';

/**
 * The running-totals invariant (migration 020): every (member, month) row of
 * `points_member_months` equals what the purchases, refunds and ledger entries of that
 * member and UTC month add up to, and no such month is missing. Like the ledger check it
 * reports and never fixes: a mismatch means a write path skipped the triggers (a file
 * edited outside the app, a bulk load that forgot to rebuild) and someone must look.
 */

export interface TotalsMismatch {
  memberId: string;
  month: number;
  /** "stored" or "tables": which side has the row; the other side differs or lacks it. */
  side: 'stored' | 'tables';
  row: string;
}

/** The tables' side, grouped like the stored rows; `filter` restricts every source to some members. */
const fromTables = (filter: string) => `
  SELECT member_id, month, sum(purchases) AS purchases, sum(paid) AS paid_minor, sum(earned) AS earned,
         sum(refunded) AS refunded_minor, sum(pin) AS points_in, sum(pout) AS points_out FROM (
    SELECT member_id, ${monthOf('created_at')} AS month, count(*) AS purchases, sum(paid_minor) AS paid,
           sum(points_earned) AS earned, 0 AS refunded, 0 AS pin, 0 AS pout
      FROM points_purchases WHERE ${filter} GROUP BY 1, 2
    UNION ALL
    SELECT member_id, ${monthOf('created_at')}, 0, 0, 0, sum(amount_minor), 0, 0
      FROM points_refunds WHERE ${filter} GROUP BY 1, 2
    UNION ALL
    SELECT member_id, ${monthOf('created_at')}, 0, 0, 0, 0, sum(max(points, 0)), sum(max(-points, 0))
      FROM points_ledger WHERE ${filter} GROUP BY 1, 2
  ) GROUP BY member_id, month`;

const STORED_COLS = 'member_id, month, purchases, paid_minor, earned, refunded_minor, points_in, points_out';

function diff(db: ReadDb, filter: string, params: unknown[], limit: number): TotalsMismatch[] {
  const rows = db
    .prepare(
      `WITH t AS (${fromTables(filter)}), s AS (SELECT ${STORED_COLS} FROM points_member_months WHERE ${filter})
       SELECT 'tables' AS side, * FROM (SELECT * FROM t EXCEPT SELECT * FROM s)
       UNION ALL
       SELECT 'stored' AS side, * FROM (SELECT * FROM s EXCEPT SELECT * FROM t)
       LIMIT ${limit}`,
    )
    .all(...params, ...params, ...params, ...params) as (Record<string, number | string> & {
    side: 'stored' | 'tables';
    member_id: string;
    month: number;
  })[];
  return rows.map((r) => ({
    memberId: r.member_id,
    month: r.month,
    side: r.side,
    row: `purchases ${r.purchases}, paid ${r.paid_minor}, earned ${r.earned}, refunded ${r.refunded_minor}, points +${r.points_in} −${r.points_out}`,
  }));
}

/** Every member at once (the daily check; tests). Seconds on a 10M-entry store: run it off the counter. */
export function checkMemberTotals(db: ReadDb, limit = 100): TotalsMismatch[] {
  if (!memberTotalsReady(db)) return [];
  return diff(db, '1', [], limit);
}

const SLICE_CURSOR = 'points_member_totals_check_cursor';
const CHECKED_SEQ = TOTALS_CHECKED_SEQ;

/**
 * The start-up form, bounded like checkLedgerAtStartup: every member with a ledger entry
 * since the last clean check, plus the next `sliceMembers` members (by id, rotating) — so
 * the whole store is re-checked every (members / sliceMembers) starts.
 */
export function checkMemberTotalsAtStartup(db: Db, sliceMembers = 2_000): TotalsMismatch[] {
  if (!memberTotalsReady(db)) return [];
  const checkedSeq = Number(readMeta(db, CHECKED_SEQ) ?? 0);
  const cursor = readMeta(db, SLICE_CURSOR) ?? '';
  const maxSeq = stmt(db, 'SELECT coalesce(max(seq), 0) FROM points_ledger').pluck().get() as number;
  const touched = db
    .prepare('SELECT DISTINCT member_id FROM points_ledger NOT INDEXED WHERE seq > ?')
    .pluck()
    .all(checkedSeq) as string[];
  const slice = db
    .prepare('SELECT member_id FROM points_balances WHERE member_id > ? ORDER BY member_id LIMIT ?')
    .pluck()
    .all(cursor, sliceMembers) as string[];
  const ids = JSON.stringify([...new Set([...touched, ...slice])]);
  const mismatches = diff(db, 'member_id IN (SELECT value FROM json_each(?))', [ids], 100);
  const next = slice.length < sliceMembers ? '' : slice[slice.length - 1];
  db.transaction(() => {
    writeMeta(db, SLICE_CURSOR, next);
    if (mismatches.length === 0) writeMeta(db, CHECKED_SEQ, String(maxSeq));
  }).immediate();
  return mismatches;
}

export const describeMismatch = (m: TotalsMismatch) =>
  `member ${m.memberId} month ${Math.floor(m.month / 12)}-${String((m.month % 12) + 1).padStart(2, '0')}: ` +
  `the ${m.side === 'stored' ? 'running totals say' : 'tables add up to'} ${m.row}, the other side differs`;
