import type { ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import { add, ZERO_POINTS, type Minor, type Points } from '../../../shared/units';

/**
 * The points area's figures for the reports area, which reads points tables only
 * through these (each is one grouped scan; the reports combine them with other areas').
 * Periods are [from, to).
 */

const HOUR_MS = 3_600_000; // points_report_hours' bucket (migration 011)

/**
 * [from, to) as the whole hours inside it, read from `points_report_hours` (kept exact by
 * triggers in every write transaction), plus the part-hours at its edges, scanned from
 * the tables by their created-at indexes — so a year costs ~9,000 summary rows, not
 * millions of entries, and the figures are the same as one scan of the whole period.
 */
function splitByHour(from: number, to: number) {
  const h0 = Math.ceil(from / HOUR_MS);
  const h1 = Math.floor(to / HOUR_MS);
  if (h0 >= h1) return { hours: null, edges: from < to ? [[from, to]] : [] };
  const edges: [number, number][] = [];
  if (from < h0 * HOUR_MS) edges.push([from, h0 * HOUR_MS]);
  if (h1 * HOUR_MS < to) edges.push([h1 * HOUR_MS, to]);
  return { hours: [h0, h1] as const, edges };
}

/** n = rows; a, b, c = the metric's sums (minor units or points, by metric). */
interface HourSums {
  n: number;
  a: number;
  b: number;
  c: number;
}

function hourSums(db: ReadDb, metric: string, hours: readonly [number, number] | null): HourSums {
  if (!hours) return { n: 0, a: 0, b: 0, c: 0 };
  return stmt(
    db,
    `SELECT coalesce(sum(n), 0) AS n, coalesce(sum(a), 0) AS a, coalesce(sum(b), 0) AS b, coalesce(sum(c), 0) AS c
     FROM points_report_hours WHERE metric = ? AND hour >= ? AND hour < ?`,
  ).get(metric, hours[0], hours[1]) as HourSums;
}

export function purchaseTotals(db: ReadDb, from: number, to: number) {
  const { hours, edges } = splitByHour(from, to);
  const h = hourSums(db, 'purchase', hours);
  const out = { count: h.n, gross: h.a as Minor, discount: h.b as Minor, paid: h.c as Minor };
  for (const [a, b] of edges) {
    const e = stmt(
      db,
      `SELECT count(*) AS count, coalesce(sum(total_minor), 0) AS gross, coalesce(sum(discount_minor), 0) AS discount,
              coalesce(sum(paid_minor), 0) AS paid
       FROM points_purchases WHERE created_at >= ? AND created_at < ?`,
    ).get(a, b) as typeof out;
    out.count += e.count;
    out.gross = add(out.gross, e.gross);
    out.discount = add(out.discount, e.discount);
    out.paid = add(out.paid, e.paid);
  }
  return out;
}

/** Purchases in [from, to), from the hour summaries plus the edges (cheap for any period). */
export function purchaseCount(db: ReadDb, from: number, to: number): number {
  return purchaseTotals(db, from, to).count;
}

export function refundTotals(db: ReadDb, from: number, to: number) {
  const { hours, edges } = splitByHour(from, to);
  const h = hourSums(db, 'refund', hours);
  const out = { count: h.n, amount: h.a as Minor };
  for (const [a, b] of edges) {
    const e = stmt(
      db,
      `SELECT count(*) AS count, coalesce(sum(amount_minor), 0) AS amount
       FROM points_refunds WHERE created_at >= ? AND created_at < ?`,
    ).get(a, b) as typeof out;
    out.count += e.count;
    out.amount = add(out.amount, e.amount);
  }
  return out;
}

/** Points moved in the period, by ledger kind. */
export function pointsByKind(db: ReadDb, from: number, to: number): Map<string, Points> {
  const { hours, edges } = splitByHour(from, to);
  const out = new Map<string, Points>();
  const addRows = (rows: { kind: string; points: Points }[]) => {
    for (const r of rows) out.set(r.kind, add(out.get(r.kind) ?? ZERO_POINTS, r.points));
  };
  if (hours) {
    addRows(
      stmt(
        db,
        `SELECT substr(metric, 8) AS kind, sum(a) AS points FROM points_report_hours
         WHERE metric >= 'points:' AND metric < 'points;' AND hour >= ? AND hour < ? GROUP BY metric`,
      ).all(hours[0], hours[1]) as { kind: string; points: Points }[],
    );
  }
  for (const [a, b] of edges) {
    addRows(
      stmt(
        db,
        `SELECT kind, sum(points) AS points FROM points_ledger
         WHERE created_at >= ? AND created_at < ? GROUP BY kind`,
      ).all(a, b) as { kind: string; points: Points }[],
    );
  }
  return out;
}

/** Sum of positive balances (a negative balance after a claw-back is not an asset). */
export function outstandingPoints(db: ReadDb): { points: Points; members: number } {
  return db
    .prepare('SELECT coalesce(sum(balance), 0) AS points, count(*) AS members FROM points_balances WHERE balance > 0')
    .get() as { points: Points; members: number };
}

/** Per member with purchases in the period: purchases, paid − refunded in the period, points earned. */
export function spendByMember(db: ReadDb, from: number, to: number) {
  return db
    .prepare(
      `WITH spend AS (
         SELECT member_id, count(*) AS purchases, sum(paid_minor) AS paid, sum(points_earned) AS earned
         FROM points_purchases INDEXED BY points_purchases_period
         WHERE created_at >= @from AND created_at < @to GROUP BY member_id
       ), back AS (
         SELECT member_id, sum(amount_minor) AS refunded
         FROM points_refunds WHERE created_at >= @from AND created_at < @to GROUP BY member_id
       )
       SELECT s.member_id AS memberId, s.purchases AS purchases, s.paid - coalesce(b.refunded, 0) AS spendMinor,
              s.earned AS pointsEarned
       FROM spend s LEFT JOIN back b ON b.member_id = s.member_id`,
    )
    .all({ from, to }) as { memberId: string; purchases: number; spendMinor: Minor; pointsEarned: Points }[];
}

/**
 * Rolling spend (paid − refunded) of every member with purchases in (since, now], the
 * definition the award's tier uses (see tiers.ts), in one grouped scan.
 */
export function rollingSpendByMember(db: ReadDb, since: number, now: number) {
  return db
    .prepare(
      `SELECT p.member_id AS memberId,
              sum(p.paid_minor) - coalesce((SELECT sum(r.amount_minor) FROM points_refunds r
                 JOIN points_purchases p2 ON p2.id = r.purchase_id
                 WHERE r.member_id = p.member_id AND r.created_at <= @now AND p2.created_at >= @since), 0) AS spend
       FROM points_purchases p INDEXED BY points_purchases_period
       WHERE p.created_at >= @since AND p.created_at <= @now
       GROUP BY p.member_id`,
    )
    .all({ since, now }) as { memberId: string; spend: Minor }[];
}

/**
 * The refund half of `rollingSpendByMember`, per member: refunds made by `now` on purchases
 * made since `since` (refunds are few; one pass over them, each joined to its purchase).
 */
export function windowRefundsByMember(db: ReadDb, since: number, now: number) {
  return db
    .prepare(
      `SELECT r.member_id AS memberId, sum(r.amount_minor) AS refunded FROM points_refunds r
       JOIN points_purchases p ON p.id = r.purchase_id
       WHERE r.created_at <= @now AND p.created_at >= @since GROUP BY r.member_id`,
    )
    .all({ since, now }) as { memberId: string; refunded: Minor }[];
}

/** Whether the member made a purchase in [since, now] (their member index, one probe). */
export function hasPurchaseBetween(db: ReadDb, memberId: string, since: number, now: number): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM points_purchases INDEXED BY points_purchases_member
       WHERE member_id = ? AND created_at >= ? AND created_at <= ? LIMIT 1`,
    ).get(memberId, since, now) !== undefined
  );
}

/** Points in lots that expire in [now, end), by `week`-long bucket from now. */
export function expiringByBucket(db: ReadDb, now: number, end: number, week: number) {
  return db
    .prepare(
      `SELECT (expires_at - @now) / @week AS bucket, sum(remaining) AS points FROM points_lots
       WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at >= @now AND expires_at < @end
       GROUP BY bucket`,
    )
    .all({ now, end, week }) as { bucket: number; points: Points }[];
}

/** One member's purchase history in brief: last and first purchase, count and net spend since `since`. */
export function memberPurchaseStats(db: ReadDb, memberId: string, since: number) {
  return db
    .prepare(
      `SELECT (SELECT max(created_at) FROM points_purchases WHERE member_id = @id) AS last,
              (SELECT min(created_at) FROM points_purchases WHERE member_id = @id) AS first,
              (SELECT count(*) FROM points_purchases WHERE member_id = @id AND created_at >= @since) AS frequency,
              (SELECT coalesce(sum(paid_minor), 0) FROM points_purchases WHERE member_id = @id AND created_at >= @since)
                - (SELECT coalesce(sum(amount_minor), 0) FROM points_refunds WHERE member_id = @id AND created_at >= @since)
                AS monetary`,
    )
    .get({ id: memberId, since }) as { last: number | null; first: number | null; frequency: number; monetary: Minor };
}
