import { useTranslation } from 'react-i18next';
import { useSession } from '../stores/session';
import { useAppSettings } from '../stores/settings';
import { useStatusBar } from '../stores/status';
import { useFormat } from '../lib/use-format';
import { lockTerminal, signOut } from '../features/auth/session-actions';
import { SyncStatus } from '../features/sync/SyncStatus';
import { SecurityAlert } from '../features/staff/SecurityAlert';

/** Who is signed in, where, the last backup/export (filled by the offline area), lock and sign out. */
export function StatusBar() {
  const { t } = useTranslation('shell');
  const { dateTime } = useFormat();
  const staff = useSession((s) => s.staff);
  const terminalId = useAppSettings((s) => s.status?.terminalId ?? '');
  const lastBackupAt = useStatusBar((s) => s.lastBackupAt);
  const lastExportAt = useStatusBar((s) => s.lastExportAt);
  if (!staff) return null;
  const when = (at: number | null) => (at === null ? t('status.never') : dateTime(at));
  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <span>{t('status.signedInAs', { name: staff.displayName })}</span>
      <span>{t('status.role', { role: t(`roles.${staff.role}`) })}</span>
      {/* Facts that give way first when the bar is full (an ellipsis; the whole text on hover). */}
      <Fact title={terminalId} text={t('status.terminal', { id: terminalId.slice(-8) })} />
      <Fact text={t('status.lastBackup', { when: when(lastBackupAt) })} />
      <Fact text={t('status.lastExport', { when: when(lastExportAt) })} />
      <SyncStatus />
      <SecurityAlert />
      <span className="spacer" />
      <button type="button" onClick={() => void lockTerminal()}>
        {t('status.lock')}
      </button>
      <button type="button" onClick={() => void signOut()}>
        {t('status.signOut')}
      </button>
    </footer>
  );
}

function Fact(props: { text: string; title?: string }) {
  return (
    <span className="status-fact" title={props.title ?? props.text}>
      {props.text}
    </span>
  );
}
