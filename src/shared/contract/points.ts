import { z } from 'zod';
import { channel } from './define';
import { empty, epochMs, id, line, minorUnits, money, nonNegInt, opId } from './common';
import type { Minor, Points } from '../units';
import { CASHIER_UP, MANAGER_UP } from '../roles';
import {
  SCANNED_FROM,
  type EarnFacts,
  type ExplanationFacts,
  type LegacyFacts,
  type RefundFacts,
} from '../explain/facts';
import { adjustBelowZeroApproval, awardApproval, reverseApproval } from './approval-rules';
import { memberPin } from './members';
import { RECEIPT_MAX, isAcceptableReceipt, receiptDisplay } from '../receipt-no';
import { goalSchema, promoCodeInput, promoCodeKey, type GoalOutcomeDto } from './points-goals-schema';
import { isMultiplierPercent } from '../permille';
import { spendRuleSchema, tierRulesFields, bonusRulesFields, tiersRefinements } from './points-tiers';

/**
 * The points area: rule sets (versioned, effective-dated), recording purchases (award),
 * pay-with-points, refunds, expiry, manager adjustments and clears, member queries.
 *
 * Units: money is integer MINOR units (fen/cents) of the store currency; points are
 * integers. Ratios are exact rationals of integers, never floats:
 * - earn rate a = `points` pts for every `perMinor` minor units spent
 *   (1 pt per ¥1 = `{ points: 1, perMinor: 100 }`);
 * - redeem value b = `minor` minor units of discount for every `perPoints` points
 *   (¥0.01 per pt = `{ minor: 1, perPoints: 1 }`);
 * - multipliers are integer percents (×1.5 = 150; 0 excludes a category from earning).
 *
 * Every write carries `opId` (client-generated, e.g. `crypto.randomUUID()`): the same
 * opId with the same payload returns the first result without writing again; the same
 * opId with a different payload is CONFLICT.
 */

/** Member PIN as typed at the counter: the same schema as set, change and reset (one length rule). */
export { memberPin };
/** Reasons for manager actions: required, one line, meaningful length. */
export const reason = line(200, 3);
/**
 * A receipt number: read in its display form (NFKC, invisible characters removed, dashes
 * made '-', trimmed — shared/receipt-no.ts) before any limit is applied, then checked
 * against the restricted character set its unique key needs.
 */
export const receiptNo = line(400)
  .transform(receiptDisplay)
  .pipe(
    line(RECEIPT_MAX).refine(isAcceptableReceipt, {
      message: 'letters, digits and - _ . / # only',
      params: { rule: 'receiptChars' },
    }),
  );
const label = line(40);
/**
 * Percent multiplier: 100 = ×1, 150 = ×1.5, 0 = earns nothing. Since issue 11 item 3 a
 * multiplier may have 3 decimals (×1.125 = 112.5, one decimal of the percent) up to ×10;
 * whole percents go up to ×100 as before. The engine never multiplies by this number: it
 * reads it as exact integer per-mille first (`permille`, shared/permille.ts).
 */
export const multiplierPercent = z
  .number()
  .min(0)
  .max(10_000)
  .refine(isMultiplierPercent, { message: 'a whole percent, or up to ×10 with at most 3 decimals (112.5 = ×1.125)' });

export const ROUNDING_MODES = ['down', 'nearest', 'up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];
/** When a refund claws back points the member already spent. */
export const REFUND_POLICIES = ['clawBackNegative', 'capAtZero'] as const;
export type RefundPolicy = (typeof REFUND_POLICIES)[number];
/**
 * A bill reward redeemed on a receipt that is then refunded (issue 11 item 2): `none` —
 * its points stay spent; `proportional` (the default) — back in proportion to the
 * reward's discount on the returned units, floor(cost × discount returned / discount),
 * all of it once everything is back; `allOnFullRefund` — all of it when the receipt's
 * last unit is returned, nothing before.
 */
export const REWARD_REFUND_POLICIES = ['none', 'proportional', 'allOnFullRefund'] as const;
export type RewardRefundPolicy = (typeof REWARD_REFUND_POLICIES)[number];
/**
 * Where the rounding happens (issue 11 item 10): `purchase` — once, on the purchase's
 * exact total (the default, and every rule set saved before migration 010); `step` —
 * at every step of the chain the explanation prints: the base (amount × rate, with any
 * multiplier that applies to only some lines), then after each multiplier that applies
 * to the whole purchase (Square's "base points rounded before multipliers").
 */
export const ROUNDING_STEPS = ['purchase', 'step'] as const;
export type RoundingStep = (typeof ROUNDING_STEPS)[number];
/**
 * Several active promotions on one line or purchase (issue 11 item 11):
 * `bestMultiplier` — the highest multiplier per line, every bonus adds up (the default,
 *   and every rule set saved before migration 010);
 * `best` — one multiplier per line (the highest) and one bonus per purchase (the largest);
 * `latest` — one multiplier per line and one bonus per purchase, the most recent (latest
 *   start; on a tie, the one listed last), as Square does;
 * `stack` — every multiplier multiplies (×2 and ×1.5 → ×3), every bonus adds up.
 */
export const PROMOTION_POLICIES = ['bestMultiplier', 'best', 'latest', 'stack'] as const;
export type PromotionPolicy = (typeof PROMOTION_POLICIES)[number];
/**
 * When earned points expire (issue 11 item 1). The expiry DATE is a day in the store's
 * time zone (settings.timeZone): the points stay spendable through the whole of it and
 * are gone the next day. `days`/`months`: that many after the day of earning (months
 * clamp: 31 Jan + 1 month → 28/29 Feb); `endOfMonth`/`endOfYear`: the last day of the
 * month / year of earning. Absent: `expiryMonths` as before 010 (that many months after
 * the moment of earning, 0 = never).
 */
export const EXPIRY_KINDS = ['never', 'days', 'months', 'endOfMonth', 'endOfYear'] as const;
export type ExpiryKind = (typeof EXPIRY_KINDS)[number];
export const expiryPolicySchema = z
  .strictObject({
    kind: z.enum(EXPIRY_KINDS),
    /** days (1–3650) or months (1–120) after the day of earning; absent for the other kinds. */
    count: z.number().int().min(1).max(3650).optional(),
  })
  .refine((e) => (e.kind === 'days' || e.kind === 'months') === (e.count !== undefined), {
    message: 'days and months need a count, the other kinds none',
    path: ['count'],
  })
  .refine((e) => e.kind !== 'months' || (e.count ?? 0) <= 120, {
    message: 'at most 120 months',
    path: ['count'],
  });
export type ExpiryPolicy = z.output<typeof expiryPolicySchema>;

export const tierSchema = z.strictObject({
  name: label,
  /** Rolling spend (net of refunds, minor units) over `tierWindowMonths` to reach the tier. */
  thresholdMinor: minorUnits,
  multiplierPercent,
});

export const promotionSchema = z
  .strictObject({
    name: line(60),
    startsAt: epochMs,
    endsAt: epochMs,
    /** Only on these local weekdays (0 = Sunday … 6 = Saturday); absent = every day. */
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
    /** Only lines of this category (absent = the whole purchase). */
    category: label.optional(),
    /** Only lines of this SKU (with `category`, lines of both); a flat SKU bonus is a bonus with a SKU. */
    sku: label.optional(),
    /** 'multiplier': extra multiplier on qualifying lines (the best one applies, no stacking);
     *  'bonus': flat bonus points once per qualifying purchase (bonuses add up). */
    kind: z.enum(['multiplier', 'bonus']),
    multiplierPercent: multiplierPercent.optional(),
    bonusPoints: z.number().int().min(1).max(1_000_000).optional(),
    /**
     * Promo codes (issue 11 item 7, Odoo's rule mode 'with_code'): the promotion applies
     * only to a purchase on which the cashier entered a code of this programme key
     * (codes: points:createPromoCodes). Absent = no code needed, as before migration 014.
     */
    promoProgramme: promoCodeKey.optional(),
  })
  .refine((p) => p.endsAt > p.startsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] })
  .refine((p) => (p.kind === 'multiplier' ? p.multiplierPercent !== undefined : p.bonusPoints !== undefined), {
    message: 'a multiplier promotion needs multiplierPercent, a bonus promotion needs bonusPoints',
  });

/** A whole rule set as the manager edits it. Saving creates a new version. */
export const ruleSetSchema = z
  .strictObject({
    earnRate: z.strictObject({
      points: z.number().int().min(0).max(10_000),
      perMinor: z.number().int().min(1).max(100_000_000),
    }),
    rounding: z.enum(ROUNDING_MODES),
    /** Purchases below this (after any points discount) earn nothing. */
    minSpendMinor: minorUnits,
    redeemValue: z.strictObject({
      minor: z.number().int().min(1).max(1_000_000),
      perPoints: z.number().int().min(1).max(1_000_000),
    }),
    payWithPointsAllowed: z.boolean(),
    /** Points may pay at most this percent of a bill (also never more than the bill). */
    payWithPointsMaxPercent: z.number().int().min(0).max(100),
    /** Earned points expire after this many months; 0 = never. Superseded by `expiry` when present. */
    expiryMonths: z.number().int().min(0).max(120),
    // Optional since migration 010: absent means exactly what a rule set meant before it,
    // so stored versions (immutable) parse and price as they always did.
    expiry: expiryPolicySchema.optional(),
    /** Programme window: from this moment (exclusive end) this version is no longer in force. */
    endsAt: epochMs.optional(),
    roundingStep: z.enum(ROUNDING_STEPS).optional(),
    promotionPolicy: z.enum(PROMOTION_POLICIES).optional(),
    /** Points may be spent (pay with points, rewards) only from a balance of at least this. */
    minBalanceToSpend: z.number().int().min(0).max(1_000_000_000).optional(),
    /**
     * Points per unit whatever the price, for lines of a SKU or a category (a SKU's rule
     * wins over its category's), added to what the line earns by spend: Odoo's "per unit".
     */
    unitPoints: z
      .array(
        z
          .strictObject({
            sku: label.optional(),
            category: label.optional(),
            points: z.number().int().min(1).max(100_000),
          })
          .refine((u) => (u.sku === undefined) !== (u.category === undefined), {
            message: 'give a SKU or a category',
          }),
      )
      .max(200)
      .optional(),
    /** Points per visit: flat points for every purchase that earns (at or above the minimum spend). */
    visitPoints: z.number().int().min(1).max(1_000_000).optional(),
    /** At most this much of one purchase counts towards earning (minor units; the rest earns nothing). */
    countedMaxMinor: minorUnits.min(1).optional(),
    /** Stamp cards and accumulators with automatic rewards (issue 11 item 4, goals.ts). */
    goals: z.array(goalSchema).max(10).optional(),
    /**
     * Several spend rules (issue 11 item 3, migration 015): in list order, each whose own
     * minimum the purchase reaches adds its rate; one marked `stopAfter` ends the list.
     * When present they replace `earnRate` for spend (README "Spend rules").
     */
    spendRules: z.array(spendRuleSchema).min(1).max(10).optional(),
    ...tierRulesFields,
    ...bonusRulesFields,
    redeemRequiresPin: z.boolean(),
    refundPolicy: z.enum(REFUND_POLICIES),
    /** A refunded receipt's bill reward: its points back by this policy (absent = proportional). */
    rewardRefundPolicy: z.enum(REWARD_REFUND_POLICIES).optional(),
    // 36 before migration 015; any rolling window up to 10 years since (`tierBasis` for lifetime).
    tierWindowMonths: z.number().int().min(1).max(120),
    tiers: z.array(tierSchema).max(10),
    categoryMultipliers: z.array(z.strictObject({ category: label, multiplierPercent })).max(200),
    /**
     * Include-only: when set, only lines of these categories earn (others as if ×0), unless
     * a SKU multiplier names the line's SKU (the more specific rule wins).
     */
    earnOnlyCategories: z.array(label).min(1).max(200).optional(),
    /** SKU multipliers override category multipliers for that SKU. */
    skuMultipliers: z.array(z.strictObject({ sku: label, multiplierPercent })).max(500),
    promotions: z.array(promotionSchema).max(50),
  })
  .refine((r) => r.tiers.every((t, i) => i === 0 || t.thresholdMinor > r.tiers[i - 1].thresholdMinor), {
    message: 'tier thresholds must be strictly increasing',
    path: ['tiers'],
  })
  .refine((r) => new Set(r.tiers.map((t) => t.name.trim().toLowerCase())).size === r.tiers.length, {
    message: 'tier names must be unique',
    path: ['tiers'],
  })
  .refine((r) => new Set(r.categoryMultipliers.map((c) => c.category)).size === r.categoryMultipliers.length, {
    message: 'each category appears once',
    path: ['categoryMultipliers'],
  })
  .refine((r) => new Set(r.skuMultipliers.map((c) => c.sku)).size === r.skuMultipliers.length, {
    message: 'each SKU appears once',
    path: ['skuMultipliers'],
  })
  .refine((r) => new Set((r.goals ?? []).map((g) => g.key)).size === (r.goals ?? []).length, {
    message: 'each goal key appears once',
    path: ['goals'],
  })
  .superRefine(tiersRefinements);

export type RuleSet = z.output<typeof ruleSetSchema>;
export type Tier = z.output<typeof tierSchema>;
export type Promotion = z.output<typeof promotionSchema>;

export const purchaseLineSchema = z.strictObject({
  sku: label.optional(),
  category: label.optional(),
  /** More labels than the category (issue 11 item 3): matched like categories (README "Labels"). */
  tags: z.array(label).max(10).optional(),
  quantity: z.number().int().min(1).max(10_000),
  unitPriceMinor: money,
});

/** Fast path: `totalMinor`; full path: `lines`. Exactly one of the two. */
export const awardInput = z
  .strictObject({
    opId,
    memberId: id,
    receiptNo,
    totalMinor: money.min(1).optional(),
    lines: z.array(purchaseLineSchema).min(1).max(200).optional(),
    /** Pay part of the bill with points (P = b × S), capped by the rules and the bill. */
    pointsToUse: nonNegInt.max(1_000_000_000).brand<'Points'>().optional(),
    /** Member PIN, needed for pointsToUse > 0 (or a reward) when the rules require a PIN. */
    pin: memberPin.optional(),
    /** Which of the values came from scanning the till's receipt unchanged (issue 9 item 13). */
    scanned: z.enum(SCANNED_FROM).optional(),
    /**
     * A bill reward (discount, percentOff, freeProduct) redeemed on this purchase: its
     * points are spent, its discount comes off the bill before points pay any of it, and
     * the purchase earns on what is left (shared/rewards/bill-discount.ts).
     */
    rewardId: id.optional(),
    /**
     * A goal's usable voucher applied on this purchase (amountOff, or freeItem with a SKU):
     * priced like a bill reward, no points spent, marked used in the same transaction
     * (voucher-on-bill.ts). Not together with rewardId.
     */
    voucherId: id.optional(),
    /** A promo code entered or scanned for this purchase (promo-codes.ts reads it). */
    promoCode: promoCodeInput.optional(),
  })
  .refine((i) => (i.totalMinor === undefined) !== (i.lines === undefined), {
    message: 'give either totalMinor or lines, not both',
    path: ['totalMinor'],
  })
  .refine((i) => i.rewardId === undefined || i.voucherId === undefined, {
    message: 'a bill reward or a voucher, not both',
    path: ['voucherId'],
  });

// ---------- output DTOs ----------

export interface RuleSetDto {
  version: number;
  effectiveFrom: number;
  createdAt: number;
  createdBy: string | null;
  rules: RuleSet;
}

/** A saved rule set version as the rules page lists it. */
export interface RuleVersionDto extends RuleSetDto {
  /** Head office's version number when the set was pulled from head office (null: saved here). */
  headOfficeVersion: number | null;
}

export interface RulesStateDto {
  /** The version in force now. */
  current: RuleSetDto;
  /** Saved versions whose effectiveFrom is still in the future. */
  upcoming: RuleVersionDto[];
  /**
   * Chain mode with a rule set from head office: its version there and effective date
   * (the rules are read-only here, points:saveRules refuses); `inForce`: it is the set the
   * counter earns by now (false: it takes effect later, this terminal's set until then).
   * null: this terminal's manager authors the rules.
   */
  headOffice: { version: number; effectiveFrom: number; inForce: boolean } | null;
}

export interface RulePreviewRow {
  purchaseId: string;
  receiptNo: string;
  memberId: string;
  createdAt: number;
  paidMinor: number;
  actualPoints: number;
  actualRuleVersion: number;
  proposedPoints: number;
  /** Render with formatExplanation (src/shared/explain); ruleVersion is null (unsaved rules). */
  proposedFacts: EarnFacts;
}

export interface RulePreviewDto {
  rows: RulePreviewRow[];
  totals: { purchases: number; actualPoints: number; proposedPoints: number; difference: number };
}

export interface PurchaseLineDto {
  lineNo: number;
  sku: string | null;
  category: string | null;
  quantity: number;
  unitPriceMinor: Minor;
  amountMinor: Minor;
  discountMinor: Minor;
  /** This line's share of the bill reward's discount (0 without one). */
  rewardDiscountMinor: Minor;
  pointsEarned: Points;
  pointsUsed: Points;
  returnedQuantity: number;
}

export interface AwardResultDto {
  purchaseId: string;
  receiptNo: string;
  memberId: string;
  totalMinor: Minor;
  /** Discount paid with points. */
  discountMinor: Minor;
  /** Discount of the bill reward redeemed on this purchase (0 without one). */
  rewardDiscountMinor: Minor;
  /** What the customer pays: total − rewardDiscountMinor − discountMinor ("Collect ¥X"). */
  paidMinor: Minor;
  pointsUsed: Points;
  pointsEarned: Points;
  ruleVersion: number;
  tierName: string | null;
  /** How the points came about; render with formatExplanation (src/shared/explain). */
  facts: EarnFacts;
  /** The bill reward redeemed on it, if any. */
  redemption: { id: string; rewardId: string; rewardName: string; kind: string; points: Points } | null;
  /** The goal's voucher applied on this purchase (its discount is rewardDiscountMinor). */
  voucher?: { id: string; name: string; goalKey: string };
  /** Balance after the purchase. */
  balance: Points;
  createdAt: number;
  /** The promo code used on this purchase (display form), when one was entered. */
  promoCode?: string;
  /** Goals this purchase moved (stamp cards, accumulators) and the rewards it issued. */
  goals?: GoalOutcomeDto[];
}

export interface PurchaseDto extends Omit<AwardResultDto, 'balance' | 'facts'> {
  /** Legacy for an older purchase whose breakdown could not be rebuilt (migration 006). */
  facts: EarnFacts | LegacyFacts;
  lines: PurchaseLineDto[];
  refunds: RefundResultDto[];
  /** True when every line has been returned completely. */
  fullyReturned: boolean;
}

export interface PurchaseSummaryDto {
  purchaseId: string;
  receiptNo: string;
  totalMinor: Minor;
  paidMinor: Minor;
  pointsEarned: Points;
  pointsUsed: Points;
  fullyReturned: boolean;
  createdAt: number;
}

export interface RefundResultDto {
  refundId: string;
  purchaseId: string;
  receiptNo: string;
  lines: { lineNo: number; quantity: number; amountMinor: Minor; pointsClawedBack: Points; pointsReturned: Points }[];
  /** Money returned to the customer for these lines (what they paid, after points discount). */
  amountMinor: Minor;
  /** What those lines earned (the owed claw-back). */
  pointsOwed: Points;
  /** Actually taken back (less than owed only under `capAtZero`). */
  pointsClawedBack: Points;
  /** Owed but not recovered because the member had already spent them (`capAtZero`). */
  shortfall: Points;
  /** Points that had paid for the returned lines, given back. */
  pointsReturned: Points;
  /** Points of the receipt's bill reward given back (by `rewardRefundPolicy`). */
  rewardPointsReturned: Points;
  policy: RefundPolicy;
  /** Legacy only for an older refund that could not be rebuilt (migration 006). */
  facts: RefundFacts | LegacyFacts;
  balance: Points;
  createdAt: number;
}

export const LEDGER_KINDS = [
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
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntryDto {
  id: string;
  memberId: string;
  kind: LedgerKind;
  points: Points;
  balanceAfter: Points;
  /** What happened, as facts; render with formatExplanation (src/shared/explain). */
  facts: ExplanationFacts;
  /** The reason a manager or cashier typed (also inside `facts` for the kinds that have one). */
  reason: string | null;
  ruleVersion: number | null;
  /** The purchase, refund or redemption the entry belongs to. */
  refId: string | null;
  terminalId: string;
  staffName: string | null;
  createdAt: number;
}

export interface ExpiringDto {
  points: Points;
  withinDays: number;
  lots: { points: Points; expiresAt: number }[];
}

export interface MemberPointsDto {
  memberId: string;
  balance: Points;
  tier: { name: string; multiplierPercent: number } | null;
  rollingSpendMinor: Minor;
  /**
   * Chain mode (issue 12): the part of `rollingSpendMinor` spent at other terminals of the
   * chain as head office last sent it (the rest is this terminal's own); null on a
   * standalone terminal.
   */
  chainSpendMinor: Minor | null;
  nextTier: { name: string; thresholdMinor: number; remainingMinor: number } | null;
  expiringSoon: ExpiringDto;
}

export interface PayQuoteDto {
  allowed: boolean;
  balance: Points;
  /** Most points usable on this bill (by cap, bill and balance). */
  maxPoints: Points;
  maxDiscountMinor: Minor;
  redeemValue: { minor: number; perPoints: number };
  pinRequired: boolean;
}

export interface LedgerCheckDto {
  ok: boolean;
  membersChecked: number;
  mismatches: { memberId: string; cached: number; sum: number }[];
}

export interface ExpiryRunDto {
  entries: number;
  members: number;
  pointsExpired: Points;
}

export interface ClearResultDto {
  members: number;
  pointsCleared: Points;
}

/** One row of the managers' member list, points side: balance and tier now. */
export interface MemberStandingDto {
  memberId: string;
  balance: Points;
  /** The counter's tier name; null only when no tier applies (none configured, or below the lowest threshold). */
  tier: string | null;
}

export const BULK_CLEAR_CONFIRMATION = 'CLEAR ALL POINTS';

/** One member's points moved by a run over many members (expiry, bulk clear): its audit record. */
export interface MovedPoints {
  memberId: string;
  /** Signed, as on the ledger (negative: taken). */
  points: Points;
  entryId: string;
}

/**
 * The audit of an expiry run: one record per member whose points expired (actor, member,
 * points, ledger entry). The dispatcher writes them for `points:runExpiry`; the start-up
 * and daily run (core/points/startup.ts) writes the same records from this declaration.
 */
export const expiryAudit = {
  action: 'points.expired',
  each: (_i: unknown, _o: unknown, call: { notes: { expired: MovedPoints[] } }) =>
    call.notes.expired.map((e) => ({ target: e.memberId, details: { points: e.points, entryId: e.entryId } })),
};

/** Reads that show a member's points: refreshed after anything that moves them. */
const MEMBER_POINTS_VIEWS = [
  'points:memberSummary',
  'sync:balance', // chain mode: the counter's chain balance
  'points:history',
  'points:expiring',
  'points:listPurchases',
  'points:payQuote',
  'rewards:affordable',
  'rewards:listRedemptions',
  'reports:memberInsights',
  'points:bulkClearPreview',
  'points:standings',
  'points:memberGoals',
] as const;

/** Earning and spending need a member who exists, is active and was not erased. */
const ACTIVE_MEMBER = [
  'memberNotFound', // no member with this id
  'memberErased', // personal data erased
  'memberInactive', // deactivated: reactivate first
] as const;

/** Spending points when the rules require the member's PIN (award with pointsToUse, redeem). */
export const SPEND_PIN_REFUSALS = [
  'pinNotSet', // PIN required by the rules but the member has none yet
  'pinRequired', // the member has a PIN and none was given
  'pinElsewhere', // the PIN can only be checked at the terminal that set it (reset it here)
  'pinBackoff', // too many wrong PINs: details.retryAfterMs
  'pinWrong', // counted towards the back-off
] as const;

const member = (i: { memberId: string }) => i.memberId;

export const pointsContract = {
  /** The rule set in force now (and any saved for later). Cashiers read it for the pay panel. */
  'points:getRules': channel<RulesStateDto>()({ input: empty, access: CASHIER_UP, effect: 'read', refusals: [] }),
  'points:listRuleVersions': channel<RuleVersionDto[]>()({
    input: empty,
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  /** What-if: the last N purchases under the proposed rules vs what they earned. Writes nothing. */
  'points:previewRules': channel<RulePreviewDto>()({
    input: z.strictObject({ rules: ruleSetSchema, lastN: z.number().int().min(1).max(1000).optional() }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  /** Saves a new version; effective now unless `effectiveFrom` (not in the past) is given. Audited. */
  'points:saveRules': channel<RuleSetDto, { previousVersion: number }>()({
    input: z.strictObject({ rules: ruleSetSchema, effectiveFrom: epochMs.optional() }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: [
      'rulesFromHeadOffice', // enrolled in a chain that has sent rules: head office authors them
      'effectiveInPast', // a rule set dated in the past would re-label history it never priced
      'endsBeforeEffective', // the programme window would end before it starts
    ],
    audit: {
      action: 'points.rulesSaved',
      target: (_i, o) => `v${o.version}`,
      details: (i, o, { notes }) => ({
        version: o.version,
        previousVersion: notes.previousVersion,
        effectiveFrom: o.effectiveFrom,
        rules: i.rules,
      }),
    },
    // A new rule version can change tiers, what a balance buys and the next reward within reach.
    invalidates: ['points:getRules', 'points:listRuleVersions', ...MEMBER_POINTS_VIEWS],
  }),

  /** Record a purchase and award its points (optionally paying part with points). */
  'points:award': channel<AwardResultDto>()({
    input: awardInput,
    access: CASHIER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      ...ACTIVE_MEMBER,
      'provisionalMember', // a provisional card (head office unreachable) paying with points, a reward or a voucher
      'purchaseTooLarge', // the lines add up past the largest accepted total
      'purchaseNotPositive', // the lines add up to zero
      'duplicateReceipt', // this receipt number was already awarded: details.field = receiptNo
      'rewardNotFound', // rewardId names no reward: details.field = rewardId
      'notBillReward', // rewardId names a goods or coupon reward (rewards:redeem redeems those)
      'outOfStock', // the bill reward has no unit left
      'notAvailable', // the bill reward is inactive or outside its dates
      'productNotOnBill', // a free-product reward whose SKU is not on the bill: details.unitsOnBill, unitsNeeded
      'voucherNotFound', // voucherId names no voucher of this member: details.field = voucherId
      'voucherPending', // the voucher is still pending: details.availableFrom
      'voucherUsed', // the voucher was already used: details.usedAt
      'voucherUsedInChain', // head office says another store used it: details.usedStore, usedAt (epoch ms)
      'voucherWithdrawn', // a refund withdrew the voucher
      'voucherExpired', // the voucher's validity ended: details.expiresAt
      'voucherNotForBill', // a free-item voucher without a SKU: nothing on a bill to take off
      'payWithPointsOff', // pointsToUse given while the rules switch paying with points off
      ...SPEND_PIN_REFUSALS,
      'insufficientPoints', // pointsToUse above the balance: details.balance
      'needsConnection', // chain mode, head office unreachable: above the offline allowance (details.allowanceLeft)
      'belowMinBalance', // the balance is below the rules' minimum for spending: details.minBalance
      'overPayCap', // pointsToUse above what may pay this bill: details.maxPoints
      'noDiscount', // too few points to be worth a single minor unit, or a bill reward that takes nothing off
      'promoCodeMistyped', // looks like a generated code but its check character is wrong
      'promoCodeUnknown', // no such promo code
      'promoCodeUsed', // a single-use code already used (or a multi-use code at its limit): details.usedAt
      'promoCodeInactive', // no promotion for the code's programme is in force now: details.promoProgramme
      'awardTooLarge', // the rules would mint an implausible number of points
      'approvalRequired', // a cashier's award above the limits (settings/approval.ts): details.requestId
    ],
    approval: { needed: (_i, o, call) => awardApproval(o, call) },
    audit: {
      action: 'points.awarded',
      target: member,
      details: (i, o) => ({
        purchaseId: o.purchaseId,
        receiptNo: o.receiptNo,
        totalMinor: o.totalMinor,
        discountMinor: o.discountMinor,
        rewardDiscountMinor: o.rewardDiscountMinor,
        redemptionId: o.redemption?.id ?? null,
        paidMinor: o.paidMinor,
        pointsUsed: o.pointsUsed,
        pointsEarned: o.pointsEarned,
        ruleVersion: o.ruleVersion,
        balance: o.balance,
        ...(i.scanned ? { scanned: i.scanned } : {}),
      }),
    },
    invalidates: [...MEMBER_POINTS_VIEWS, 'rewards:list'],
  }),
  /** How many points this member may use on a bill of `totalMinor`. Writes nothing. */
  'points:payQuote': channel<PayQuoteDto>()({
    input: z.strictObject({ memberId: id, totalMinor: money.min(1) }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  'points:getPurchase': channel<PurchaseDto>()({
    input: z.strictObject({ receiptNo }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'receiptNotFound', // no purchase with this receipt number: details.field = receiptNo
    ],
  }),
  'points:listPurchases': channel<PurchaseSummaryDto[]>()({
    input: z.strictObject({ memberId: id, limit: z.number().int().min(1).max(200).optional() }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  /**
   * Return against a receipt: `lines` absent = everything not yet returned; otherwise
   * the given quantities of the given lines (fast-path purchases have one line, lineNo 1).
   */
  'points:refund': channel<
    RefundResultDto,
    { memberId: string; purchase: { createdAt: number; staffId: string | null; pointsUsed: number } }
  >()({
    input: z.strictObject({
      opId,
      receiptNo,
      lines: z
        .array(
          z.strictObject({ lineNo: z.number().int().min(1).max(200), quantity: z.number().int().min(1).max(10_000) }),
        )
        .min(1)
        .max(200)
        .refine((ls) => new Set(ls.map((l) => l.lineNo)).size === ls.length, { message: 'each line once' })
        .optional(),
    }),
    access: CASHIER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'receiptNotFound', // no purchase with this receipt number
      'memberNotFound', // the purchase's member is gone (never happens: members are never deleted)
      'lineNotFound', // no such line on the receipt: details.lineNo
      'overReturn', // more of a line than is left to return: details.lineNo, returnable
      'alreadyReturned', // nothing is left to return on this receipt
      'approvalRequired', // a cashier giving points back on an old purchase or another's: details.requestId
    ],
    // Only a refund that gives points back to the member (a purchase paid with points).
    approval: {
      needed: (_i, o, call) =>
        o.pointsReturned + o.rewardPointsReturned > 0
          ? reverseApproval(
              {
                at: call.notes.purchase.createdAt,
                by: call.notes.purchase.staffId,
                points: o.pointsReturned + o.rewardPointsReturned,
              },
              call,
            )
          : null,
    },
    audit: {
      action: 'points.refunded',
      target: (_i, o) => o.receiptNo,
      details: (_i, o, { notes }) => ({
        refundId: o.refundId,
        memberId: notes.memberId,
        amountMinor: o.amountMinor,
        lines: o.lines,
        pointsClawedBack: o.pointsClawedBack,
        shortfall: o.shortfall,
        pointsReturned: o.pointsReturned,
        rewardPointsReturned: o.rewardPointsReturned,
        policy: o.policy,
      }),
    },
    invalidates: [...MEMBER_POINTS_VIEWS, 'points:getPurchase'],
  }),

  /** Balance, tier, progress to the next tier, points expiring within 30 days. */
  'points:memberSummary': channel<MemberPointsDto>()({
    input: z.strictObject({ memberId: id }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  /** Newest first; page with `beforeId` (the last id of the previous page). */
  'points:history': channel<LedgerEntryDto[]>()({
    input: z.strictObject({
      memberId: id,
      limit: z.number().int().min(1).max(500).optional(),
      beforeId: id.optional(),
    }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  'points:expiring': channel<ExpiringDto>()({
    input: z.strictObject({ memberId: id, withinDays: z.number().int().min(1).max(366).optional() }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),

  /**
   * Manager ± adjustment with a reason. A negative one may not take the balance below
   * zero, unless the setting `adjustBelowZeroAllowed` is on (issue 11 item 8) — and then
   * only with the approval of another manager or the owner (policy `adjustBelowZero`;
   * an owner's own adjustment is its approval). Audited.
   */
  'points:adjust': channel<LedgerEntryDto>()({
    input: z.strictObject({
      opId,
      memberId: id,
      points: z
        .number()
        .int()
        .min(-1_000_000_000)
        .max(1_000_000_000)
        .refine((p) => p !== 0, { message: 'must not be zero' })
        .brand<'Points'>(),
      reason,
    }),
    access: MANAGER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'memberNotFound', // no member with this id
      'belowZero', // a negative adjustment larger than the balance (and the setting is off): details.balance
      'approvalRequired', // below zero with the setting on: another manager or the owner approves (details.requestId)
    ],
    approval: { needed: (i, o) => adjustBelowZeroApproval(i, o) },
    audit: {
      action: 'points.adjusted',
      target: member,
      details: (i, o) => ({ points: i.points, reason: i.reason, entryId: o.id, balance: o.balanceAfter }),
    },
    invalidates: MEMBER_POINTS_VIEWS,
  }),
  /** Clear one member's positive balance to zero, with a reason. Audited. */
  'points:clearMember': channel<LedgerEntryDto>()({
    input: z.strictObject({ opId, memberId: id, reason }),
    access: MANAGER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'memberNotFound', // no member with this id
      'nothingToClear', // the balance is zero or negative: details.balance
    ],
    audit: {
      action: 'points.cleared',
      target: member,
      details: (i, o) => ({ points: -o.points, reason: i.reason, entryId: o.id }),
    },
    invalidates: MEMBER_POINTS_VIEWS,
  }),
  /**
   * Programme maintenance: clear every positive balance (optionally only members with no
   * ledger activity since `inactiveSince`). `confirmation` must be exactly
   * BULK_CLEAR_CONFIRMATION. Audited.
   */
  'points:bulkClear': channel<ClearResultDto, { cleared: MovedPoints[] }>()({
    input: z.strictObject({
      opId,
      reason,
      confirmation: z.literal(BULK_CLEAR_CONFIRMATION),
      inactiveSince: epochMs.optional(),
    }),
    access: MANAGER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [],
    // One record per member cleared: a member's audit trail shows it, like a single clear.
    audit: {
      action: 'points.bulkCleared',
      each: (i, o, { notes }) =>
        notes.cleared.map((c) => ({
          target: c.memberId,
          details: {
            points: c.points,
            entryId: c.entryId,
            reason: i.reason,
            inactiveSince: i.inactiveSince ?? null,
            run: { members: o.members, pointsCleared: o.pointsCleared },
          },
        })),
    },
    invalidates: MEMBER_POINTS_VIEWS,
  }),
  /** What a bulk clear with the same filter would clear now (members, points); changes nothing. */
  'points:bulkClearPreview': channel<ClearResultDto>()({
    input: z.strictObject({ inactiveSince: epochMs.optional() }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  /** Balance and tier of up to 500 members (a page of the member list). */
  'points:standings': channel<MemberStandingDto[]>()({
    input: z.strictObject({ memberIds: z.array(id).max(500) }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  /** Expire due lots now (also runs at start-up and daily). Audited when anything expired. */
  'points:runExpiry': channel<ExpiryRunDto, { expired: MovedPoints[] }>()({
    input: empty,
    access: MANAGER_UP,
    effect: 'write',
    refusals: [
      'expiryAtHeadOffice', // chain mode: head office expires the chain's points (src/server/expiry)
    ],
    audit: expiryAudit,
    invalidates: MEMBER_POINTS_VIEWS,
  }),
  /** Cached balances vs sum of entries; reports, never fixes. */
  'points:checkLedger': channel<LedgerCheckDto>()({
    input: empty,
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
};
