import type { ReadDb } from '../db/open-database';
import type { Minor, Points } from '../../../shared/units';

/**
 * The points area's figures for the reports area, which reads points tables only
 * through these (each is one grouped scan; the reports combine them with other areas').
 * Periods are [from, to).
 */

export function purchaseTotals(db: ReadDb, from: number, to: number) {
  return db
    .prepare(
      `SELECT count(*) AS count, coalesce(sum(total_minor), 0) AS gross, coalesce(sum(discount_minor), 0) AS discount,
              coalesce(sum(paid_minor), 0) AS paid
       FROM points_purchases WHERE created_at >= ? AND created_at < ?`,
    )
    .get(from, to) as { count: number; gross: Minor; discount: Minor; paid: Minor };
}

export function refundTotals(db: ReadDb, from: number, to: number) {
  return db
    .prepare(
      `SELECT count(*) AS count, coalesce(sum(amount_minor), 0) AS amount
       FROM points_refunds WHERE created_at >= ? AND created_at < ?`,
    )
    .get(from, to) as { count: number; amount: Minor };
}

/** Points moved in the period, by ledger kind. */
export function pointsByKind(db: ReadDb, from: number, to: number): Map<string, Points> {
  const rows = db
    .prepare(
      `SELECT kind, sum(points) AS points FROM points_ledger
       WHERE created_at >= ? AND created_at < ? GROUP BY kind`,
    )
    .all(from, to) as { kind: string; points: Points }[];
  return new Map(rows.map((k) => [k.kind, k.points]));
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
         FROM points_purchases WHERE created_at >= @from AND created_at < @to GROUP BY member_id
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
       FROM points_purchases p
       WHERE p.created_at >= @since AND p.created_at <= @now
       GROUP BY p.member_id`,
    )
    .all({ since, now }) as { memberId: string; spend: Minor }[];
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
