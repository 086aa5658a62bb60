/**
 * Formats money for the stored one-line explanations ("¥105.00 × 1 pt/¥1 = 105").
 * Integer only: the minor units are split with division and remainder, never scaled
 * by a float. The renderer formats its own amounts with Intl; this is for the ledger.
 */
const SYMBOLS: Record<string, string> = { CNY: '¥', JPY: '¥', USD: '$', EUR: '€', GBP: '£', HKD: 'HK$' };

export function formatMoney(minor: number, currency: string, digits: number, trimZeroFraction = false): string {
  const sign = minor < 0 ? '-' : '';
  const abs = BigInt(Math.abs(minor));
  const scale = 10n ** BigInt(digits);
  const major = abs / scale;
  const frac = (abs % scale).toString().padStart(digits, '0');
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const body = digits === 0 || (trimZeroFraction && /^0*$/.test(frac)) ? `${major}` : `${major}.${frac}`;
  return `${sign}${symbol}${body}`;
}

/** 150 → "1.5", 200 → "2", 125 → "1.25". */
export function formatMultiplier(percent: number): string {
  const whole = Math.trunc(percent / 100);
  const frac = (percent % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

export function pts(n: number): string {
  return n === 1 ? '1 pt' : `${n} pts`;
}
