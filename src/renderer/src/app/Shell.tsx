import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../stores/session';
import { useAppSettings } from '../stores/settings';
import { useNavigation } from '../stores/navigation';
import { pagesFor, DEFAULT_PAGE } from './pages';
import { StatusBar } from './StatusBar';
import { useIdleLock } from './use-idle-lock';
import { useGlobalShortcuts } from './use-global-shortcuts';
import { OfflineStatusPoller } from '../features/offline/use-offline-status';
import { ApprovalDialog } from '../features/approval/ApprovalDialog';
import { UnsavedChangesDialog } from './UnsavedChangesDialog';

/** The signed-in frame: navigation for the role, the current page, the status bar. */
export function Shell() {
  const { t } = useTranslation('shell');
  const staff = useSession((s) => s.staff);
  const locked = useSession((s) => s.locked);
  const sessionIdle = useSession((s) => s.idleLockMinutes);
  const settingsIdle = useAppSettings((s) => s.settings?.idleLockMinutes);
  const storeName = useAppSettings((s) => s.status?.storeName ?? '');
  const current = useNavigation((s) => s.page);
  const go = useNavigation((s) => s.go);
  const pages = useMemo(() => pagesFor(staff?.role), [staff?.role]);

  useIdleLock(settingsIdle ?? sessionIdle, !locked);
  useGlobalShortcuts(pages);

  // A page the role may not see (e.g. after a role change) falls back to the counter.
  const page = pages.find((p) => p.id === current) ?? pages.find((p) => p.id === DEFAULT_PAGE) ?? pages[0];
  const Page = page?.component;

  return (
    <div className="shell">
      <nav className="nav" aria-label={t('nav.label')}>
        <div className="brand">
          <span className="brand-name">{t('appName')}</span>
          <span className="store-name">{storeName}</span>
        </div>
        <ul>
          {pages.map((p) => (
            <li key={p.id}>
              <button type="button" aria-current={p.id === page?.id ? 'page' : undefined} onClick={() => go(p.id)}>
                {t(`pages.${p.id}`)}
              </button>
            </li>
          ))}
        </ul>
        <p className="shortcut-hint">{t('shortcuts.hint')}</p>
      </nav>
      <main className="content" aria-label={page ? t(`pages.${page.id}`) : undefined}>
        <Suspense fallback={<p>{t('loading')}</p>}>{Page ? <Page key={page.id} /> : null}</Suspense>
      </main>
      <StatusBar />
      {/* Keeps the status bar's last backup / last export times fresh on every page. */}
      <OfflineStatusPoller />
      {/* A manager's approval, asked for by any command (lib/use-command.ts). */}
      <ApprovalDialog />
      <UnsavedChangesDialog />
    </div>
  );
}
