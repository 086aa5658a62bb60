import type { RoundingMode } from '../../../shared/contract/points';
import type { Minor, Points } from '../../../shared/units';

/**
 * Exact integer arithmetic for points and money. Everything that multiplies amounts by
 * ratios goes through BigInt so that a × M never meets a float, and every rounding is
 * one explicit, documented step.
 */

/** n / d rounded by `mode` (d > 0, n >= 0). 'nearest' rounds halves up. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  if (mode === 'down') return q;
  if (mode === 'up') return q + 1n;
  return 2n * r >= d ? q + 1n : q;
}

/** floor(x × part / whole) for non-negative integers, exact beyond 2^53 in between; in x's unit. */
export function shareOf(x: Minor, part: number, whole: number): Minor;
export function shareOf(x: Points, part: number, whole: number): Points;
export function shareOf(x: number, part: number, whole: number): number;
export function shareOf(x: number, part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Number((BigInt(x) * BigInt(part)) / BigInt(whole));
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder):
 * the parts always add up to `total` exactly. Zero weights get zero unless every
 * weight is zero, in which case the first part gets everything. The parts are in the
 * total's unit (the weights' unit does not matter: points are spread by money, say).
 */
export function allocate(total: Minor, weights: readonly number[]): Minor[];
export function allocate(total: Points, weights: readonly number[]): Points[];
export function allocate(total: number, weights: readonly number[]): number[];
export function allocate(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0));
  const T = BigInt(total);
  const parts = weights.map((w) => (T * BigInt(w)) / sum);
  const rems = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % sum }));
  let left = total - parts.reduce((a, b) => a + Number(b), 0);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left <= 0) break;
    parts[i] += 1n;
    left--;
  }
  return parts.map(Number);
}

/**
 * `allocate` for weights that may pass 2^53 (a line's exact points numerator): the parts
 * add up to `total`, each proportional by largest remainder.
 */
export function allocateBig(total: bigint, weights: readonly bigint[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? Number(total) : 0));
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, r: (total * w) % sum }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left--;
  }
  return parts.map(Number);
}

/**
 * Rounds a set of exact fractions n_i / d so that their total is round(Σn_i / d) under
 * `mode`, and each part is floor or ceil of its own fraction (largest remainder first).
 * Used so that the points of each line add up to exactly the purchase's points.
 */
export function roundParts(numerators: readonly bigint[], d: bigint, mode: RoundingMode): number[] {
  const total = divRound(
    numerators.reduce((a, b) => a + b, 0n),
    d,
    mode,
  );
  const floors = numerators.map((n) => n / d);
  let extra = total - floors.reduce((a, b) => a + b, 0n);
  const order = numerators
    .map((n, i) => ({ i, r: n % d }))
    .filter((x) => x.r > 0n)
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (extra <= 0n) break;
    floors[i] += 1n;
    extra--;
  }
  return floors.map(Number);
}

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

export const DAY_MS = 86_400_000;
