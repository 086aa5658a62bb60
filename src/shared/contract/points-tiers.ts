import { z } from 'zod';
import { line, minorUnits } from './common';

/**
 * Rule-set fields of issue 11 items 3 (several spend rules), 5 (tiers) and 6 (programme
 * bonuses), migration 015. Every one is optional and absent means exactly what a rule set
 * meant before 015, so stored versions parse and price as they always did. Worked
 * examples: src/main/core/points/README.md ("Tiers", "Programme bonuses", "Spend rules").
 */

/** One spend rule: `points` per `perMinor` spent, when the purchase reaches `minSpendMinor`. */
export const spendRuleSchema = z.strictObject({
  name: line(60),
  points: z.number().int().min(1).max(10_000),
  perMinor: z.number().int().min(1).max(100_000_000),
  /** This rule applies when what was paid (after any points discount) is at least this. */
  minSpendMinor: minorUnits,
  /** When this rule applies, the rules listed after it are not looked at. */
  stopAfter: z.boolean().optional(),
});
export type SpendRule = z.output<typeof spendRuleSchema>;

/** Which spend decides the tier: the rolling `tierWindowMonths` (default) or everything ever. */
export const TIER_BASES = ['rolling', 'lifetime'] as const;
export type TierBasis = (typeof TIER_BASES)[number];

/**
 * When a member whose spend falls below their tier loses it:
 * `immediate` (default, before 015) — at once; `periodEnd` — at the end of the calendar
 * year (store time zone): the highest tier reached this year is kept until 31 Dec;
 * `grace` — `graceMonths` after the last moment the member qualified for it.
 */
export const TIER_DOWNGRADES = ['immediate', 'periodEnd', 'grace'] as const;
export type TierDowngradeKind = (typeof TIER_DOWNGRADES)[number];
export const tierDowngradeSchema = z
  .strictObject({
    kind: z.enum(TIER_DOWNGRADES),
    graceMonths: z.number().int().min(1).max(24).optional(),
  })
  .refine((d) => (d.kind === 'grace') === (d.graceMonths !== undefined), {
    message: 'grace needs graceMonths, the other kinds none',
    path: ['graceMonths'],
  });
export type TierDowngrade = z.output<typeof tierDowngradeSchema>;

export const tierRulesFields = {
  tierBasis: z.enum(TIER_BASES).optional(),
  /** True: a purchase's own paid amount counts towards the tier it earns at. Absent/false: it does not (before 015). */
  tierCountsPurchase: z.boolean().optional(),
  tierDowngrade: tierDowngradeSchema.optional(),
};

const bonusPoints = z.number().int().min(1).max(1_000_000);

/** Birthday bonus: once a calendar year, at the first purchase on the day or in the month (store time zone). */
export const BIRTHDAY_WINDOWS = ['day', 'month'] as const;
export const birthdayBonusSchema = z.strictObject({ points: bonusPoints, window: z.enum(BIRTHDAY_WINDOWS) });

/** Referral: both members get points at the referred member's first qualifying purchase. */
export const referralBonusSchema = z.strictObject({
  referrerPoints: bonusPoints,
  referredPoints: bonusPoints,
  /** The purchase must reach this (and the rule set's minimum spend); absent = the minimum spend. */
  minSpendMinor: minorUnits.optional(),
});

export const bonusRulesFields = {
  /** Points for registering, written with the registration. */
  welcomePoints: bonusPoints.optional(),
  birthdayBonus: birthdayBonusSchema.optional(),
  referralBonus: referralBonusSchema.optional(),
};

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** One rate for the spend rules that apply: Σ points/perMinor over a common perMinor (their lcm). */
export function combinedRate(rules: readonly Pick<SpendRule, 'points' | 'perMinor'>[]): {
  points: bigint;
  perMinor: bigint;
} {
  let perMinor = 1n;
  for (const r of rules) perMinor = (perMinor * BigInt(r.perMinor)) / gcd(perMinor, BigInt(r.perMinor));
  const points = rules.reduce((s, r) => s + BigInt(r.points) * (perMinor / BigInt(r.perMinor)), 0n);
  return { points, perMinor };
}

/** The combined rate of every spend rule must stay a rate the facts can carry (perMinor ≤ 10^8). */
export function tiersRefinements(r: { spendRules?: readonly SpendRule[] }, ctx: z.RefinementCtx): void {
  // Refinements run over values that already failed their own checks: only whole, positive amounts here.
  if (!r.spendRules || !r.spendRules.every((s) => Number.isSafeInteger(s.perMinor) && s.perMinor >= 1)) return;
  const { perMinor } = combinedRate(r.spendRules);
  if (perMinor > 100_000_000n) {
    ctx.addIssue({
      code: 'custom',
      path: ['spendRules'],
      message: 'the spend rules’ amounts need a common multiple of at most 100,000,000 minor units',
    });
  }
}
