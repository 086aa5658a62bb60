import type { ReadDb } from '../db/open-database';
import { ruleSetAt } from '../points/rules-repo';
import { addMonths } from '../points/exact-math';
import type {
  ExpiryForecastDto,
  RedemptionByRewardDto,
  TierBucketDto,
  TopMemberDto,
} from '../../../shared/contract/reports';

const DAY = 86_400_000;

/** Members by paid spend in the period (refunds in the period subtracted). */
export function topMembers(db: ReadDb, from: number, to: number, limit: number): TopMemberDto[] {
  return db
    .prepare(
      `WITH spend AS (
         SELECT member_id, count(*) AS purchases, sum(paid_minor) AS paid, sum(points_earned) AS earned
         FROM points_purchases WHERE created_at >= @from AND created_at < @to GROUP BY member_id
       ), back AS (
         SELECT member_id, sum(amount_minor) AS refunded
         FROM points_refunds WHERE created_at >= @from AND created_at < @to GROUP BY member_id
       )
       SELECT m.id AS memberId, m.name AS name, m.card_number AS cardNumber, s.purchases AS purchases,
              s.paid - coalesce(b.refunded, 0) AS spendMinor, s.earned AS pointsEarned
       FROM spend s JOIN members m ON m.id = s.member_id LEFT JOIN back b ON b.member_id = s.member_id
       ORDER BY spendMinor DESC, m.seq LIMIT @limit`,
    )
    .all({ from, to, limit }) as TopMemberDto[];
}

/**
 * Members by tier now: rolling spend (paid − refunded) over the rules' window, the same
 * definition the award uses, computed for all members in two grouped scans.
 * Active, non-erased members without purchases count in the "no tier" bucket.
 */
export function tierDistribution(db: ReadDb, now: number): TierBucketDto[] {
  const { rules } = ruleSetAt(db, now);
  const since = addMonths(now, -rules.tierWindowMonths);
  const spends = db
    .prepare(
      `SELECT p.member_id AS memberId,
              sum(p.paid_minor) - coalesce((SELECT sum(r.amount_minor) FROM points_refunds r
                 JOIN points_purchases p2 ON p2.id = r.purchase_id
                 WHERE r.member_id = p.member_id AND r.created_at <= @now AND p2.created_at >= @since), 0) AS spend
       FROM points_purchases p JOIN members m ON m.id = p.member_id
       WHERE p.created_at >= @since AND p.created_at <= @now AND m.active = 1 AND m.erased_at IS NULL
       GROUP BY p.member_id`,
    )
    .all({ since, now }) as { memberId: string; spend: number }[];
  const totalMembers = db
    .prepare('SELECT count(*) FROM members WHERE active = 1 AND erased_at IS NULL')
    .pluck()
    .get() as number;
  const tiers = rules.tiers;
  const counts = new Array<number>(tiers.length).fill(0);
  let tiered = 0;
  for (const { spend } of spends) {
    let idx = -1;
    for (let i = 0; i < tiers.length; i++) if (spend >= tiers[i].thresholdMinor) idx = i;
    if (idx >= 0) {
      counts[idx]++;
      tiered++;
    }
  }
  return [
    { tier: null, thresholdMinor: null, members: totalMembers - tiered },
    ...tiers.map((t, i) => ({ tier: t.name, thresholdMinor: t.thresholdMinor, members: counts[i] })),
  ];
}

export function redemptionByReward(db: ReadDb, from: number, to: number): RedemptionByRewardDto[] {
  return db
    .prepare(
      `SELECT reward_id AS rewardId, max(reward_name) AS rewardName,
              sum(status = 'active') AS redemptions, sum(status = 'voided') AS voided,
              coalesce(sum(CASE WHEN status = 'active' THEN points END), 0) AS points
       FROM reward_redemptions WHERE created_at >= ? AND created_at < ?
       GROUP BY reward_id ORDER BY redemptions DESC, points DESC`,
    )
    .all(from, to) as RedemptionByRewardDto[];
}

/** Points that will expire in the next `days` days (lots still holding points), by week. */
export function expiryForecast(db: ReadDb, now: number, days: number): ExpiryForecastDto {
  const end = now + days * DAY;
  const rows = db
    .prepare(
      `SELECT (expires_at - @now) / @week AS bucket, sum(remaining) AS points FROM points_lots
       WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at >= @now AND expires_at < @end
       GROUP BY bucket`,
    )
    .all({ now, end, week: 7 * DAY }) as { bucket: number; points: number }[];
  const n = Math.ceil(days / 7);
  const buckets = Array.from({ length: n }, (_, i) => ({
    from: now + i * 7 * DAY,
    to: Math.min(end, now + (i + 1) * 7 * DAY),
    points: 0,
  }));
  for (const r of rows) buckets[Math.floor(r.bucket)].points += r.points;
  return { from: now, days, total: buckets.reduce((s, b) => s + b.points, 0), buckets };
}
