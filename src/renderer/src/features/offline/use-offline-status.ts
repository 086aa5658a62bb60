import { useCallback, useEffect, useState } from 'react';
import { call } from '../../lib/api';
import { useStatusBar } from '../../stores/status';
import type { OfflineStatusDto } from '../../../../shared/contract/offline';

/**
 * Polls `offline:status` — quickly (0.5 s) while a job runs so the progress bar moves,
 * slowly (30 s) otherwise — and keeps the status bar's last backup/export times fresh.
 */
export function useOfflineStatus(active: boolean) {
  const [status, setStatus] = useState<OfflineStatusDto | null>(null);
  const setLastBackupAt = useStatusBar((s) => s.setLastBackupAt);
  const setLastExportAt = useStatusBar((s) => s.setLastExportAt);

  const refresh = useCallback(async () => {
    const r = await call('offline:status', {});
    if (!r.ok) return;
    setStatus(r.value);
    setLastBackupAt(r.value.backup.lastAt);
    setLastExportAt(r.value.export.lastOkAt);
  }, [setLastBackupAt, setLastExportAt]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), active ? 500 : 30_000);
    return () => clearInterval(timer);
  }, [active, refresh]);

  return { status, refresh };
}

/** For the shell: keeps the status bar's backup/export times current on every page. */
export function OfflineStatusPoller() {
  useOfflineStatus(false);
  return null;
}
