/**
 * Formats money for the stored one-line explanations ("¥105.00 × 1 pt/¥1 = 105").
 * Integer only: the minor units are split with division and remainder, never scaled
 * by a float. The renderer formats its own amounts with Intl; this is for the ledger.
 */
import { minorToDecimal } from '../../../shared/decimal';

const SYMBOLS: Record<string, string> = { CNY: '¥', JPY: '¥', USD: '$', EUR: '€', GBP: '£', HKD: 'HK$' };

export function formatMoney(minor: number, currency: string, digits: number, trimZeroFraction = false): string {
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  // Only a whole amount loses its fraction ("¥1", not "¥1.5" for ¥1.50).
  const isWhole = trimZeroFraction && BigInt(abs) % 10n ** BigInt(digits) === 0n;
  return `${sign}${symbol}${minorToDecimal(abs, digits, isWhole)}`;
}

/** 150 → "1.5", 200 → "2", 125 → "1.25". */
export function formatMultiplier(percent: number): string {
  return minorToDecimal(percent, 2, true);
}

export function pts(n: number): string {
  return n === 1 ? '1 pt' : `${n} pts`;
}
