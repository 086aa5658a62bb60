import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/use-format';
import { useQuery } from '../../lib/use-query';
import './sync.css';

/** How often the bar asks (a passive read: never counts as activity for the idle lock). */
export const SYNC_POLL_MS = 5_000;

/**
 * The status bar's head office part, in chain mode only (a standalone terminal shows
 * nothing): "Online", or "Offline since 10:42 · 37 waiting" — the operations recorded
 * here that head office has not yet. The background loop in main does the syncing;
 * "Sync now" asks for a round at once.
 */
export function SyncStatus() {
  const { t } = useTranslation('sync');
  const { locale, dateTime } = useFormat();
  // A query: re-read on the timer, and at once after an enrolment or a sync elsewhere.
  const query = useQuery('sync:status', {}, { keepPrevious: true });
  const status = query.data;
  const { refetch } = query;
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = setInterval(refetch, SYNC_POLL_MS);
    return () => clearInterval(timer);
  }, [refetch]);

  if (!status || status.mode !== 'chain') return null;
  const time = (ms: number) =>
    new Date(ms).toDateString() === new Date().toDateString()
      ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
      : dateTime(ms);
  const parts: string[] = [];
  if (status.revoked) parts.push(t('revoked'));
  else if (status.online) parts.push(t('online'));
  else if (status.offlineSince !== null) parts.push(t('offlineSince', { time: time(status.offlineSince) }));
  else parts.push(t('notYet'));
  if (status.waiting > 0) parts.push(t('waiting', { count: status.waiting }));
  if (status.rejected + status.conflicts > 0) parts.push(t('rejected', { count: status.rejected + status.conflicts }));
  const syncNow = async () => {
    setBusy(true);
    try {
      await call('sync:now', {});
    } finally {
      setBusy(false);
      refetch();
    }
  };
  return (
    <span className="sync-status">
      <span
        role="status"
        aria-label={t('label')}
        className={status.online ? 'sync-online' : 'sync-offline'}
        title={status.lastError ? t('lastError', { message: status.lastError }) : status.storeName}
      >
        {parts.join(' · ')}
      </span>
      {/* A small symbol: the bar has no room for words at 1024 px; the name is read out. */}
      <button
        type="button"
        className="sync-now"
        aria-label={t('syncNow')}
        title={t('syncNow')}
        onClick={() => void syncNow()}
        disabled={busy || status.revoked}
      >
        ⟳
      </button>
    </span>
  );
}
