import { z } from 'zod';
import { isMultiplierPercent } from '../permille';

/**
 * Explanation facts: what the core stores with every ledger entry, purchase and refund
 * instead of an English sentence. A reader renders them in its own language with
 * `formatExplanation` (format-explanation.ts); nothing here is display text except the
 * names people typed (tiers, promotions, rewards, categories, reasons), kept verbatim.
 *
 * Each variant is self-contained: it carries the figures that produced the points (the
 * rate, the multipliers and what they applied to, the rounding), so a rule version
 * edited or a setting changed later never changes how an old entry reads. Money is in
 * minor units of the store currency, points are integers, ratios are integer pairs.
 *
 * The receipt number, where there is one, is the last key: rows that differ only by it
 * render alike but for the receipt at the end, which the export's renderer exploits.
 *
 * Versioning: every object carries `schemaVersion`. A new rule kind adds a variant with
 * a new `kind`; a change to an existing variant's meaning bumps `schemaVersion` and adds
 * an upgrade in `parseFacts`, because rows written with version 1 stay in the store for
 * ever (the ledger is append-only; migration 006 wrote version 1 for older rows).
 */
export const FACTS_SCHEMA_VERSION = 1;

const schemaVersion = z.literal(FACTS_SCHEMA_VERSION);
const safeInt = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const count = safeInt.min(0);
const positive = safeInt.min(1);
/** A name someone typed (tier, promotion, reward, category, SKU, receipt number, reason). */
const name = z.string().min(1).max(200);
/** Percent: 150 = ×1.5, 0 = earns nothing; 112.5 = ×1.125 (one decimal, up to ×10: shared/permille.ts). */
const percent = z.number().min(0).max(10_000).refine(isMultiplierPercent, { message: 'not a multiplier percent' });
const epochMs = count;

/** What a scan of the till's receipt filled and the cashier kept as scanned. */
export const SCANNED_FROM = ['receipt', 'amount', 'receiptAndAmount'] as const;
export type ScannedFrom = (typeof SCANNED_FROM)[number];

export const FACT_ROUNDING_MODES = ['down', 'nearest', 'up'] as const;
/** Where the rounding happened: once on the purchase, or at every step of the chain (rule `roundingStep`). */
export const FACT_ROUNDING_STEPS = ['purchase', 'step'] as const;
export const FACT_REFUND_POLICIES = ['clawBackNegative', 'capAtZero'] as const;
export const FACT_REWARD_KINDS = ['goods', 'coupon', 'discount', 'percentOff', 'freeProduct'] as const;
export const FACT_REWARD_REFUND_POLICIES = ['none', 'proportional', 'allOnFullRefund'] as const;
export const FACT_LEDGER_KINDS = [
  'earn',
  'pay',
  'redeem',
  'redeem_void',
  'refund_return',
  'refund_clawback',
  'expire',
  'adjust',
  'clear',
] as const;

/**
 * Lines of a purchase that earned alike: the same item multiplier (SKU, else category)
 * and the same winning multiplier promotion. `onMinor` is what was paid for them after
 * any points discount. The parts of a purchase add up to its `paidMinor`.
 */
export const earnPartSchema = z.strictObject({
  onMinor: count,
  /** `outside`: not one of the rule's include-only categories (`code` is the line's, or "—"), ×0. */
  item: z.strictObject({ by: z.enum(['sku', 'category', 'outside']), code: name, percent }).optional(),
  promotion: z.strictObject({ name, percent }).optional(),
  /** Further promotions multiplied after `promotion` (rule `promotionPolicy: 'stack'`), in order. */
  stacked: z.array(z.strictObject({ name, percent })).min(1).optional(),
});

/**
 * An award (the purchase and its `earn` entry): points = round(Σ parts.onMinor ×
 * rate.points / rate.perMinor × item% × tier% × promotion% [× stacked%]) + Σ bonuses,
 * rounded ONCE on the purchase's exact total (`rounding.appliedTo: 'purchase'`), before
 * the bonuses — or, with `appliedTo: 'step'`, at every step of the chain the
 * explanation prints (earn-steps.ts). Nothing is earned below `minSpendMinor` or when
 * nothing was paid. `expiresAt` is when the earned points stop being spendable (the
 * first moment after their expiry date); `programmeEndsAt` the end of the rule set's
 * programme window.
 */
export const earnFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('earn'),
  /** The rule version that priced it; null only for a what-if preview of unsaved rules. */
  ruleVersion: positive.nullable(),
  rate: z.strictObject({ points: count, perMinor: positive }),
  minSpendMinor: count,
  rounding: z.strictObject({ mode: z.enum(FACT_ROUNDING_MODES), appliedTo: z.enum(FACT_ROUNDING_STEPS) }),
  /** What earned: the bill less any points discount. */
  paidMinor: count,
  parts: z.array(earnPartSchema),
  tier: z.strictObject({ name, percent }).optional(),
  bonuses: z.array(z.strictObject({ name, points: positive })).optional(),
  /** Points per unit (rule `unitPoints`): units of a SKU/category × points each, added after the bonuses. */
  units: z
    .array(z.strictObject({ by: z.enum(['sku', 'category']), code: name, quantity: positive, each: positive }))
    .min(1)
    .optional(),
  /** Points per visit (rule `visitPoints`), added after the bonuses. */
  visit: positive.optional(),
  /** The rule's cap on what counts (`countedMaxMinor`): the parts add up to this, not to paidMinor. */
  countedMinor: count.optional(),
  /**
   * A bill reward redeemed on the purchase (issue 11 item 2): `discountMinor` came off
   * the bill of `totalMinor` before points paid any of it, and `paidMinor` is net of it
   * (points are earned on what is left). `percentBp` and `maxMinor` for percentOff,
   * `sku` and `units` for freeProduct, `valueMinor` for a fixed discount.
   */
  billReward: z
    .strictObject({
      name,
      kind: z.enum(['discount', 'percentOff', 'freeProduct']),
      /** 0 for a goal's voucher applied on the purchase (it was earned, not bought). */
      points: count,
      totalMinor: count,
      discountMinor: positive,
      valueMinor: positive.optional(),
      percentBp: z.number().int().min(1).max(10_000).optional(),
      maxMinor: positive.optional(),
      sku: name.optional(),
      units: positive.optional(),
      /** Set when a goal's voucher (points_vouchers.id) gave this discount (voucher-on-bill.ts). */
      voucherId: name.optional(),
    })
    .optional(),
  /** Part of the bill paid with points (the `pay` entry of the same purchase). */
  payment: z.strictObject({ totalMinor: count, discountMinor: count, pointsUsed: positive }).optional(),
  points: count,
  expiresAt: epochMs.optional(),
  programmeEndsAt: epochMs.optional(),
  /**
   * Several spend rules (migration 015): the ones that applied, in order; `rate` is their
   * sum over a common perMinor (src/main/core/points/spend-rules.ts). Empty: none reached.
   */
  spendRules: z
    .array(
      z.strictObject({
        name,
        points: positive,
        perMinor: positive,
        minSpendMinor: count,
        stopAfter: z.literal(true).optional(),
      }),
    )
    .max(10)
    .optional(),
  /** Which values came from scanning the till's receipt unchanged (issue 9 item 13); absent: typed. */
  scanned: z.enum(SCANNED_FROM).optional(),
  receiptNo: name.optional(),
});

/** Points paying part of a bill: discount = floor(pointsUsed × redeemValue.minor / redeemValue.perPoints). */
export const payFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('pay'),
  ruleVersion: positive,
  totalMinor: count,
  discountMinor: count,
  pointsUsed: positive,
  redeemValue: z.strictObject({ minor: positive, perPoints: positive }),
  receiptNo: name,
});

const rewardRef = z.strictObject({ id: name, name, kind: z.enum(FACT_REWARD_KINDS) });

export const redeemFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('redeem'),
  reward: rewardRef,
  couponCode: name.optional(),
  discountMinor: count.optional(),
  points: positive,
  /** A bill reward: the receipt it was redeemed on (its discount is `discountMinor`). */
  receiptNo: name.optional(),
});

export const redeemVoidFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('redeemVoid'),
  reward: rewardRef,
  points: positive,
  reason: name,
});

/**
 * A return against a receipt (the refund and its `refund_clawback` entry). What the
 * returned units earned is owed; `policy` (in force at refund time) decided what was
 * taken back: owed = clawedBack + shortfall. `overdrawn` is how far a claw-back took the
 * balance below zero (clawBackNegative only).
 */
export const refundFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('refund'),
  /** The rule version that awarded the purchase (its figures are what is taken back). */
  purchaseRuleVersion: positive,
  policy: z.enum(FACT_REFUND_POLICIES),
  lines: z.array(
    z.strictObject({
      lineNo: positive,
      quantity: positive,
      amountMinor: count,
      pointsOwed: count,
      pointsReturned: count,
    }),
  ),
  amountMinor: count,
  pointsOwed: count,
  pointsClawedBack: count,
  shortfall: count,
  overdrawn: count,
  pointsReturned: count,
  receiptNo: name,
});

/** The points that had paid for returned lines, given back (`refund_return` entry). */
export const refundReturnFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('refundReturn'),
  lines: z.array(z.strictObject({ lineNo: positive, quantity: positive, points: count })),
  points: positive,
  /**
   * The receipt's bill reward giving its points back (rule `rewardRefundPolicy`):
   * `points` of its `cost`, for `discountReturnedMinor` of its `discountMinor` returned.
   */
  reward: z
    .strictObject({
      name,
      policy: z.enum(FACT_REWARD_REFUND_POLICIES),
      cost: positive,
      discountMinor: positive,
      discountReturnedMinor: count,
    })
    .optional(),
  receiptNo: name,
});

export const expireFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('expire'),
  points: positive,
  lots: positive,
  earnedFrom: epochMs,
  earnedTo: epochMs,
});

export const adjustFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('adjust'),
  points: safeInt.refine((p) => p !== 0, { message: 'must not be zero' }),
  reason: name,
});

/**
 * Points of a provisional member (a card recorded while head office could not be asked,
 * members/provisional.ts) moved to the real member with that card once it was pulled:
 * `out` on the provisional member, `in` on the real one, an `adjust` entry each.
 */
export const cardMergeFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('cardMerge'),
  direction: z.enum(['in', 'out']),
  points: safeInt.refine((p) => p !== 0, { message: 'must not be zero' }),
  cardNumber: z.string().regex(/^\d{13}$/),
});

export const clearFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('clear'),
  scope: z.enum(['member', 'bulk']),
  points: positive,
  reason: name,
  inactiveSince: epochMs.optional(),
});

/**
 * A programme bonus (issue 11 item 6, src/main/core/points/bonuses.ts), an `earn` entry of
 * its own: `welcome` at registration; `birthday` once a calendar year (`year`), at the
 * first purchase in the birthday window; `referrer`/`referred` for both members at the
 * referred member's first qualifying purchase (`receiptNo`).
 */
export const BONUS_KINDS = ['welcome', 'birthday', 'referrer', 'referred'] as const;
export const bonusFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('bonus'),
  bonus: z.enum(BONUS_KINDS),
  ruleVersion: positive,
  points: positive,
  year: z.number().int().min(1900).max(9999).optional(),
  /** For `birthday`: whether the window was the day or the month. */
  window: z.enum(['day', 'month']).optional(),
  expiresAt: epochMs.optional(),
  receiptNo: name.optional(),
});

/**
 * An older row whose breakdown could not be rebuilt from the figures stored with it
 * (migration 006): what is certain about it — its kind, points and amount.
 */
export const legacyFactsSchema = z.strictObject({
  schemaVersion,
  kind: z.literal('legacy'),
  entry: z.enum([...FACT_LEDGER_KINDS, 'purchase', 'refund']),
  points: safeInt,
  amountMinor: count.optional(),
  reason: name.optional(),
  receiptNo: name.optional(),
});

export const explanationFactsSchema = z.discriminatedUnion('kind', [
  earnFactsSchema,
  payFactsSchema,
  redeemFactsSchema,
  redeemVoidFactsSchema,
  refundFactsSchema,
  refundReturnFactsSchema,
  expireFactsSchema,
  adjustFactsSchema,
  clearFactsSchema,
  legacyFactsSchema,
  bonusFactsSchema,
  cardMergeFactsSchema,
]);

export type EarnPart = z.output<typeof earnPartSchema>;
export type EarnFacts = z.output<typeof earnFactsSchema>;
export type PayFacts = z.output<typeof payFactsSchema>;
export type RedeemFacts = z.output<typeof redeemFactsSchema>;
export type RedeemVoidFacts = z.output<typeof redeemVoidFactsSchema>;
export type RefundFacts = z.output<typeof refundFactsSchema>;
export type RefundReturnFacts = z.output<typeof refundReturnFactsSchema>;
export type ExpireFacts = z.output<typeof expireFactsSchema>;
export type AdjustFacts = z.output<typeof adjustFactsSchema>;
export type CardMergeFacts = z.output<typeof cardMergeFactsSchema>;
export type ClearFacts = z.output<typeof clearFactsSchema>;
export type LegacyFacts = z.output<typeof legacyFactsSchema>;
export type BonusFacts = z.output<typeof bonusFactsSchema>;
export type ExplanationFacts = z.output<typeof explanationFactsSchema>;
export type FactsKind = ExplanationFacts['kind'];

/** Any variant without its `schemaVersion`: what writers build (see `facts()`). */
export type FactsBody<F extends ExplanationFacts = ExplanationFacts> = F extends ExplanationFacts
  ? Omit<F, 'schemaVersion'>
  : never;

/**
 * Stamps the current schema version and checks the result, so a writer can never
 * store facts that a reader would refuse. Throws (a programming error) when invalid.
 */
export function facts<F extends ExplanationFacts>(body: FactsBody<F>): F {
  return explanationFactsSchema.parse({ schemaVersion: FACTS_SCHEMA_VERSION, ...body }) as F;
}

/** Stored JSON → facts. Upgrades of older schema versions go here when there are any. */
export function parseFacts(json: string): ExplanationFacts {
  return explanationFactsSchema.parse(JSON.parse(json));
}

/** The free-text reason a manager typed, when the facts carry one (the history shows it inline). */
export function reasonIn(f: ExplanationFacts): string | null {
  return 'reason' in f && typeof f.reason === 'string' ? f.reason : null;
}
