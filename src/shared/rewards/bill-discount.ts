import { unchecked, type Minor } from '../units';

/**
 * What a bill reward takes off a purchase (issue 11 item 2), shared by main (which
 * records it) and the counter (which shows "Collect ¥X" before the cashier sends).
 * Pure integer arithmetic on minor units; BigInt where a product can pass 2^53.
 *
 * - `discount` (fixed amount): min(value, bill). A value larger than the bill is not
 *   carried over (Odoo's per-order fixed discount does the same).
 * - `percentOff`: floor(bill × basisPoints / 10,000), then at most `maxDiscountMinor`.
 *   Rounded DOWN to the minor unit, so the discount never exceeds the percent or the cap.
 * - `freeProduct`: N units of the product's SKU on the bill are free, the cheapest units
 *   first (a bill with fewer than N units of it is refused: the cashier adds the item).
 *
 * The discount is split onto the lines (fixed and percent: in proportion to the line
 * amounts, largest remainder; free product: onto that SKU's lines) so a refund of a line
 * returns exactly what was paid for it.
 */
export type BillRewardKind = 'discount' | 'percentOff' | 'freeProduct';

export const BILL_REWARD_KINDS: readonly BillRewardKind[] = ['discount', 'percentOff', 'freeProduct'];

export function isBillReward(kind: string): kind is BillRewardKind {
  return (BILL_REWARD_KINDS as readonly string[]).includes(kind);
}

export interface BillRewardTerms {
  kind: BillRewardKind;
  discountMinor: number | null;
  percentBp: number | null;
  maxDiscountMinor: number | null;
  productSku: string | null;
  productUnits: number | null;
}

export interface BillLine {
  sku: string | null;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
}

export type BillDiscount =
  | { ok: true; discountMinor: Minor; perLine: Minor[]; freeUnits: number }
  | { ok: false; reason: 'productNotOnBill'; unitsOnBill: number; unitsNeeded: number };

/** Largest-remainder split of `total` in proportion to `weights` (the same as core's allocate). */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (weights.length === 0) return [];
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0));
  const T = BigInt(total);
  const parts = weights.map((w) => (T * BigInt(w)) / sum);
  let left = T - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, r: (T * BigInt(w)) % sum }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

export function billDiscount(terms: BillRewardTerms, lines: readonly BillLine[]): BillDiscount {
  const amounts = lines.map((l) => l.amountMinor);
  const bill = amounts.reduce((a, b) => a + BigInt(b), 0n);
  const done = (total: bigint, perLine: number[], freeUnits = 0): BillDiscount => ({
    ok: true,
    discountMinor: unchecked.minor(Number(total)),
    perLine: perLine.map((n) => unchecked.minor(n)),
    freeUnits,
  });
  if (terms.kind === 'discount') {
    const value = BigInt(terms.discountMinor ?? 0);
    const total = value < bill ? value : bill;
    return done(total, split(Number(total), amounts));
  }
  if (terms.kind === 'percentOff') {
    let total = (bill * BigInt(terms.percentBp ?? 0)) / 10_000n;
    if (terms.maxDiscountMinor !== null && total > BigInt(terms.maxDiscountMinor)) {
      total = BigInt(terms.maxDiscountMinor);
    }
    return done(total, split(Number(total), amounts));
  }
  const needed = terms.productUnits ?? 1;
  const sku = terms.productSku;
  const candidates = lines
    .map((l, i) => ({ i, l }))
    .filter(({ l }) => sku !== null && l.sku === sku)
    .sort((a, b) => a.l.unitPriceMinor - b.l.unitPriceMinor || a.i - b.i);
  const onBill = candidates.reduce((n, c) => n + c.l.quantity, 0);
  if (onBill < needed) return { ok: false, reason: 'productNotOnBill', unitsOnBill: onBill, unitsNeeded: needed };
  const perLine = lines.map(() => 0);
  let left = needed;
  let total = 0n;
  for (const { i, l } of candidates) {
    if (left === 0) break;
    const n = Math.min(left, l.quantity);
    const off = BigInt(n) * BigInt(l.unitPriceMinor);
    perLine[i] = Number(off);
    total += off;
    left -= n;
  }
  return done(total, perLine, needed);
}
