import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { buildResources, NAMESPACES } from './resources';
import { addFormats } from './formats';
import type { Locale } from '../stores/settings';

/**
 * i18next, initialised once before the first render. The language follows the store's
 * `locale` setting (read from `auth:status` before sign-in); `applyLocale` switches it
 * and every `useTranslation` re-renders. A key missing in a language falls back to English.
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: buildResources(),
  lng: 'en',
  fallbackLng: 'en',
  ns: NAMESPACES,
  defaultNS: 'shell',
  // React escapes already.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
addFormats(i18n);

export function applyLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}
