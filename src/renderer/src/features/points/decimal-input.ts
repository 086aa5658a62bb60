/**
 * Exact parsing of what staff type as decimals: money in major units ("105.00" → 10500
 * minor units) and multipliers ("1.5" → 150 percent). Pure string work on digits — no
 * parseFloat, no `× 100` — so "0.29" is 29 and never 28.999…; anything that is not a
 * plain non-negative decimal with at most `digits` fraction digits is rejected, never
 * rounded (a cashier who typed a third decimal made a typo, and must be told).
 */

import { minorToDecimal } from '../../../../shared/decimal';

export type DecimalParse =
  { ok: true; value: number } | { ok: false; reason: 'empty' | 'format' | 'tooPrecise' | 'tooLarge' };

/** Grouping people type ("1,050.00", "1 050.00") is dropped; "." is the only decimal mark. */
const GROUPING = /[,\s\u00a0\u202f]/g;

/**
 * "105" / "105.0" / "105.00" / "¥105.00" / "1,050.5" → minor units with `digits` fraction
 * digits. `max` bounds the result (default: the contract's money bound, 10^11).
 */
export function parseDecimal(input: string, digits: number, max = 100_000_000_000): DecimalParse {
  const s = input
    .trim()
    .replace(/^[¥$€£]|^[A-Z]{3}\s*/, '')
    .replace(GROUPING, '');
  if (s === '') return { ok: false, reason: 'empty' };
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return { ok: false, reason: 'format' };
  const whole = m[1] === '' ? '0' : m[1];
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return { ok: false, reason: 'tooPrecise' };
  // BigInt keeps every digit exact however long the input; the bound is checked before Number().
  const value = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (value > BigInt(max)) return { ok: false, reason: 'tooLarge' };
  return { ok: true, value: Number(value) };
}

/** Money typed in major units → integer minor units. */
export function parseMoneyInput(input: string, minorUnits: number): DecimalParse {
  return parseDecimal(input, minorUnits);
}

/** "1.5" → 150 (percent), "×2" → 200; at most 2 decimals, at most ×100. */
export function parseMultiplier(input: string): DecimalParse {
  return parseDecimal(input.trim().replace(/^[×xX*]\s*/, ''), 2, 10_000);
}

/** A whole number (points, quantity, months, percent), digits only. */
export function parseWhole(input: string, max: number): DecimalParse {
  const s = input.trim().replace(GROUPING, '');
  if (s === '') return { ok: false, reason: 'empty' };
  if (!/^\d+$/.test(s)) return { ok: false, reason: 'format' };
  const v = BigInt(s);
  if (v > BigInt(max)) return { ok: false, reason: 'tooLarge' };
  return { ok: true, value: Number(v) };
}

/** The inverse, for pre-filling inputs: 10500 → "105.00", 150 → "1.5" (trimmed). */
export function minorToInput(minor: number, digits: number, trimZeros = false): string {
  return minorToDecimal(minor, digits, trimZeros);
}

export function percentToMultiplier(percent: number): string {
  return minorToInput(percent, 2, true);
}
