/**
 * Exact non-negative rationals (BigInt numerator / denominator) for the explanation's
 * arithmetic, and their decimal text. The formatter recomputes every intermediate it
 * prints from the facts, exactly, so the printed steps multiply out to what it prints
 * next — it never shows a float.
 */
export interface Ratio {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

export function ratio(n: bigint | number, d: bigint | number = 1n): Ratio {
  const N = BigInt(n);
  const D = BigInt(d);
  if (D <= 0n) throw new Error('ratio: denominator must be positive');
  const g = gcd(N, D) || 1n;
  return { n: N / g, d: D / g };
}

export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.n, a.d * b.d);
export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const isInteger = (r: Ratio): boolean => r.n % r.d === 0n;

export type RoundingMode = 'down' | 'nearest' | 'up';

/** n / d rounded by `mode` ('nearest' rounds halves up), as the earning engine does. */
export function roundRatio(r: Ratio, mode: RoundingMode): bigint {
  const q = r.n / r.d;
  const rem = r.n % r.d;
  if (rem === 0n || mode === 'down') return q;
  if (mode === 'up') return q + 1n;
  return 2n * rem >= r.d ? q + 1n : q;
}

/** Beyond this many fraction digits an exact decimal is shown as an approximation. */
const MAX_EXACT_DIGITS = 12;
const MIN_APPROX_DIGITS = 2;
const MAX_APPROX_DIGITS = 20;

export interface DecimalText {
  /** Plain decimal digits, "157.5" or "3.33" (no grouping, no sign). */
  digits: string;
  /** Number of fraction digits in `digits`. */
  fractionDigits: number;
  /** False when `digits` is the value truncated (it never terminates, or too long). */
  exact: boolean;
}

function withPoint(scaled: bigint, k: number): string {
  if (k === 0) return scaled.toString();
  const s = scaled.toString().padStart(k + 1, '0');
  return `${s.slice(0, s.length - k)}.${s.slice(s.length - k)}`;
}

/**
 * The decimal text of r: exact when its expansion ends (denominator of 2s and 5s only)
 * within 12 digits; otherwise truncated (never rounded) to at least 2 digits, and to as
 * many more as it takes for the fraction to be non-zero — so rounding the text by any
 * mode gives the same integer as rounding r (a truncated 2.00 for 2.0001 would read
 * "rounded up → 2"; 2.0001 is shown instead).
 */
export function decimalOf(r: Ratio): DecimalText {
  let d = r.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  const k = Math.max(twos, fives);
  if (d === 1n && k <= MAX_EXACT_DIGITS) {
    return { digits: withPoint((r.n * 10n ** BigInt(k)) / r.d, k), fractionDigits: k, exact: true };
  }
  for (let k = MIN_APPROX_DIGITS; ; k++) {
    const scale = 10n ** BigInt(k);
    const scaled = (r.n * scale) / r.d;
    if (scaled % scale !== 0n || k >= MAX_APPROX_DIGITS) {
      return { digits: withPoint(scaled, k), fractionDigits: k, exact: false };
    }
  }
}
