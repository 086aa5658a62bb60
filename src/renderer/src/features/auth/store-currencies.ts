/**
 * Currencies offered at first run (the common ones for this product's stores; any other
 * ISO 4217 code is set later under Settings → General). Minor units come from Intl, so
 * JPY is 0 and CNY 2 without a table of our own.
 */
export const SETUP_CURRENCIES = ['CNY', 'HKD', 'TWD', 'USD', 'EUR', 'GBP', 'JPY', 'SGD'] as const;

export function minorUnitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "ABCDE-FGHIJ-…" → its groups, each shown unbroken (a key must never wrap mid-group). */
export function recoveryKeyGroups(key: string): string[] {
  return key.split('-').filter((g) => g !== '');
}
