import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './stores/session';
import { useAppSettings } from './stores/settings';
import { applyLocale } from './i18n';
import { Shell } from './app/Shell';
import { FirstRunPage } from './features/auth/FirstRunPage';
import { SignedOutScreens } from './features/auth/SignedOutScreens';
import { LockScreen } from './features/auth/LockScreen';
import { loadStatus } from './features/auth/session-actions';
import './app/keep-focus-across-lock';

/**
 * Which screen the terminal shows: loading → first run (no staff) → sign-in →
 * lock screen (locked session) → the shell. Everything is decided by main's answers;
 * the renderer only follows them.
 */
export function App() {
  const { t } = useTranslation('shell');
  const status = useAppSettings((s) => s.status);
  const locale = useAppSettings((s) => s.locale);
  const token = useSession((s) => s.token);
  const locked = useSession((s) => s.locked);

  useEffect(() => {
    void loadStatus();
  }, []);

  useEffect(() => {
    applyLocale(locale);
  }, [locale]);

  const storeName = status?.storeName;
  useEffect(() => {
    document.title = storeName ? `PerkDesk — ${storeName}` : 'PerkDesk';
  }, [storeName]);

  if (!status) return <p className="centered">{t('loading')}</p>;
  if (status.needsSetup) {
    return (
      <div className="centered">
        <FirstRunPage onDone={() => void loadStatus()} />
      </div>
    );
  }
  if (!token) {
    return (
      <div className="centered">
        <SignedOutScreens />
      </div>
    );
  }
  // The shell stays mounted under the lock screen (so what a cashier typed survives),
  // but hidden and inert: nothing of it can be seen, focused or clicked while locked.
  return (
    <>
      <div className={locked ? 'shell-host is-locked' : 'shell-host'} inert={locked}>
        <Shell />
      </div>
      {locked ? (
        <div className="lock-overlay centered">
          <LockScreen />
        </div>
      ) : null}
    </>
  );
}
