import type { BillRewardTerms } from './bill-discount';
import type { Minor } from '../units';

/**
 * A goal voucher's terms as a bill reward (points:award `voucherId`), shared by main
 * (voucher-on-bill.ts, which records it) and the counter (which shows "Collect ¥X" first):
 * `amountOff` is a fixed amount off, `freeItem` with a SKU one free unit of it. A free item
 * without a SKU names nothing on a bill: null (it is marked used at the counter instead).
 */
export function voucherTerms(v: {
  kind: 'amountOff' | 'freeItem';
  valueMinor: Minor | number | null;
  sku: string | null;
}): BillRewardTerms | null {
  const none = { discountMinor: null, percentBp: null, maxDiscountMinor: null, productSku: null, productUnits: null };
  if (v.kind === 'amountOff' && v.valueMinor !== null && v.valueMinor > 0) {
    return { ...none, kind: 'discount', discountMinor: v.valueMinor };
  }
  if (v.kind === 'freeItem' && v.sku !== null)
    return { ...none, kind: 'freeProduct', productSku: v.sku, productUnits: 1 };
  return null;
}
