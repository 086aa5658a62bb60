/**
 * The languages PerkDesk speaks: one folder each under `src/renderer/locales/`, named by
 * its BCP 47 code. Adding a language is copying the `en` folder, translating it, and
 * adding its code here (a test checks that the folders and this list agree). The store's
 * `locale` setting accepts exactly these.
 */
export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;

export type Locale = (typeof SUPPORTED_LOCALES)[number];

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}
