import { z } from 'zod';
import { line, minorUnits } from './common';
import { normalizePromoCode } from '../promo-code';
import type { Minor } from '../units';
import type { GoalFacts } from '../explain/goal-facts';

/**
 * Goals (issue 11 item 4) and promo codes (item 7): the rule-set parts and DTOs. Kept out
 * of points.ts (which imports them) so the two files do not import each other.
 *
 * A goal is a stamp card or an accumulator with a balance of its own per member (Bink
 * BPL's campaigns): `visits` counts a stamp per qualifying purchase, `spend` the minor
 * units paid for qualifying lines, `units` the units of qualifying lines. When the balance
 * reaches `target` a reward (a voucher the member holds) is issued by itself and `target`
 * subtracted — as often as the purchase crosses it. With `pendingDays` the voucher is
 * pending that long (a refund in that time takes it back first).
 */
const label = line(40);

/** A programme key that promo codes belong to ('SPRING', 'WELCOME-10'): upper case, digits, '-'. */
export const promoCodeKey = z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,23}$/, 'A–Z, 0–9 and - (up to 24)');

/** A promo code as entered or scanned: read in its stored form (promo-code.ts), then checked. */
export const promoCodeInput = line(64)
  .transform(normalizePromoCode)
  .pipe(z.string().regex(/^[A-Z0-9]{3,32}$/, 'letters and digits, 3 to 32'));

export const GOAL_MEASURES = ['visits', 'spend', 'units'] as const;
export type GoalMeasure = (typeof GOAL_MEASURES)[number];
export const VOUCHER_KINDS = ['amountOff', 'freeItem'] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];

export const goalSchema = z
  .strictObject({
    /** Stable across rule versions: the member's goal balance is kept under this key. */
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,23}$/, 'a–z, 0–9 and - (up to 24)'),
    name: line(60),
    measure: z.enum(GOAL_MEASURES),
    /** Only lines of this SKU and/or category count (either matches); absent = every line. */
    sku: label.optional(),
    category: label.optional(),
    /** `visits`: a purchase counts from this much paid for qualifying lines (default: anything). */
    minSpendMinor: minorUnits.optional(),
    /** Stamps, minor units or units to reach the reward. */
    target: z.number().int().min(1).max(1_000_000_000),
    reward: z
      .strictObject({
        name: line(60),
        kind: z.enum(VOUCHER_KINDS),
        /** amountOff: its value; freeItem: optional SKU of the item. */
        valueMinor: minorUnits.min(1).optional(),
        sku: label.optional(),
      })
      .refine((r) => r.kind !== 'amountOff' || r.valueMinor !== undefined, {
        message: 'an amount-off reward needs its value',
        path: ['valueMinor'],
      }),
    /** The voucher is pending this many days (refund window) before it can be used; 0/absent = at once. */
    pendingDays: z.number().int().min(0).max(365).optional(),
    /** Usable for this many days once available; absent = no end. */
    validDays: z.number().int().min(1).max(3650).optional(),
  })
  .refine((g) => g.measure !== 'spend' || g.target >= 100, {
    message: 'a spend goal is at least 100 minor units',
    path: ['target'],
  });
export type Goal = z.output<typeof goalSchema>;

export const VOUCHER_STATUSES = ['pending', 'available', 'used', 'expired', 'revoked'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export interface VoucherDto {
  id: string;
  memberId: string;
  goalKey: string;
  name: string;
  kind: VoucherKind;
  valueMinor: Minor | null;
  sku: string | null;
  status: VoucherStatus;
  /** Pending until this moment; usable from it. */
  availableFrom: number;
  expiresAt: number | null;
  usedAt: number | null;
  createdAt: number;
}

/** What one purchase did to one goal. */
export interface GoalOutcomeDto {
  goalKey: string;
  name: string;
  measure: GoalMeasure;
  target: number;
  added: number;
  balance: number;
  /** Render with formatGoalFacts (src/shared/explain/goal-facts.ts). */
  facts: GoalFacts;
  vouchers: VoucherDto[];
}

export interface GoalProgressDto {
  goalKey: string;
  name: string;
  measure: GoalMeasure;
  target: number;
  balance: number;
}

export interface MemberGoalsDto {
  goals: GoalProgressDto[];
  /** Newest first: pending and available first, then the rest (at most 50). */
  vouchers: VoucherDto[];
}

export interface PromoBatchDto {
  batchId: string;
  promoProgramme: string;
  /** 1 = single use; null = no limit. */
  maxUses: number | null;
  count: number;
  used: number;
  createdAt: number;
}

export interface CreatedPromoCodesDto extends PromoBatchDto {
  /** Display form (generated: ABCD-EFGH-K). */
  codes: string[];
}

export interface PromoExportDto {
  filename: string;
  csv: string;
}
