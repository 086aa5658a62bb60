import { useCallback, useMemo } from 'react';
import { defaultMinorUnits, minorToDecimalString } from '../../lib/money';
import { useFormat } from '../../lib/use-format';
import { useAppSettings } from '../../stores/settings';
import type { ExplanationFacts } from '../../../../shared/explain/facts';
import { explainerFor } from '../../../../shared/explain/format-explanation';
import { numberKit } from '../../../../shared/explain/numbers';

/**
 * The formatters the points screens share: money (Intl, the store's currency), points
 * ("+157 pts", "+157 积分", signed when asked — the same words the explanations use),
 * explanations rendered from stored facts in the UI language, and the number of
 * minor-unit digits money inputs accept (from settings, else the currency's ISO default).
 */
export function usePointsFormat() {
  const { money, dateTime, locale, currency } = useFormat();
  const configured = useAppSettings((s) => s.settings?.currencyMinorUnits);
  // Expiry dates are days in the store's zone (settings.timeZone; '' = this machine's).
  const timeZone = useAppSettings((s) => s.settings?.timeZone) || undefined;
  const digits = configured ?? defaultMinorUnits(currency);
  const kit = useMemo(() => numberKit(locale, currency, digits), [locale, currency, digits]);
  const pts = useCallback((n: number, signed = false) => kit.points(n, signed), [kit]);
  // "¥1" rather than "¥1.00" where the fraction is zero (rates read better), exact as ever.
  const moneyShort = useCallback(
    (minor: number) => {
      const whole = minor % 10 ** digits === 0;
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: whole ? 0 : digits,
        maximumFractionDigits: digits,
      }).format(minorToDecimalString(minor, digits) as Intl.StringNumericLiteral);
    },
    [locale, currency, digits],
  );
  /** One line from stored facts; `receipt: false` where the receipt number is shown beside it. */
  const explain = useCallback(
    (facts: ExplanationFacts, opts: { receipt?: boolean } = {}) =>
      explainerFor({ locale, currency, minorUnits: digits, timeZone, receipt: opts.receipt })(facts),
    [locale, currency, digits, timeZone],
  );
  return { money, moneyShort, dateTime, locale, currency, digits, pts, explain };
}
