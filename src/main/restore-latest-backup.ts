import { findLatestGoodBackup, restoreBackupFileBeforeOpen } from './core/offline/backup/startup-recovery';

/** What the owner is shown before anything is replaced. */
export interface RestoreCandidate {
  name: string;
  path: string;
  createdAt: number;
}

export interface RestoreOutcome {
  restored: boolean;
  /** The owner saw the candidate and chose not to restore it. */
  declined?: boolean;
  message: string;
  /** Where the damaged database was moved (it is never deleted). */
  damagedMovedTo?: string;
}

/**
 * Start-up recovery when the store fails its integrity check (the dialog's "Restore
 * latest backup"). Uses the offline area's start-up recovery: the newest backup that
 * still passes its checks is shown to the owner (`confirm`), and only on a yes is the
 * damaged file moved aside and the backup put in its place; main then opens the core
 * again. Runs before any core exists, so it works on files only.
 */
export async function restoreLatestBackup(opts: {
  dbPath: string;
  backupDir: string;
  confirm: (candidate: RestoreCandidate) => Promise<boolean>;
  now?: () => number;
}): Promise<RestoreOutcome> {
  const latest = await findLatestGoodBackup(opts.backupDir);
  if (!latest) {
    return { restored: false, message: `No usable backup was found in ${opts.backupDir}.` };
  }
  const candidate = { name: latest.name, path: latest.path, createdAt: latest.createdAt };
  if (!(await opts.confirm(candidate))) {
    return { restored: false, declined: true, message: 'The backup was not restored.' };
  }
  const damagedMovedTo = restoreBackupFileBeforeOpen(opts.dbPath, latest.path, (opts.now ?? Date.now)());
  return {
    restored: true,
    damagedMovedTo,
    message: `Restored ${latest.name}. The damaged database was kept as ${damagedMovedTo}.`,
  };
}
