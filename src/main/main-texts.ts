/// <reference types="vite/types/importMeta.d.ts" />
import i18next from 'i18next';
import en from '../renderer/locales/en/main.json';
import { isSupportedLocale, type Locale } from '../shared/locales';
import type { Core } from './core/open-core';
import { readSettings } from './core/settings/settings-store';

/**
 * What the main process's own dialogs say (start-up failures, the restore offers), from
 * the `main` namespace of the same catalogues as the renderer
 * (`src/renderer/locales/<lang>/main.json`, bundled into main at build time). Before the
 * store is open its language is unknown, so those dialogs are English; once it is open
 * main speaks the store's `locale` setting. Pure apart from `storeLocale`.
 */

const catalogues = import.meta.glob<typeof en>('../renderer/locales/*/main.json', { eager: true, import: 'default' });

const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(
    Object.entries(catalogues).map(([path, main]) => [/\/locales\/([^/]+)\/main\.json$/.exec(path)![1], { main }]),
  ),
  lng: 'en',
  fallbackLng: 'en',
  ns: ['main'],
  defaultNS: 'main',
  // Dialog text is plain text, never HTML.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export interface DialogText {
  title: string;
  message: string;
}

export type MainTexts = ReturnType<typeof mainTexts>;

export function mainTexts(locale: string) {
  const lng: Locale = isSupportedLocale(locale) ? locale : 'en';
  const t = (key: string, values: Record<string, string | number> = {}) =>
    i18n.t(key, { lng, ns: 'main', replace: values }) as string;
  const when = (epochMs: number) =>
    new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
  return {
    locale: lng,
    appName: t('appName'),
    buttons: {
      restore: t('buttons.restore'),
      quit: t('buttons.quit'),
      restoreLatest: t('buttons.restoreLatest'),
      restoreLatestAndRestart: t('buttons.restoreLatestAndRestart'),
      keepWorking: t('buttons.keepWorking'),
    },
    restoreConfirm: (candidate: { name: string; createdAt: number }) => ({
      message: t('restoreConfirm.message'),
      detail: t('restoreConfirm.detail', { name: candidate.name, made: when(candidate.createdAt) }),
    }),
    noBackupRestored: (backupDir: string) => ({
      message: t('noBackupRestored.message'),
      detail: t('noBackupRestored.noneFound', { folder: backupDir }),
    }),
    startup: {
      integrity: (path: string, problems: string[]): DialogText => ({
        title: t('startup.integrity.title'),
        message: t('startup.integrity.message', { path, problems: problems.slice(0, 3).join('\n') }),
      }),
      newerDatabase: (found: number, supported: number): DialogText => ({
        title: t('startup.newerDatabase.title'),
        message: t('startup.newerDatabase.message', { found, supported }),
      }),
      nativeModule: (platform: string, error: string): DialogText => ({
        title: t('startup.nativeModule.title'),
        message: t('startup.nativeModule.message', { platform, error }),
      }),
      other: (error: string): DialogText => ({
        title: t('startup.other.title'),
        message: t('startup.other.message', { error }),
      }),
      couldNotStart: (error: string) => t('startup.couldNotStart', { error }),
    },
    /** Why a packaged PerkDesk does not start with these switches (launch-switches.ts), naming each. */
    launchRefused: (switches: readonly string[]) =>
      t('launchRefused', { switches: switches.map((s) => `--${s}`).join(t('listSeparator')) }),
  };
}

/** The store's language once the core is open; English if it cannot be read. */
export function storeLocale(core: Pick<Core, 'db'>): Locale {
  try {
    return readSettings(core.db).locale;
  } catch {
    return 'en';
  }
}
