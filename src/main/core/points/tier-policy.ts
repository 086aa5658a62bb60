import type { ReadDb } from '../db/open-database';
import type { RuleSet, Tier } from '../../../shared/contract/points';
import { addMonths } from './exact-math';
import { tierFor } from './earn-calc';
import { localDayOf, startOfLocalDay } from './local-days';
import { readSettings } from '../settings/settings-store';
import { stmt } from '../db/statements';
import { provisionalsMergedInto } from '../members/provisional';
import { add, unchecked, ZERO_MINOR, type Minor } from '../../../shared/units';

/**
 * A member's tier under the rule set's tier settings (issue 11 item 5), derived from the
 * purchases alone — nothing is stored, so a new rule version re-reads history its way:
 *
 * - basis: the spend over the rolling `tierWindowMonths` (default), or `lifetime`;
 *   a purchase counts net of what has been refunded on it by `at` (a refund takes back
 *   the tier it bought, in the past too);
 * - `tierCountsPurchase`: the purchase being priced adds its paid amount (else it only
 *   counts from the next purchase on, as before 015);
 * - downgrade: `immediate` — the tier the spend reaches now; `grace` N months — the
 *   highest tier the spend reached at any moment of the last N months; `periodEnd` — the
 *   highest reached since 1 January (store time zone), so it is lost only at year end.
 *   Spend only rises at a purchase, so "any moment" is the start of the span and each
 *   purchase in it.
 *
 * Worked examples: README "Tiers".
 */
export interface TierStanding {
  tier: Tier | null;
  /** The spend the tier is measured by now (with the purchase itself when it counts). */
  spend: Minor;
  /**
   * Chain mode: the part of `spend` made at other terminals of the chain, as head office
   * last sent it (head-office-purchases.ts); 0 on a standalone terminal.
   */
  chainSpend: Minor;
  /** The tier that spend reaches by itself (lower than `tier` while a downgrade is held off). */
  qualified: Tier | null;
}

interface Row {
  at: number;
  net: number;
  /** 1: a purchase at another terminal of the chain (sync_chain_purchases). */
  chain: number;
}

/**
 * Purchases of the member in [from, at], each net of refunds made by `at`, oldest first:
 * this terminal's own, and in chain mode the chain's purchases head office sent that this
 * terminal does not hold itself (migration 021; net of every refund head office knew at
 * the last pull — it sends the refunded total, not each refund's time). A standalone
 * terminal's chain table is empty, so it reads exactly its own purchases as before.
 */
function purchasesBetween(db: ReadDb, memberId: string, from: number, at: number): Row[] {
  // A provisional card merged into this member here (sync/provisional-merge.ts): its
  // purchases stay that row's, but they are this member's spend. Head office has them on
  // the member, and the NOT EXISTS below keeps the pulled copies out, so each counts once.
  const merged = provisionalsMergedInto(db, memberId);
  const mine = merged.length === 0 ? 'p.member_id = @member' : 'p.member_id IN (SELECT value FROM json_each(@members))';
  return stmt(
    db,
    `SELECT at, net, chain FROM (
       SELECT p.created_at AS at, p.paid_minor - coalesce((SELECT sum(r.amount_minor) FROM points_refunds r
                WHERE r.purchase_id = p.id AND r.created_at <= @at), 0) AS net, 0 AS chain
         FROM points_purchases p
        WHERE ${mine} AND p.created_at >= @from AND p.created_at <= @at
       UNION ALL
       SELECT c.at, c.paid_minor - c.refunded_minor, 1 FROM sync_chain_purchases c
        WHERE c.member_id = @member AND c.at >= @from AND c.at <= @at
          AND NOT EXISTS (SELECT 1 FROM points_purchases p WHERE p.id = c.purchase_id))
      ORDER BY at`,
  ).all({ member: memberId, members: JSON.stringify([memberId, ...merged]), from, at }) as Row[];
}

const rank = (rules: RuleSet, t: Tier | null) => (t ? rules.tiers.indexOf(t) : -1);

/** The store's zone for the calendar year of `periodEnd` ('' in settings = this machine's). */
export function zoneOf(db: ReadDb): string {
  return readSettings(db).timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function tierStanding(
  db: ReadDb,
  rules: RuleSet,
  memberId: string,
  at: number,
  opts: { ownPurchaseMinor?: Minor; timeZone?: string } = {},
): TierStanding {
  if (rules.tiers.length === 0) return { tier: null, spend: ZERO_MINOR, chainSpend: ZERO_MINOR, qualified: null };
  const own = rules.tierCountsPurchase ? (opts.ownPurchaseMinor ?? ZERO_MINOR) : ZERO_MINOR;
  const lifetime = rules.tierBasis === 'lifetime';
  const windowFrom = (t: number) => (lifetime ? 0 : addMonths(t, -rules.tierWindowMonths));
  const downgrade = rules.tierDowngrade?.kind ?? 'immediate';
  // Lifetime spend never falls (but by refunds, which take the tier back anyway): now is its highest.
  let holdFrom = at;
  if (!lifetime && downgrade === 'grace') holdFrom = addMonths(at, -(rules.tierDowngrade!.graceMonths ?? 0));
  if (!lifetime && downgrade === 'periodEnd') {
    const zone = opts.timeZone ?? zoneOf(db);
    holdFrom = startOfLocalDay({ year: localDayOf(at, zone).year, month: 1, day: 1 }, zone);
  }
  const rows = purchasesBetween(db, memberId, windowFrom(holdFrom), at);
  // Prefix sums over time: spend(t) = Σ net of purchases in [windowFrom(t), t].
  const prefix = [0];
  for (const r of rows) prefix.push(prefix[prefix.length - 1] + r.net);
  const firstAtOrAfter = (t: number) => {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].at < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const spendAt = (t: number) => prefix[firstAtOrAfter(t + 1)] - prefix[firstAtOrAfter(windowFrom(t))];
  const spend = add(unchecked.minor(spendAt(at)), own);
  const from = windowFrom(at);
  const chainSpend = unchecked.minor(
    rows.filter((r) => r.chain === 1 && r.at >= from && r.at <= at).reduce((a, r) => a + r.net, 0),
  );
  const qualified = tierFor(rules, spend);
  let tier = qualified;
  if (holdFrom < at) {
    for (const t of [holdFrom, ...rows.filter((r) => r.at >= holdFrom).map((r) => r.at)]) {
      const then = tierFor(rules, unchecked.minor(spendAt(t)));
      if (rank(rules, then) > rank(rules, tier)) tier = then;
    }
  }
  return { tier, spend, chainSpend, qualified };
}

/** The next tier above `tier` and how much more spend it needs ("¥X more for Gold"). */
export function nextTierOf(
  rules: RuleSet,
  standing: TierStanding,
): { name: string; thresholdMinor: number; remainingMinor: number } | null {
  const next = rules.tiers.find((t, i) => i > rank(rules, standing.tier) && t.thresholdMinor > standing.spend);
  return next
    ? { name: next.name, thresholdMinor: next.thresholdMinor, remainingMinor: next.thresholdMinor - standing.spend }
    : null;
}
