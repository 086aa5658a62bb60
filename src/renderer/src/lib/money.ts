import { minorToDecimal } from '../../../shared/decimal';

/**
 * Money is integer minor units everywhere; this is the one place it becomes text.
 * The amount is turned into an exact decimal string (no division, no floats) and Intl
 * formats that string, so ¥123456789012.34 prints exactly.
 */
export function minorToDecimalString(minor: number | bigint, minorUnits: number): string {
  return minorToDecimal(minor, minorUnits);
}

/** The ISO 4217 default number of minor units of a currency (CNY 2, JPY 0, BHD 3). */
export function defaultMinorUnits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * `formatMoney(10500, 'CNY', 'zh-CN')` → "¥105.00". `minorUnits` comes from settings
 * (`currencyMinorUnits`); when omitted the currency's ISO default is used.
 */
export function formatMoney(minor: number | bigint, currency: string, locale: string, minorUnits?: number): string {
  const units = minorUnits ?? defaultMinorUnits(currency);
  const nf = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    // "¥105.00", not "CN¥105.00": the store has one currency, and the core's award
    // explanations use the narrow symbol too.
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: units,
    maximumFractionDigits: units,
  });
  return nf.format(minorToDecimalString(minor, units) as Intl.StringNumericLiteral);
}
