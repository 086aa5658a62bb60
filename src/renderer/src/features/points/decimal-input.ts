/**
 * Exact parsing of what staff type as decimals: money in major units ("105.00" → 10500
 * minor units) and multipliers ("1.5" → 150 percent). Pure string work on digits — no
 * parseFloat, no `× 100` — so "0.29" is 29 and never 28.999…; anything that is not a
 * plain non-negative decimal with at most `digits` fraction digits is rejected, never
 * rounded (a cashier who typed a third decimal made a typo, and must be told).
 *
 * What is accepted, and why (issue 9 item 1):
 * - "." is the only decimal mark. Full-width input from a Chinese IME is read as typed:
 *   full-width digits `０-９`, `．` and the ideographic full stop `。` as the dot, `，` as a
 *   comma, `￥` as the currency sign.
 * - A comma (or a space) is read as **thousands grouping only where no other reading is
 *   possible**: the first group has 1–3 digits, every later group exactly 3, and either a
 *   dot follows ("1,250.00") or the currency has fewer than 3 decimals ("1,250" with
 *   2 decimals cannot mean 1.250). Anything else with a comma ("1,5", "12,50", "1,2,3") is
 *   refused as `comma`, with the dot reading offered as a suggestion ("12.50") — never
 *   silently read one way or the other (before, "12,50" was recorded as 1,250.00).
 */

import { minorToDecimal } from '../../../../shared/decimal';

export type DecimalProblem = 'empty' | 'format' | 'tooPrecise' | 'tooLarge' | 'comma' | 'negative';
export type DecimalParse =
  | { ok: true; value: number }
  | { ok: false; reason: DecimalProblem; /** For `comma`: the text with a dot, e.g. "12.50". */ suggestion?: string };

const FULL_WIDTH_DIGIT = /[\uff10-\uff19]/g;

/** Full-width IME input → ASCII: digits, `．`/`。` → ".", `，` → ",", `￥` → "¥", ideographic space. */
export function normaliseTyped(input: string): string {
  return input
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uff0e\u3002]/g, '.')
    .replace(/\uff0c/g, ',')
    .replace(/\uffe5/g, '¥')
    .replace(/\u3000/g, ' ');
}

/** Separators people type between thousands: comma, spaces (plain, no-break, narrow). */
const SEPARATOR = /[,\s\u00a0\u202f]/;
/** 1–3 digits, then groups of exactly 3, each after one separator. */
const GROUPED = /^\d{1,3}(?:[,\s\u00a0\u202f]\d{3})+$/;

/**
 * "105" / "105.0" / "105.00" / "¥105.00" / "1,050.50" → minor units with `digits`
 * fraction digits. `max` bounds the result (default: the contract's money bound, 10^11).
 */
export function parseDecimal(input: string, digits: number, max = 100_000_000_000): DecimalParse {
  const s = normaliseTyped(input)
    .trim()
    .replace(/^[¥$€£]\s*|^[A-Z]{3}\s*/, '');
  if (s === '') return { ok: false, reason: 'empty' };
  // "-3": money typed negative is someone meaning to take back (the screen says: Refund).
  if (/^[-\u2212]\s*[\d.]/.test(s)) return { ok: false, reason: 'negative' };
  const dot = s.indexOf('.');
  const intPart = dot === -1 ? s : s.slice(0, dot);
  const fracPart = dot === -1 ? null : s.slice(dot + 1);
  let whole = intPart;
  if (SEPARATOR.test(intPart)) {
    const groupingOnly = GROUPED.test(intPart) && (fracPart !== null || digits < 3);
    if (!groupingOnly) return commaProblem(s, digits, max);
    whole = intPart.replace(/[,\s\u00a0\u202f]/g, '');
  }
  if (fracPart !== null && SEPARATOR.test(fracPart)) return commaProblem(s, digits, max);
  if (!/^\d*$/.test(whole) || (fracPart !== null && !/^\d*$/.test(fracPart))) return { ok: false, reason: 'format' };
  if (whole === '' && (fracPart ?? '') === '') return { ok: false, reason: 'format' };
  const fraction = (fracPart ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return { ok: false, reason: 'tooPrecise' };
  // BigInt keeps every digit exact however long the input; the bound is checked before Number().
  const value =
    BigInt(whole === '' ? '0' : whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (value > BigInt(max)) return { ok: false, reason: 'tooLarge' };
  return { ok: true, value: Number(value) };
}

/**
 * A comma that is not unambiguous grouping: refused. Only a comma can be a decimal mark
 * in anyone's habit, so only a comma is answered with the dot reading ("12,50" → "12.50",
 * when that reading itself is a valid amount); stray spaces are a plain format problem.
 */
function commaProblem(s: string, digits: number, max: number): DecimalParse {
  if (!s.includes(',')) return { ok: false, reason: 'format' };
  if (/^\d+,\d+$/.test(s)) {
    const suggestion = s.replace(',', '.');
    if (parseDecimal(suggestion, digits, max).ok) return { ok: false, reason: 'comma', suggestion };
  }
  return { ok: false, reason: 'comma' };
}

/** Money typed in major units → integer minor units. */
export function parseMoneyInput(input: string, minorUnits: number): DecimalParse {
  return parseDecimal(input, minorUnits);
}

/** "1.5" → 150 (percent), "×2" → 200; at most 2 decimals, at most ×100. */
export function parseMultiplier(input: string): DecimalParse {
  return parseDecimal(input.trim().replace(/^[×xX*]\s*/, ''), 2, 10_000);
}

/** A whole number (points, quantity, months, percent), digits only (full-width too). */
export function parseWhole(input: string, max: number): DecimalParse {
  const s = normaliseTyped(input).trim();
  if (s === '') return { ok: false, reason: 'empty' };
  const digitsOnly = GROUPED.test(s) ? s.replace(/[,\s\u00a0\u202f]/g, '') : s;
  if (!/^\d+$/.test(digitsOnly)) return { ok: false, reason: 'format' };
  const v = BigInt(digitsOnly);
  if (v > BigInt(max)) return { ok: false, reason: 'tooLarge' };
  return { ok: true, value: Number(v) };
}

/** The inverse, for pre-filling inputs: 10500 → "105.00", 150 → "1.5" (trimmed). */
export function minorToInput(minor: number, digits: number, trimZeros = false): string {
  return minorToDecimal(minor, digits, trimZeros);
}

/** 150 → "1.5", 112.5 → "1.125" (3 decimals: shared/permille.ts). */
export function percentToMultiplier(percent: number): string {
  return minorToInput(Math.round(percent * 10), 3, true);
}
