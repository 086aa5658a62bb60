import type { ReadDb } from '../db/open-database';
import type { RuleSet } from '../../../shared/contract/points';
import type { TierBucketDto } from '../../../shared/contract/reports';
import { addMonths } from '../points/exact-math';
import {
  currentMembersWithSpendIn,
  hasTierSpend,
  maintainedSpendOf,
  spendCorrections,
  tierSpendWindow,
  windowSpendOf,
} from '../points/tier-spend';
import { countCurrentMembers, memberLabels } from '../members/member-repo';

/**
 * The tier bands from the maintained spend (migration 022), or null when it cannot answer
 * exactly here: no table, another window length, a moment whose window starts before the
 * anchor, or too much to correct (points/tier-spend.ts#spendCorrections). Same buckets as
 * `tierDistributionByScan` (test/property/tier-spend.test.ts).
 *
 * Cost: one index range count per band (current members' spend), the current-member
 * count, one grouped read of the purchases that left the window since the anchor (the
 * chore moves it daily) with a look-up of each of their members, and for a moment in
 * the past the members with purchases or refunds after it, recomputed one by one.
 */
export function tierDistributionFromSpend(db: ReadDb, now: number, rules: RuleSet): TierBucketDto[] | null {
  if (!hasTierSpend(db)) return null;
  const w = tierSpendWindow(db);
  const since = addMonths(now, -rules.tierWindowMonths);
  if (!w || w.window_months !== rules.tierWindowMonths || since < w.since_ms) return null;
  const corrections = spendCorrections(db, w.since_ms, since, now);
  if (!corrections) return null;

  const tiers = rules.tiers;
  const thresholds = [...new Set(tiers.map((t) => t.thresholdMinor))].sort((a, b) => a - b);
  // Band j holds spends in [thresholds[j-1], thresholds[j]); the counter's tier is the same
  // for every spend of one band (it depends only on which thresholds the spend reached).
  const bandOf = (s: number) => {
    let j = 0;
    while (j < thresholds.length && s >= thresholds[j]) j++;
    return j;
  };
  const tierOfBand = (j: number) => (j === 0 ? -1 : bucketOf(tiers, thresholds[j - 1]));
  const bandCounts = new Array<number>(thresholds.length + 1).fill(0);
  let withRow = 0;
  for (let j = 0; j <= thresholds.length; j++) {
    const lo = j === 0 ? Number.MIN_SAFE_INTEGER : thresholds[j - 1];
    const hi = j === thresholds.length ? Number.MAX_SAFE_INTEGER : thresholds[j];
    bandCounts[j] = currentMembersWithSpendIn(db, lo, hi);
    withRow += bandCounts[j];
  }
  // Current members without a row have V = 0.
  const zeroBand = bandOf(0);
  bandCounts[zeroBand] += countCurrentMembers(db) - withRow;

  const { departed, recompute } = corrections;
  // Members the table has no row for (V = 0) and those to recompute: current from members.
  const labels = memberLabels(db, [
    ...departed.filter((d) => d.isCurrent === null).map((d) => d.memberId),
    ...recompute,
  ]);
  for (const d of departed) {
    if (recompute.has(d.memberId)) continue;
    if (!(d.isCurrent ?? labels.get(d.memberId)?.current === true)) continue;
    const v = d.spend ?? 0;
    bandCounts[bandOf(v)]--;
    bandCounts[bandOf(v - d.left)]++;
  }
  for (const id of recompute) {
    if (labels.get(id)?.current !== true) continue;
    bandCounts[bandOf(maintainedSpendOf(db, id))]--;
    bandCounts[bandOf(windowSpendOf(db, id, since, now))]++;
  }

  const counts = new Array<number>(tiers.length).fill(0);
  let none = 0;
  bandCounts.forEach((n, j) => {
    const idx = tierOfBand(j);
    if (idx >= 0) counts[idx] += n;
    else none += n;
  });
  const zeroIdx = bucketOf(tiers, 0);
  const buckets = tiers.map((t, i) => ({ tier: t.name, thresholdMinor: t.thresholdMinor, members: counts[i] }));
  return zeroIdx >= 0 && none === 0 ? buckets : [{ tier: null, thresholdMinor: null, members: none }, ...buckets];
}

/** The counter's rule (earn-calc's tierFor): the highest tier whose threshold the spend reached. */
function bucketOf(tiers: readonly { thresholdMinor: number }[], spend: number): number {
  let idx = -1;
  for (let i = 0; i < tiers.length; i++) if (spend >= tiers[i].thresholdMinor) idx = i;
  return idx;
}
