import { create } from 'zustand';
import type { AuthStatus } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import type { Locale } from '../../../shared/locales';

export type { Locale } from '../../../shared/locales';

/**
 * What the shell knows about the store before and after sign-in: `status` comes from
 * `auth:status` (public, so the sign-in screen already speaks the right language),
 * `settings` from `settings:get` once someone is signed in.
 */
interface AppSettingsState {
  status: AuthStatus | null;
  settings: Settings | null;
  locale: Locale;
  setStatus(status: AuthStatus): void;
  setSettings(settings: Settings): void;
}

export const useAppSettings = create<AppSettingsState>((set) => ({
  status: null,
  settings: null,
  locale: 'en',
  setStatus: (status) => set({ status, locale: status.locale }),
  setSettings: (settings) =>
    set((s) => ({
      settings,
      locale: settings.locale,
      status: s.status
        ? {
            ...s.status,
            storeName: settings.storeName,
            locale: settings.locale,
            idleLockMinutes: settings.idleLockMinutes,
          }
        : s.status,
    })),
}));
