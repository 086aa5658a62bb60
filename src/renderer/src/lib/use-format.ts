import { useCallback } from 'react';
import { useAppSettings } from '../stores/settings';
import { formatMoney } from './money';
import { formatDateTime } from './dates';

/**
 * Formatters bound to the store's settings (currency, minor units, locale), so a page
 * writes `money(10500)` and re-renders when the manager changes any of them.
 */
export function useFormat() {
  const currency = useAppSettings((s) => s.settings?.currency ?? 'CNY');
  const minorUnits = useAppSettings((s) => s.settings?.currencyMinorUnits);
  const locale = useAppSettings((s) => s.locale);
  const money = useCallback(
    (minor: number | bigint) => formatMoney(minor, currency, locale, minorUnits),
    [currency, locale, minorUnits],
  );
  const dateTime = useCallback((ms: number) => formatDateTime(ms, locale), [locale]);
  return { money, dateTime, locale, currency };
}
