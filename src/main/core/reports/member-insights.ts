import type { Refuser } from '../context';
import { loadMember } from '../members/member-repo';
import { memberPurchaseStats } from '../points/report-queries';
import { balanceOf } from '../points/ledger';
import { isAvailable, listRewards } from '../rewards/catalogue';
import type { MemberInsightsDto } from '../../../shared/contract/reports';
import { rfmSegment } from './rfm';

const DAY = 86_400_000;
const days = (ms: number) => Math.max(0, Math.floor(ms / DAY));

/**
 * What the member view shows next to the balance: the RFM segment (see rfm.ts) and
 * the rewards the member can take now, plus the closest one out of reach
 * ("120 pts to a free coffee"). Two indexed queries on (member_id, created_at).
 */
export function memberInsights(ctx: Refuser<'memberNotFound'>, memberId: string, now: number): MemberInsightsDto {
  const { db } = ctx;
  const member = loadMember(ctx, memberId);
  const yearAgo = now - 365 * DAY;
  const p = memberPurchaseStats(db, memberId, yearAgo);
  const balance = balanceOf(db, memberId);
  const recencyDays = p.last === null ? null : days(now - p.last);
  const segment = rfmSegment({
    recencyDays,
    frequency: p.frequency,
    firstPurchaseDays: p.first === null ? null : days(now - p.first),
    registeredDays: days(now - member.created_at),
  });

  const available = listRewards(db, false)
    .filter((r) => isAvailable(r, now))
    .sort((a, b) => a.cost_points - b.cost_points || a.name.localeCompare(b.name));
  const affordable = available
    .filter((r) => r.cost_points <= balance)
    .sort((a, b) => b.cost_points - a.cost_points)
    .map((r) => ({ rewardId: r.id, name: r.name, costPoints: r.cost_points }));
  const nextRow = available.find((r) => r.cost_points > balance);
  return {
    memberId,
    segment,
    recencyDays,
    frequency: p.frequency,
    monetaryMinor: p.monetary,
    balance,
    affordable,
    next: nextRow
      ? {
          rewardId: nextRow.id,
          name: nextRow.name,
          costPoints: nextRow.cost_points,
          pointsNeeded: nextRow.cost_points - Math.max(0, balance),
        }
      : null,
  };
}
