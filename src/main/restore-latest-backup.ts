/**
 * HOOK for the offline/backup area (issue 5): when the store fails its integrity
 * check at start-up, the dialog offers "Restore latest backup" and calls this.
 * It must replace the damaged file at `dbPath` with the newest good backup in
 * `backupDir` (keeping the damaged file aside) and return true, so main can try
 * `openCore` again. Until that lands it restores nothing and says so.
 */
export async function restoreLatestBackup(_opts: {
  dbPath: string;
  backupDir: string;
  /** The Electron-ABI better-sqlite3, to open and check candidate backups. */
  nativeBinding?: string;
}): Promise<{
  restored: boolean;
  message: string;
}> {
  return { restored: false, message: 'Restoring from a backup at start-up is not available in this build yet.' };
}
