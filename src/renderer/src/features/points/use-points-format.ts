import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultMinorUnits } from '../../lib/money';
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
  return { money, dateTime, locale, currency, digits, pts };
}
