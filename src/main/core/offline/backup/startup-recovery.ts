import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkDatabaseFile, listBackups, sha256File, stampOf, type BackupFile } from './backup-files';

/**
 * Start-up when the store fails its integrity check: `openCore` throws IntegrityError;
 * the Electron main (or the test host) calls `findLatestGoodBackup`, shows the
 * owner what it found, and on confirmation `restoreBackupFileBeforeOpen` puts it in
 * place before opening the core again. Nothing here needs an open core.
 */
export async function findLatestGoodBackup(dir: string): Promise<BackupFile | null> {
  for (const b of listBackups(dir)) {
    // Checked again now: a backup that was fine last week may sit on a failing disk.
    if (!checkDatabaseFile(b.path).ok) continue;
    if (b.hasSidecar && b.sha256 && (await sha256File(b.path)) !== b.sha256) continue;
    return b;
  }
  return null;
}

/**
 * Moves the damaged database (and its -wal/-shm) aside — never deleted, someone may
 * want to rescue it — and copies the backup in its place via a temp file + rename.
 * Returns where the damaged file went.
 */
export function restoreBackupFileBeforeOpen(dbPath: string, backupPath: string, now = Date.now()): string {
  const damaged = `${dbPath}.damaged-${stampOf(now)}`;
  const tmp = join(dirname(dbPath), `.restoring-${stampOf(now)}.sqlite`);
  copyFileSync(backupPath, tmp);
  if (existsSync(dbPath)) renameSync(dbPath, damaged);
  for (const ext of ['-wal', '-shm']) {
    if (existsSync(dbPath + ext)) renameSync(dbPath + ext, damaged + ext);
  }
  rmSync(`${dbPath}-journal`, { force: true });
  renameSync(tmp, dbPath);
  return damaged;
}
