import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

/**
 * The head office page's own catalogue (one namespace), in the renderer's layout and
 * languages. English is the reference and types the keys (i18next.d.ts); a key missing
 * in Chinese falls back to English. The choice is kept for the tab, like the token.
 */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const LANGUAGE_KEY = 'perkdesk.headoffice.language';

function initialLanguage(): Language {
  const kept = sessionStorage.getItem(LANGUAGE_KEY);
  if (kept === 'en' || kept === 'zh-CN') return kept;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { headoffice: en }, 'zh-CN': { headoffice: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  ns: ['headoffice'],
  defaultNS: 'headoffice',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
document.documentElement.lang = i18n.language;

export function setLanguage(code: Language): void {
  sessionStorage.setItem(LANGUAGE_KEY, code);
  document.documentElement.lang = code;
  void i18n.changeLanguage(code);
}
