import type { Resources } from './resources';

/**
 * Typed keys: `t('members:search.label')` is checked against the English catalogue, so a
 * missing or misspelt key fails `tsc`. Other languages are checked by the parity test
 * (test/renderer/i18n-parity.test.ts).
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'shell';
    resources: Resources;
    returnNull: false;
  }
}
