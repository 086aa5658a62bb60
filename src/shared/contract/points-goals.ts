import { z } from 'zod';
import { channel } from './define';
import { id, opId } from './common';
import { CASHIER_UP, MANAGER_UP } from '../roles';
import { receiptNo } from './points';
import {
  promoCodeInput,
  promoCodeKey,
  type CreatedPromoCodesDto,
  type MemberGoalsDto,
  type PromoBatchDto,
  type PromoExportDto,
  type VoucherDto,
} from './points-goals-schema';

/**
 * Goals with automatic rewards and promo codes (issue 11 items 4 and 7): the member's
 * cards and vouchers, using a voucher, and the managers' promo code batches. Part of the
 * points area (core/points/goals.ts, vouchers.ts, promo-codes.ts).
 */
export const pointsGoalsContract = {
  /** Each goal in force with the member's card balance, and the vouchers they hold. */
  'points:memberGoals': channel<MemberGoalsDto>()({
    input: z.strictObject({ memberId: id }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  /** Uses a voucher the member holds (once, while usable). Audited. */
  'points:useVoucher': channel<VoucherDto>()({
    input: z.strictObject({ opId, memberId: id, voucherId: id, receiptNo: receiptNo.optional() }),
    access: CASHIER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'provisionalMember', // a card recorded provisionally (head office unreachable): it earns, never spends
      'voucherNotFound', // no such voucher for this member
      'voucherPending', // still pending (a refund may withdraw it): details.availableFrom
      'voucherUsed', // already used: details.usedAt
      'voucherUsedInChain', // head office says another store used it: details.usedStore, usedAt (epoch ms)
      'voucherWithdrawn', // taken back by a refund while pending
      'voucherExpired', // past its last day: details.expiresAt
    ],
    audit: {
      action: 'points.voucherUsed',
      target: (i) => i.memberId,
      details: (i, o) => ({ voucherId: o.id, name: o.name, receiptNo: i.receiptNo ?? null }),
    },
    invalidates: ['points:memberGoals'],
  }),
  /**
   * A batch of codes for a programme key: `count` generated single-use codes (or limited
   * by `maxUses`), or one named `code` (unlimited unless `maxUses`). Audited (not the codes).
   */
  'points:createPromoCodes': channel<CreatedPromoCodesDto>()({
    input: z
      .strictObject({
        opId,
        promoProgramme: promoCodeKey,
        count: z.number().int().min(1).max(5000).optional(),
        code: promoCodeInput.optional(),
        maxUses: z.number().int().min(1).max(1_000_000).optional(),
      })
      .refine((i) => (i.count === undefined) !== (i.code === undefined), {
        message: 'give either count or code, not both',
        path: ['count'],
      }),
    access: MANAGER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'codeTaken', // a code with this text already exists
    ],
    audit: {
      action: 'points.promoCodesCreated',
      target: (i) => i.promoProgramme,
      details: (_i, o) => ({ batchId: o.batchId, count: o.count, maxUses: o.maxUses }),
    },
    invalidates: ['points:listPromoBatches'],
  }),
  'points:listPromoBatches': channel<PromoBatchDto[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(200).optional() }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  /** The batch's codes as CSV (code, programme, max uses, used, last used). */
  'points:exportPromoBatch': channel<PromoExportDto>()({
    input: z.strictObject({ batchId: id }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [
      'batchNotFound', // no batch with this id
    ],
  }),
};
