import type { ReadDb } from '../db/open-database';
import { ruleSetAt } from '../points/rules-repo';
import { addMonths } from '../points/exact-math';
import {
  expiringByBucket,
  hasPurchaseBetween,
  purchaseCount,
  rollingSpendByMember,
  spendByMember,
  windowRefundsByMember,
} from '../points/report-queries';
import { memberTotalsReady, topSpendersByMonths, windowPaidByMember } from '../points/member-totals';
import { tierDistributionFromSpend } from './tier-bands';
import { redemptionsByReward } from '../rewards/report-queries';
import { countCurrentMembers, currentMembersCensus, memberLabels } from '../members/member-repo';
import { provisionalMerges } from '../members/provisional';
import { chainSpendByMember } from '../points/head-office-purchases';
import { inChainMode } from '../sync/state';
import { chainExpiringByBucket } from '../sync/chain-expiring';
import type {
  ExpiryForecastDto,
  RedemptionByRewardDto,
  TierBucketDto,
  TopMemberDto,
} from '../../../shared/contract/reports';

const DAY = 86_400_000;

/**
 * Periods with more purchases than this are ranked from the per-member month totals
 * (migration 016); shorter ones are one covering-index scan, which is then as fast.
 * Measured at 20k members / 200k entries (load 22): a year 132 ms from the totals vs
 * 1,351 ms by the scan; 30 days (~7k purchases) 211 ms by the scan.
 */
const SCAN_MAX_PURCHASES = 5_000;

/** Members by paid spend in the period (refunds in the period subtracted); ties by registration order. */
export function topMembers(db: ReadDb, from: number, to: number, limit: number): TopMemberDto[] {
  if (memberTotalsReady(db) && purchaseCount(db, from, to) > SCAN_MAX_PURCHASES) {
    const ranked = topSpendersByMonths(db, from, to, limit, (ids) => {
      const seqs = new Map<string, number>();
      for (const [id, l] of memberLabels(db, ids)) seqs.set(id, l.seq);
      return seqs;
    });
    if (ranked) {
      const labels = memberLabels(
        db,
        ranked.map((s) => s.memberId),
      );
      return ranked.map((s) => ({
        memberId: s.memberId,
        name: labels.get(s.memberId)!.name,
        cardNumber: labels.get(s.memberId)!.cardNumber,
        purchases: s.purchases,
        spendMinor: s.spendMinor,
        pointsEarned: s.pointsEarned,
      }));
    }
  }
  return topMembersByScan(db, from, to, limit);
}

/** The same ranking by one scan of the period's purchases (exported for the equivalence test). */
export function topMembersByScan(db: ReadDb, from: number, to: number, limit: number): TopMemberDto[] {
  const spends = spendByMember(db, from, to);
  const labels = memberLabels(
    db,
    spends.map((s) => s.memberId),
  );
  return spends
    .filter((s) => labels.has(s.memberId))
    .map((s) => ({ ...s, label: labels.get(s.memberId)! }))
    .sort((a, b) => b.spendMinor - a.spendMinor || a.label.seq - b.label.seq)
    .slice(0, limit)
    .map((s) => ({
      memberId: s.memberId,
      name: s.label.name,
      cardNumber: s.label.cardNumber,
      purchases: s.purchases,
      spendMinor: s.spendMinor,
      pointsEarned: s.pointsEarned,
    }));
}

/**
 * Members by tier now: rolling spend (paid − refunded) over the rules' window, the same
 * definition the award uses. Members without purchases count where spend 0 counts (the
 * base tier, if one starts at 0).
 *
 * From the maintained rolling spend (migration 022, reports/tier-spend.ts) when it can
 * answer; else from the month totals (migration 016) when they exist: the window's paid totals per
 * member (`windowPaidByMember`), the refunds on the window's purchases, and whether a member
 * is current (one pass over members) asked only for members whose spend puts them outside
 * spend 0's bucket: spend 0's bucket is the current members left over. Same figures as
 * `tierDistributionByScan`
 * (test/property/tier-distribution.test.ts), without reading every purchase of the window.
 */
export function tierDistribution(db: ReadDb, now: number, rules = ruleSetAt(db, now).rules): TierBucketDto[] {
  // No tiers: every current member is in the "no tier" bucket, and the rolling spend of
  // each member (a scan of the whole window, seconds on a large store) would change nothing.
  if (rules.tiers.length === 0) return [{ tier: null, thresholdMinor: null, members: countCurrentMembers(db) }];
  // Chain mode: tiers come from chain-wide spend, which the maintained spend and the month
  // totals (this terminal's purchases only) do not hold.
  if (inChainMode(db)) return tierDistributionByScan(db, now, rules);
  const fromSpend = tierDistributionFromSpend(db, now, rules);
  if (fromSpend) return fromSpend;
  if (!memberTotalsReady(db)) return tierDistributionByScan(db, now, rules);
  const since = addMonths(now, -rules.tierWindowMonths);
  const spend = windowPaidByMember(db, since, now);
  for (const r of windowRefundsByMember(db, since, now)) {
    // As the scan: a refund counts only for a member with a purchase in the window.
    const paid = spend.get(r.memberId);
    if (paid === undefined && !hasPurchaseBetween(db, r.memberId, since, now)) continue;
    spend.set(r.memberId, (paid ?? 0) - r.refunded);
  }
  const tiers = rules.tiers;
  const zeroIdx = bucketOf(tiers, 0);
  const elsewhere: { id: string; idx: number }[] = [];
  for (const [id, s] of spend) {
    const idx = bucketOf(tiers, s);
    if (idx !== zeroIdx) elsewhere.push({ id, idx });
  }
  // Every purchase's member exists (foreign key): current = not in the census's few others.
  const census = currentMembersCensus(db);
  const counts = new Array<number>(tiers.length).fill(0);
  let none = 0;
  let placed = 0;
  for (const { id, idx } of elsewhere) {
    if (census.notCurrent.has(id)) continue;
    placed++;
    if (idx >= 0) counts[idx]++;
    else none++;
  }
  const rest = census.current - placed;
  if (zeroIdx >= 0) counts[zeroIdx] += rest;
  else none += rest;
  return tierBuckets(tiers, counts, none, zeroIdx);
}

/**
 * The counter's rule (earn-calc's tierFor): the highest tier whose threshold the spend
 * reached; -1 = no tier.
 */
function bucketOf(tiers: readonly { thresholdMinor: number }[], spend: number): number {
  let idx = -1;
  for (let i = 0; i < tiers.length; i++) if (spend >= tiers[i].thresholdMinor) idx = i;
  return idx;
}

/** With a threshold-0 base tier nobody is "No tier" (that bucket then is not listed). */
function tierBuckets(
  tiers: readonly { name: string; thresholdMinor: number }[],
  counts: number[],
  none: number,
  zeroIdx: number,
): TierBucketDto[] {
  const buckets = tiers.map((t, i) => ({ tier: t.name, thresholdMinor: t.thresholdMinor, members: counts[i] }));
  return zeroIdx >= 0 && none === 0 ? buckets : [{ tier: null, thresholdMinor: null, members: none }, ...buckets];
}

/**
 * The same distribution by two grouped scans of the window's purchases and refunds (a
 * store without the month totals; the equivalence test). In chain mode the spend is the
 * chain's, as the counter's tier (points/tier-policy.ts): this terminal's purchases —
 * a merged provisional card's counted for its member — plus the chain's purchases head
 * office sent that this terminal does not hold.
 */
export function tierDistributionByScan(db: ReadDb, now: number, rules = ruleSetAt(db, now).rules): TierBucketDto[] {
  if (rules.tiers.length === 0) return [{ tier: null, thresholdMinor: null, members: countCurrentMembers(db) }];
  const since = addMonths(now, -rules.tierWindowMonths);
  const all = inChainMode(db) ? chainWideSpend(db, since, now) : rollingSpendByMember(db, since, now);
  const labels = memberLabels(
    db,
    all.map((s) => s.memberId),
  );
  const spends = all.filter((s) => labels.get(s.memberId)?.current === true);
  const totalMembers = countCurrentMembers(db);
  const tiers = rules.tiers;
  const counts = new Array<number>(tiers.length).fill(0);
  let none = 0;
  for (const { spend } of spends) {
    const idx = bucketOf(tiers, spend);
    if (idx >= 0) counts[idx]++;
    else none++;
  }
  const withoutPurchases = totalMembers - spends.length;
  const zeroIdx = bucketOf(tiers, 0);
  if (zeroIdx >= 0) counts[zeroIdx] += withoutPurchases;
  else none += withoutPurchases;
  return tierBuckets(tiers, counts, none, zeroIdx);
}

function chainWideSpend(db: ReadDb, since: number, now: number): { memberId: string; spend: number }[] {
  const merges = provisionalMerges(db);
  const spend = new Map<string, number>();
  const add = (memberId: string, minor: number) => {
    const id = merges.get(memberId) ?? memberId;
    spend.set(id, (spend.get(id) ?? 0) + minor);
  };
  for (const r of rollingSpendByMember(db, since, now)) add(r.memberId, r.spend);
  for (const r of chainSpendByMember(db, since, now)) add(r.memberId, r.spend);
  return [...spend].map(([memberId, s]) => ({ memberId, spend: s }));
}

export function redemptionByReward(db: ReadDb, from: number, to: number): RedemptionByRewardDto[] {
  return redemptionsByReward(db, from, to);
}

/** Points that will expire in the next `days` days (lots still holding points), by week. */
export function expiryForecast(db: ReadDb, now: number, days: number): ExpiryForecastDto {
  const end = now + days * DAY;
  // In chain mode head office expires the chain's points: its dates, not this terminal's lots.
  const rows = (inChainMode(db) ? chainExpiringByBucket : expiringByBucket)(db, now, end, 7 * DAY);
  const n = Math.ceil(days / 7);
  const buckets = Array.from({ length: n }, (_, i) => ({
    from: now + i * 7 * DAY,
    to: Math.min(end, now + (i + 1) * 7 * DAY),
    points: 0,
  }));
  for (const r of rows) buckets[Math.floor(r.bucket)].points += r.points;
  return { from: now, days, total: buckets.reduce((s, b) => s + b.points, 0), buckets };
}
