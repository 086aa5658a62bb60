import type en from './locales/en.json';

/** Typed keys for the head office page: `t('stores.heading')` is checked against English. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'headoffice';
    resources: { headoffice: typeof en };
    returnNull: false;
  }
}
