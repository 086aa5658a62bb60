import { z } from 'zod';
import { channel } from './define';
import { epochMs, id, line, money, opId, text } from './common';
import type { Minor, Points } from '../units';
import { CASHIER_UP, MANAGER_UP } from '../roles';
import { SPEND_PIN_REFUSALS, memberPin, reason } from './points';
import { reverseApproval } from './approval-rules';

/**
 * The rewards area: the catalogue (manager) and redemption at the counter.
 * A redemption never exceeds the member's balance and never takes stock below zero:
 * both are checked inside the write transaction. Writes carry `opId` (see points.ts).
 */

/**
 * goods / coupon: redeemed on their own (rewards:redeem). discount / percentOff /
 * freeProduct change a bill: redeemed while recording the purchase (points:award
 * `rewardId`), linked to its receipt (shared/rewards/bill-discount.ts, migration 013).
 */
export const REWARD_KINDS = ['goods', 'coupon', 'discount', 'percentOff', 'freeProduct'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

const rewardFields = {
  name: line(80),
  description: text(500).optional(),
  /** goods: handed over; coupon: a unique code is generated per redemption; discount: fixed amount off. */
  kind: z.enum(REWARD_KINDS),
  costPoints: z.number().int().min(1).max(1_000_000_000).brand<'Points'>(),
  /** Units left; absent/null = unlimited. */
  stock: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  /** For kind 'discount' (required there), and optionally the face value of a coupon. */
  discountMinor: money.min(1).nullable().optional(),
  /** percentOff: basis points of the bill (1,000 = 10%; 1–10,000), required there. */
  percentBp: z.number().int().min(1).max(10_000).nullable().optional(),
  /** percentOff: the most it takes off one bill (Odoo's discount_max_amount); absent = no cap. */
  maxDiscountMinor: money.min(1).nullable().optional(),
  /** freeProduct: the SKU given free, required there. */
  productSku: line(40).nullable().optional(),
  /** freeProduct: units free per claim (default 1). */
  productUnits: z.number().int().min(1).max(100).nullable().optional(),
  activeFrom: epochMs.nullable().optional(),
  activeUntil: epochMs.nullable().optional(),
  active: z.boolean().optional(),
};

/** Each kind has exactly the fields it uses (a stray one would be stored and never read). */
function kindFieldsOk(r: {
  kind: RewardKind;
  discountMinor?: number | null;
  percentBp?: number | null;
  maxDiscountMinor?: number | null;
  productSku?: string | null;
  productUnits?: number | null;
}) {
  const has = (v: unknown) => v !== null && v !== undefined;
  if (r.kind === 'discount' && !has(r.discountMinor)) return false;
  if ((r.kind === 'percentOff' || r.kind === 'freeProduct') && has(r.discountMinor)) return false;
  if ((r.kind === 'percentOff') !== has(r.percentBp)) return false;
  if (r.kind !== 'percentOff' && has(r.maxDiscountMinor)) return false;
  if ((r.kind === 'freeProduct') !== has(r.productSku)) return false;
  if (r.kind !== 'freeProduct' && has(r.productUnits)) return false;
  return true;
}
const KIND_FIELDS_MESSAGE =
  'discount needs discountMinor; percentOff needs percentBp (maxDiscountMinor optional); freeProduct needs productSku (productUnits optional); no other kind takes these';

function windowOk(r: { activeFrom?: number | null; activeUntil?: number | null }) {
  return r.activeFrom == null || r.activeUntil == null || r.activeUntil > r.activeFrom;
}

export const rewardInput = z
  .strictObject(rewardFields)
  .refine(windowOk, { message: 'activeUntil must be after activeFrom', path: ['activeUntil'] })
  .refine(kindFieldsOk, { message: KIND_FIELDS_MESSAGE, path: ['kind'] });

/**
 * What head office authors (shared/sync/endpoints.ts `admin:saveReward`): the kinds it
 * stores. Bill rewards (migration 013) are local to a store's catalogue for now.
 */
export const HEAD_OFFICE_REWARD_KINDS = ['goods', 'coupon', 'discount'] as const;
export const headOfficeRewardInput = z
  .strictObject({
    ...rewardFields,
    kind: z.enum(HEAD_OFFICE_REWARD_KINDS),
    percentBp: z.null().optional(),
    maxDiscountMinor: z.null().optional(),
    productSku: z.null().optional(),
    productUnits: z.null().optional(),
  })
  .refine(windowOk, { message: 'activeUntil must be after activeFrom', path: ['activeUntil'] })
  .refine(kindFieldsOk, { message: KIND_FIELDS_MESSAGE, path: ['kind'] });

export interface RewardDto {
  id: string;
  name: string;
  description: string | null;
  kind: RewardKind;
  costPoints: Points;
  stock: number | null;
  discountMinor: Minor | null;
  percentBp: number | null;
  maxDiscountMinor: Minor | null;
  productSku: string | null;
  productUnits: number | null;
  activeFrom: number | null;
  activeUntil: number | null;
  active: boolean;
  /** active, inside its window and in stock right now. */
  availableNow: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface RedemptionDto {
  id: string;
  memberId: string;
  rewardId: string;
  rewardName: string;
  kind: RewardKind;
  points: Points;
  couponCode: string | null;
  discountMinor: Minor | null;
  status: 'active' | 'voided';
  /** A bill reward: the receipt it was redeemed on (its refund gives points back by the rules' policy). */
  receiptNo: string | null;
  /** Of `points`, given back by refunds of that receipt so far. */
  pointsReturned: Points;
  voidReason: string | null;
  createdAt: number;
  voidedAt: number | null;
  /** Member balance after this operation (redeem or void). */
  balance: Points;
}

export interface AffordableDto {
  balance: Points;
  /** Available rewards the member can afford now, cheapest first. */
  affordable: RewardDto[];
  /** The cheapest available reward the member cannot yet afford. */
  nextWithinReach: { reward: RewardDto; pointsNeeded: number } | null;
}

/** A reward's change shows in the catalogue, what a member can afford and the next reward within reach. */
const REWARD_VIEWS = ['rewards:list', 'rewards:affordable', 'reports:memberInsights'] as const;
const MEMBER_POINTS_VIEWS = [
  'points:memberSummary',
  'sync:balance', // chain mode: the counter's chain balance
  'points:history',
  'points:expiring',
  'points:payQuote',
  'rewards:affordable',
  'rewards:listRedemptions',
  'reports:memberInsights',
] as const;

export const rewardsContract = {
  'rewards:list': channel<RewardDto[]>()({
    input: z.strictObject({ includeInactive: z.boolean().optional() }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [],
  }),
  'rewards:create': channel<RewardDto>()({
    input: rewardInput,
    access: MANAGER_UP,
    effect: 'write',
    refusals: [],
    audit: { action: 'rewards.created', target: (_i, o) => o.id, details: (i) => ({ ...i }) },
    invalidates: REWARD_VIEWS,
  }),
  /** Replace a reward's fields (stock is set absolutely). Audited. */
  'rewards:update': channel<RewardDto, { before: RewardDto }>()({
    input: z
      .strictObject({ rewardId: id, ...rewardFields })
      .refine(windowOk, { message: 'activeUntil must be after activeFrom', path: ['activeUntil'] })
      .refine(kindFieldsOk, { message: KIND_FIELDS_MESSAGE, path: ['kind'] }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: [
      'rewardNotFound', // no reward with this id: details.field = rewardId
    ],
    audit: {
      action: 'rewards.updated',
      target: (i) => i.rewardId,
      details: (_i, o, { notes }) => ({ before: notes.before, after: o }),
    },
    invalidates: REWARD_VIEWS,
  }),
  /** What this member can redeem now, and the next reward within reach. */
  'rewards:affordable': channel<AffordableDto>()({
    input: z.strictObject({ memberId: id }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  /** Redeem one unit of a reward; `pin` required when the rules say so. */
  'rewards:redeem': channel<RedemptionDto>()({
    input: z.strictObject({ opId, memberId: id, rewardId: id, pin: memberPin.optional() }),
    access: CASHIER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'memberNotFound', // no member with this id
      'memberErased', // personal data erased
      'memberInactive', // deactivated: reactivate first
      'provisionalMember', // a card recorded provisionally (head office unreachable): it earns, never spends
      'rewardNotFound', // no reward with this id
      'outOfStock', // no unit left (also when another terminal took the last one)
      'notAvailable', // inactive, or outside its active dates
      'billRewardOnPurchase', // a reward that changes a bill is redeemed with points:award's rewardId
      ...SPEND_PIN_REFUSALS,
      'insufficientPoints', // the balance is below the cost: details.balance, cost
      'needsConnection', // chain mode, head office unreachable: above the offline allowance (details.allowanceLeft)
      'belowMinBalance', // the balance is below the rules' minimum for spending: details.minBalance
    ],
    audit: {
      action: 'rewards.redeemed',
      target: (i) => i.memberId,
      // Never the coupon code: it is what the member hands in.
      details: (_i, o) => ({
        redemptionId: o.id,
        rewardId: o.rewardId,
        rewardName: o.rewardName,
        kind: o.kind,
        points: o.points,
        discountMinor: o.discountMinor,
        balance: o.balance,
      }),
    },
    invalidates: [...MEMBER_POINTS_VIEWS, 'rewards:list'],
  }),
  /** Void a redemption: points and stock restored. Audited. */
  'rewards:void': channel<RedemptionDto, { redeemedBy: string | null }>()({
    input: z.strictObject({ opId, redemptionId: id, reason }),
    access: CASHIER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'redemptionNotFound', // no redemption with this id: details.field = redemptionId
      'memberNotFound', // the redemption's member is gone (never happens: members are never deleted)
      'alreadyVoided', // a redemption is voided once
      'linkedToReceipt', // a bill reward's redemption: refund its receipt instead (details.receiptNo)
      'approvalRequired', // a cashier voiding an old redemption or another's: details.requestId
    ],
    approval: {
      needed: (_i, o, call) => reverseApproval({ at: o.createdAt, by: call.notes.redeemedBy, points: o.points }, call),
    },
    audit: {
      action: 'rewards.voided',
      target: (_i, o) => o.id,
      details: (i, o) => ({ memberId: o.memberId, points: o.points, reason: i.reason, balance: o.balance }),
    },
    invalidates: [...MEMBER_POINTS_VIEWS, 'rewards:list'],
  }),
  'rewards:listRedemptions': channel<RedemptionDto[]>()({
    input: z.strictObject({ memberId: id, limit: z.number().int().min(1).max(200).optional() }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
};
