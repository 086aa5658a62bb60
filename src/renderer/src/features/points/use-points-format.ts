import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultMinorUnits, minorToDecimalString } from '../../lib/money';
import { useFormat } from '../../lib/use-format';
import { useAppSettings } from '../../stores/settings';

/**
 * The formatters the points screens share: money (Intl, the store's currency), points
 * ("+157 pts", signed when asked), and the number of minor-unit digits money inputs
 * accept (from settings, else the currency's ISO default).
 */
export function usePointsFormat() {
  const { t } = useTranslation('points');
  const { money, dateTime, locale, currency } = useFormat();
  const configured = useAppSettings((s) => s.settings?.currencyMinorUnits);
  const digits = configured ?? defaultMinorUnits(currency);
  const pts = useCallback(
    (n: number, signed = false) => {
      const number = new Intl.NumberFormat(locale, { signDisplay: signed ? 'exceptZero' : 'auto' }).format(n);
      return t('pts', { count: Math.abs(n), number });
    },
    [t, locale],
  );
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
  return { money, moneyShort, dateTime, locale, currency, digits, pts };
}
