import { minorToDecimal } from '../decimal';
import { permille } from '../permille';

/**
 * Intl formatting for explanations: money, points, exact decimals, dates. Every value
 * reaches Intl as an exact decimal string or an integer (never a float scaled from
 * money). One `NumberKit` per (locale, currency, minor units) holds its Intl objects,
 * because an export renders millions of lines with the same few.
 */
export type ExplainLocale = 'en' | 'zh-CN';

/** The ISO 4217 default number of minor units of a currency (CNY 2, JPY 0, BHD 3). */
export function isoMinorUnits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export interface NumberKit {
  locale: ExplainLocale;
  /** "¥105.00"; `trimWhole` drops a zero fraction ("¥1" in a rate, never "¥1.5" for ¥1.50). */
  money(minor: number | bigint, trimWhole?: boolean): string;
  /** An integer in the locale's grouping; `signed` adds + to positives. */
  integer(n: number | bigint, signed?: boolean): string;
  /** An exact decimal string ("157.5") with all its fraction digits. */
  decimal(digits: string, fractionDigits: number): string;
  /** Truncated digits keep trailing zeros ("3.30"): they say how far the figure goes. */
  fixed(digits: string, fractionDigits: number): string;
  /** 150 → "1.5", 200 → "2", 112.5 → "1.125". */
  multiplier(percent: number): string;
  /** Basis points as a percent: 1000 → "10%", 1250 → "12.5%" (exact: two decimals at most). */
  percentBp(bp: number): string;
  /** "1 pt", "157 pts", "+10 pts"; Chinese "157 积分" (never 分, which also means a cent). */
  points(n: number, signed?: boolean): string;
  /** A calendar day: "Jan 5, 2026", "2026年1月5日". */
  day(ms: number): string;
}

function decimalFormats(locale: ExplainLocale, fixed: boolean) {
  const byDigits: Intl.NumberFormat[] = [];
  return (digits: string, fractionDigits: number) => {
    let nf = byDigits[fractionDigits];
    if (!nf) {
      nf = new Intl.NumberFormat(locale, {
        minimumFractionDigits: fixed ? fractionDigits : 0,
        maximumFractionDigits: fractionDigits,
      });
      byDigits[fractionDigits] = nf;
    }
    return nf.format(digits as Intl.StringNumericLiteral);
  };
}

export function numberKit(
  locale: ExplainLocale,
  currency: string,
  minorUnits = isoMinorUnits(currency),
  timeZone?: string,
): NumberKit {
  const moneyFormat = (digits: number) =>
    new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  const full = moneyFormat(minorUnits);
  const whole = moneyFormat(0);
  const unit = 10n ** BigInt(minorUnits);
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const signedPlain = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const decimal = decimalFormats(locale, false);
  const fixed = decimalFormats(locale, true);
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
  const integer = (n: number | bigint, signed = false) => (signed ? signedPlain : plain).format(n);
  return {
    locale,
    money(minor, trimWhole = false) {
      if (trimWhole && BigInt(minor) % unit === 0n) return whole.format(BigInt(minor) / unit);
      return full.format(minorToDecimal(minor, minorUnits) as Intl.StringNumericLiteral);
    },
    integer,
    decimal,
    fixed,
    multiplier: (percent) => decimal(minorToDecimal(permille(percent), 3), 3),
    percentBp: (bp) => `${decimal(minorToDecimal(bp, 2), 2)}%`,
    points(n, signed = false) {
      const number = integer(n, signed);
      if (locale === 'zh-CN') return `${number} 积分`;
      return `${number} ${Math.abs(n) === 1 ? 'pt' : 'pts'}`;
    },
    day: (ms) => days.format(ms),
  };
}
