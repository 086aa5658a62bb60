import type { ReadDb } from '../db/open-database';
import type { RedemptionByRewardDto } from '../../../shared/contract/reports';

/** For the reports area: redemptions in [from, to) by reward (voided ones counted apart). */
export function redemptionsByReward(db: ReadDb, from: number, to: number): RedemptionByRewardDto[] {
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
