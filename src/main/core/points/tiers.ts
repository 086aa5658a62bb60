import type { ReadDb } from '../db/open-database';
import type { RuleSet, Tier } from '../../../shared/contract/points';
import { addMonths } from './exact-math';
import { tierStanding } from './tier-policy';
import { stmt } from '../db/statements';
import { sub, ZERO_MINOR, type Minor } from '../../../shared/units';

/**
 * Rolling spend: what the member paid (after points discounts) for purchases in the
 * `tierWindowMonths` up to and including `at`, minus what was refunded on those
 * purchases by then. (The purchase being priced is not written yet, so it never counts
 * towards its own tier.)
 * Both sums run on (member_id, created_at) indexes.
 */
export function rollingSpend(db: ReadDb, memberId: string, at: number, windowMonths: number): Minor {
  const from = addMonths(at, -windowMonths);
  const bought = stmt(
    db,
    `SELECT coalesce(sum(paid_minor), 0) AS s FROM points_purchases
     WHERE member_id = ? AND created_at >= ? AND created_at <= ?`,
  ).get(memberId, from, at) as { s: Minor };
  const refunded = stmt(
    db,
    `SELECT coalesce(sum(r.amount_minor), 0) AS s FROM points_refunds r
     JOIN points_purchases p ON p.id = r.purchase_id
     WHERE r.member_id = ? AND r.created_at <= ? AND p.created_at >= ?`,
  ).get(memberId, at, from) as { s: Minor };
  return sub(bought.s, refunded.s);
}

/**
 * The tier a purchase at `at` earns at: the rule set's tier settings (basis, own purchase,
 * downgrade policy; tier-policy.ts). `ownPurchaseMinor` is the purchase's paid amount,
 * counted only when the rules say a purchase counts towards its own tier.
 */
export function memberTier(
  db: ReadDb,
  rules: RuleSet,
  memberId: string,
  at: number,
  ownPurchaseMinor?: Minor,
): { tier: Tier | null; spend: Minor } {
  if (rules.tiers.length === 0) return { tier: null, spend: ZERO_MINOR };
  const { tier, spend } = tierStanding(db, rules, memberId, at, { ownPurchaseMinor });
  return { tier, spend };
}
