import type { Db, ReadDb } from '../db/open-database';
import { readMeta, writeMeta } from '../meta';
import { stmt } from '../db/statements';
import { memberTotalsReady } from './member-totals';
import { monthOf, TOTALS_CHECKED_SEQ } from '../db/migrations/016-member-totals';

/**
 * The running-totals invariant (migration 016): every (member, month) row of
 * `points_member_months` equals what the purchases, refunds and ledger entries of that
 * member and UTC month add up to, and no such month is missing. Like the ledger check it
 * reports and never fixes: a mismatch means a write path skipped the triggers (a file
 * edited outside the app, a bulk load that forgot to rebuild) and someone must look.
 */

export interface TotalsMismatch {
  memberId: string;
  /** UTC month index, or −1 for a member's lifetime figures (the daily check). */
  month: number;
  /** "stored" or "tables": which side has the row; the other side differs or lacks it. */
  side: 'stored' | 'tables';
  row: string;
}

const STORED_COLS = 'member_id, month, purchases, paid_minor, earned, refunded_minor, points_in, points_out';

type MonthRow = {
  month: number;
  purchases: number;
  paid_minor: number;
  earned: number;
  refunded_minor: number;
  points_in: number;
  points_out: number;
};
const COLS = ['purchases', 'paid_minor', 'earned', 'refunded_minor', 'points_in', 'points_out'] as const;
const describeRow = (r: Omit<MonthRow, 'month'>) =>
  `purchases ${r.purchases}, paid ${r.paid_minor}, earned ${r.earned}, refunded ${r.refunded_minor}, points +${r.points_in} −${r.points_out}`;

/**
 * One member, month by month: the stored rows against the member's purchases, refunds and
 * entries grouped by month — each read by its member index (a few rows), so a slice of
 * members costs a few index seeks each.
 */
export function checkMemberMonths(db: ReadDb, memberId: string): TotalsMismatch[] {
  const empty = (month: number): MonthRow => ({
    month,
    purchases: 0,
    paid_minor: 0,
    earned: 0,
    refunded_minor: 0,
    points_in: 0,
    points_out: 0,
  });
  const want = new Map<number, MonthRow>();
  const at = (m: number) => want.get(m) ?? want.set(m, empty(m)).get(m)!;
  for (const r of stmt(
    db,
    `SELECT ${monthOf('created_at')} AS month, count(*) AS n, sum(paid_minor) AS paid, sum(points_earned) AS earned
     FROM points_purchases WHERE member_id = ? GROUP BY 1`,
  ).all(memberId) as { month: number; n: number; paid: number; earned: number }[]) {
    Object.assign(at(r.month), { purchases: r.n, paid_minor: r.paid, earned: r.earned });
  }
  for (const r of stmt(
    db,
    `SELECT ${monthOf('created_at')} AS month, sum(amount_minor) AS a FROM points_refunds WHERE member_id = ? GROUP BY 1`,
  ).all(memberId) as { month: number; a: number }[]) {
    at(r.month).refunded_minor = r.a;
  }
  for (const r of stmt(
    db,
    `SELECT ${monthOf('created_at')} AS month, sum(max(points, 0)) AS pin, sum(max(-points, 0)) AS pout
     FROM points_ledger WHERE member_id = ? GROUP BY 1`,
  ).all(memberId) as { month: number; pin: number; pout: number }[]) {
    Object.assign(at(r.month), { points_in: r.pin, points_out: r.pout });
  }
  const out: TotalsMismatch[] = [];
  const stored = stmt(db, `SELECT ${STORED_COLS} FROM points_member_months WHERE member_id = ?`).all(
    memberId,
  ) as (MonthRow & { member_id: string })[];
  for (const s of stored) {
    const w = want.get(s.month);
    want.delete(s.month);
    if (!w || COLS.some((c) => w[c] !== s[c]))
      out.push({ memberId, month: s.month, side: 'stored', row: describeRow(s) });
  }
  for (const w of want.values()) {
    if (!stored.some((s) => s.month === w.month))
      out.push({ memberId, month: w.month, side: 'tables', row: describeRow(w) });
  }
  return out;
}

/**
 * Every member at once (the daily check, off the counter; tests). First the whole store's
 * sums — the month rows against each table read once along a covering index (as fast as the
 * full ledger check: 0.3 s at 200k entries); only when they differ, each member's lifetime
 * figures against one grouped pass per table, to name the members (6.8 s at 200k entries
 * under load: too long a read snapshot to take every day). A month mis-attributed within a
 * member is left to the start-up slices, which compare month by month (checkMemberMonths).
 */
export function checkMemberTotals(db: ReadDb, limit = 100): TotalsMismatch[] {
  if (!memberTotalsReady(db)) return [];
  const one = (sql: string) => db.prepare(sql).get() as Record<string, number>;
  const stored = one(
    `SELECT coalesce(sum(purchases), 0) AS purchases, coalesce(sum(paid_minor), 0) AS paid_minor,
            coalesce(sum(earned), 0) AS earned, coalesce(sum(refunded_minor), 0) AS refunded_minor,
            coalesce(sum(points_in), 0) AS points_in, coalesce(sum(points_out), 0) AS points_out
     FROM points_member_months`,
  );
  const tables = {
    ...one(
      `SELECT count(*) AS purchases, coalesce(sum(paid_minor), 0) AS paid_minor, coalesce(sum(points_earned), 0) AS earned
       FROM points_purchases INDEXED BY points_purchases_period`,
    ),
    ...one('SELECT coalesce(sum(amount_minor), 0) AS refunded_minor FROM points_refunds'),
    ...one(
      `SELECT coalesce(sum(max(points, 0)), 0) AS points_in, coalesce(sum(max(-points, 0)), 0) AS points_out
       FROM points_ledger INDEXED BY points_ledger_member`,
    ),
  };
  if (COLS.every((c) => stored[c] === tables[c])) return [];
  const rows = db
    .prepare(
      `WITH t AS (
         SELECT member_id, sum(purchases) AS purchases, sum(paid) AS paid_minor, sum(earned) AS earned,
                sum(refunded) AS refunded_minor, sum(pin) AS points_in, sum(pout) AS points_out FROM (
           SELECT member_id, count(*) AS purchases, sum(paid_minor) AS paid, sum(points_earned) AS earned,
                  0 AS refunded, 0 AS pin, 0 AS pout FROM points_purchases GROUP BY member_id
           UNION ALL
           SELECT member_id, 0, 0, 0, sum(amount_minor), 0, 0 FROM points_refunds GROUP BY member_id
           UNION ALL
           SELECT member_id, 0, 0, 0, 0, sum(max(points, 0)), sum(max(-points, 0)) FROM points_ledger GROUP BY member_id
         ) GROUP BY member_id
       ), s AS (
         SELECT member_id, sum(purchases) AS purchases, sum(paid_minor) AS paid_minor, sum(earned) AS earned,
                sum(refunded_minor) AS refunded_minor, sum(points_in) AS points_in, sum(points_out) AS points_out
         FROM points_member_months GROUP BY member_id
       )
       SELECT 'tables' AS side, * FROM (SELECT * FROM t EXCEPT SELECT * FROM s)
       UNION ALL
       SELECT 'stored' AS side, * FROM (SELECT * FROM s EXCEPT SELECT * FROM t)
       LIMIT ?`,
    )
    .all(limit) as (MonthRow & { side: 'stored' | 'tables'; member_id: string })[];
  const found = rows.map((r) => ({ memberId: r.member_id, month: -1, side: r.side, row: describeRow(r) }));
  // Sums differ but no member does: a row of nobody's (an entry whose member_id no table agrees on).
  return found.length > 0
    ? found
    : [{ memberId: '*', month: -1, side: 'stored', row: describeRow(stored as unknown as MonthRow) }];
}

const SLICE_CURSOR = 'points_member_totals_check_cursor';
const CHECKED_SEQ = TOTALS_CHECKED_SEQ;

/**
 * The start-up form, bounded like checkLedgerAtStartup: month by month, every member with a
 * ledger entry since the last clean check, plus up to the next `sliceMembers` members (by
 * id, rotating, at most `sliceBudgetMs` of them) — so the whole store is re-checked in turn.
 */
export function checkMemberTotalsAtStartup(db: Db, sliceMembers = 500, sliceBudgetMs = 100): TotalsMismatch[] {
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
  const mismatches: TotalsMismatch[] = [];
  const push = (ms: TotalsMismatch[]) => {
    for (const m of ms) if (mismatches.length < 100) mismatches.push(m);
  };
  const seen = new Set(touched);
  for (const id of touched) push(checkMemberMonths(db, id));
  // The rotating part stops after `sliceBudgetMs` (regulars with thousands of entries sit
  // together in id order): the cursor resumes after the last member checked.
  const until = performance.now() + sliceBudgetMs;
  let checked = 0;
  for (const id of slice) {
    if (checked > 0 && performance.now() > until) break;
    if (!seen.has(id)) push(checkMemberMonths(db, id));
    checked++;
  }
  const next = checked === slice.length && slice.length < sliceMembers ? '' : (slice[checked - 1] ?? cursor);
  db.transaction(() => {
    writeMeta(db, SLICE_CURSOR, next);
    if (mismatches.length === 0) writeMeta(db, CHECKED_SEQ, String(maxSeq));
  }).immediate();
  return mismatches;
}

export const describeMismatch = (m: TotalsMismatch) =>
  `member ${m.memberId} ${m.month < 0 ? 'lifetime' : `month ${Math.floor(m.month / 12)}-${String((m.month % 12) + 1).padStart(2, '0')}`}: ` +
  `the ${m.side === 'stored' ? 'running totals say' : 'tables add up to'} ${m.row}, the other side differs`;
