import type { Refuser } from '../context';
import type { LedgerEnv } from './ledger';
import { stmt } from '../db/statements';
import { holdsVoucher, voucherRow, voucherStatus } from './goals';
import { billDiscount, type BillLine, type BillRewardTerms } from '../../../shared/rewards/bill-discount';
import { voucherTerms } from '../../../shared/rewards/voucher-terms';
import type { EarnFacts } from '../../../shared/explain/facts';
import type { Minor } from '../../../shared/units';

/**
 * A goal's voucher applied ON a purchase (`voucherId` on points:award, issue 11 item 4
 * follow-up). The goal schema already says what a voucher is worth, so no rule changes:
 * `amountOff` (valueMinor) prices as a fixed-amount bill reward, `freeItem` with a SKU as
 * one free unit of it — both through `billDiscount`, exactly like a bill reward, so the
 * discount is split onto the lines (`reward_discount_minor`) and a refund returns what was
 * paid. No points are spent (the voucher was earned). A `freeItem` without a SKU names
 * nothing on the bill: refused `voucherNotForBill` (use points:useVoucher at the counter).
 *
 * A refund of the receipt does not give the voucher back: migration 017's trigger lets a
 * voucher row change once (used or withdrawn), and a replacement row would break the goal
 * ledger's count (issued − withdrawn vouchers × target = progress − taken − balance).
 */
export type VoucherRowOf = NonNullable<ReturnType<typeof voucherRow>>;

export interface VoucherQuote {
  voucher: VoucherRowOf;
  terms: BillRewardTerms;
  discountMinor: Minor;
  perLine: Minor[];
  freeUnits: number;
}

type VoucherRefusal =
  | 'voucherNotFound'
  | 'voucherPending'
  | 'voucherUsed'
  | 'voucherWithdrawn'
  | 'voucherExpired'
  | 'voucherNotForBill'
  | 'productNotOnBill'
  | 'noDiscount';

/** Checks the member's voucher and prices it on these lines. Writes nothing. */
export function quoteVoucher(
  ctx: Refuser<VoucherRefusal>,
  memberId: string,
  voucherId: string,
  lines: readonly BillLine[],
  now: number,
): VoucherQuote {
  const row = voucherRow(ctx.db, voucherId);
  // Another member's voucher is "not found" (its existence is not the cashier's business).
  if (!row || !holdsVoucher(ctx.db, memberId, row)) throw ctx.refuse('voucherNotFound', { field: 'voucherId' });
  const status = voucherStatus(row, now);
  if (status === 'used') throw ctx.refuse('voucherUsed', { field: 'voucherId', usedAt: row.used_at });
  if (status === 'revoked') throw ctx.refuse('voucherWithdrawn', { field: 'voucherId' });
  if (status === 'pending')
    throw ctx.refuse('voucherPending', { field: 'voucherId', availableFrom: row.available_from });
  if (status === 'expired') throw ctx.refuse('voucherExpired', { field: 'voucherId', expiresAt: row.expires_at });
  const terms = voucherTerms({ kind: row.kind, valueMinor: row.value_minor, sku: row.sku });
  if (!terms) throw ctx.refuse('voucherNotForBill', { field: 'voucherId', kind: row.kind });
  const d = billDiscount(terms, lines);
  if (!d.ok) {
    throw ctx.refuse('productNotOnBill', {
      field: 'voucherId',
      sku: row.sku,
      unitsOnBill: d.unitsOnBill,
      unitsNeeded: d.unitsNeeded,
    });
  }
  if (d.discountMinor === 0) throw ctx.refuse('noDiscount', { field: 'voucherId' });
  return { voucher: row, terms, discountMinor: d.discountMinor, perLine: d.perLine, freeUnits: d.freeUnits };
}

/** Marks the voucher used by this purchase, in the award's transaction (guarded: once). */
export function markVoucherUsed(env: LedgerEnv, q: VoucherQuote, receiptNo: string): void {
  const done = stmt(
    env.db,
    `UPDATE points_vouchers SET used_at = ?, used_op_id = ?, used_by = ?, used_receipt_no = ?
     WHERE id = ? AND used_at IS NULL AND withdrawn_at IS NULL`,
  ).run(env.now, env.opId, env.staffId, receiptNo, q.voucher.id);
  if (done.changes !== 1) throw new Error('voucher changed under the award');
}

/** The voucher's part of the award's facts: a bill reward of 0 points, with the voucher's id. */
export function voucherFacts(q: VoucherQuote, total: Minor): NonNullable<EarnFacts['billReward']> {
  const v = q.voucher;
  return {
    name: v.name,
    kind: q.terms.kind,
    points: 0,
    totalMinor: total,
    discountMinor: q.discountMinor,
    voucherId: v.id,
    ...(q.terms.kind === 'discount' && v.value_minor !== null ? { valueMinor: v.value_minor } : {}),
    ...(q.terms.kind === 'freeProduct' && v.sku !== null ? { sku: v.sku, units: q.freeUnits } : {}),
  };
}
