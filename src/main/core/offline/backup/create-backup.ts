import Database from 'better-sqlite3';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open-database';
import { AppError } from '../../errors';
import { fileSystemError, isFsError } from '../fs-errors';
import {
  backupName,
  listBackups,
  sha256File,
  type BackupFile,
  type BackupSidecar,
  type BackupTrigger,
} from './backup-files';
import { planRotation, systemOffsetMinutes } from './rotation';
import { checkDatabaseFileOffThread } from './check-in-worker';
import { storeSecurityOf } from '../../keys/bound-keys';
import { lastRecordOf, type ChainHead } from '../../audit/chain';
import { appendRegisterEntry, readRegister } from './backup-register';
import { backupsHoldingUnsharedAudit } from './unshared-audit';

export interface CreateBackupOptions {
  dir: string;
  trigger: BackupTrigger;
  now: number;
  /** Called after each chunk of pages is copied (progress for the UI). */
  onProgress?: (done: number, total: number) => void;
}

function removeQuietly(path: string): void {
  for (const p of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) rmSync(p, { force: true });
}

/**
 * One verified backup:
 * 1. SQLite's online backup API copies the live database into `.partial-<name>` in
 *    small steps (the counter keeps working between them);
 * 2. the copy is switched to a rollback journal so it is one self-contained file;
 * 3. it is opened and `quick_check`ed (in a worker thread: seconds on a big store); its
 *    sha256 is recorded;
 * 4. only then renamed to its final name, with a sidecar saying what was checked, and
 *    recorded in the backup register (backup-register.ts) — the MACed record a restore
 *    checks the file against; the sidecar is only for display.
 * A failure at any step removes the partial file: a backup that exists is a good one.
 */
export async function createBackup(db: Db, opts: CreateBackupOptions): Promise<BackupFile> {
  const name = backupName(opts.trigger, opts.now);
  const finalPath = join(opts.dir, name);
  const partial = join(opts.dir, `.partial-${name}`);
  try {
    mkdirSync(opts.dir, { recursive: true });
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        opts.onProgress?.(totalPages - remainingPages, totalPages);
        return 1000; // pages per step (~4 MB): big enough to be quick, small enough to yield
      },
    });
    const copy = new Database(partial);
    let auditHead: ChainHead | null = null;
    try {
      copy.pragma('journal_mode = DELETE');
      auditHead = lastRecordOf(copy);
    } finally {
      copy.close();
    }
    const check = await checkDatabaseFileOffThread(partial);
    if (!check.ok) {
      throw new AppError('INTERNAL', `The backup copy failed its check: ${check.problems.slice(0, 3).join('; ')}`);
    }
    const sha256 = await sha256File(partial);
    const { size } = statSync(partial);
    const sidecar: BackupSidecar = {
      createdAt: opts.now,
      trigger: opts.trigger,
      terminalId: check.terminalId,
      schemaVersion: check.schemaVersion,
      sizeBytes: size,
      sha256,
      quickCheck: 'ok',
    };
    renameSync(partial, finalPath);
    const sidecarTmp = join(opts.dir, `.partial-${name}.json`);
    writeFileSync(sidecarTmp, JSON.stringify(sidecar, null, 2));
    renameSync(sidecarTmp, `${finalPath}.json`);
    const security = storeSecurityOf(db);
    if (security) {
      appendRegisterEntry(opts.dir, security.keys.files, {
        name,
        createdAt: opts.now,
        sha256,
        sizeBytes: size,
        schemaVersion: check.schemaVersion,
        terminalId: check.terminalId,
        auditHead,
        keyId: security.keys.keyId,
      });
    }
    return { ...sidecar, name, path: finalPath, hasSidecar: true };
  } catch (err) {
    removeQuietly(partial);
    rmSync(join(opts.dir, `.partial-${name}.json`), { force: true });
    if (err instanceof AppError) throw err;
    if (isFsError(err)) throw fileSystemError(err, 'The backup', opts.dir);
    // better-sqlite3 reports a full disk or an unwritable folder as SqliteError codes.
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_FULL') throw fileSystemError({ code: 'ENOSPC' }, 'The backup', opts.dir);
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY')
      throw fileSystemError({ code: 'EACCES' }, 'The backup', opts.dir);
    throw err;
  }
}

/**
 * Applies the rotation policy to the folder; returns the names removed. With the live
 * connection, backups holding audit records the live chain lacks are never removed
 * (unshared-audit.ts).
 */
export function rotateBackups(
  dir: string,
  policy: { keepDaily: number; keepWeekly: number; offsetMinutes?: (at: number) => number },
  live?: Db,
): string[] {
  const backups = listBackups(dir);
  const security = live ? storeSecurityOf(live) : null;
  const alwaysKeep =
    live && security
      ? backupsHoldingUnsharedAudit(live, backups, readRegister(dir, security.keys.files).entries)
      : undefined;
  const plan = planRotation(backups, {
    keepDaily: policy.keepDaily,
    keepWeekly: policy.keepWeekly,
    offsetMinutes: policy.offsetMinutes ?? systemOffsetMinutes,
    alwaysKeep,
  });
  for (const name of plan.remove) {
    rmSync(join(dir, name), { force: true });
    rmSync(join(dir, `${name}.json`), { force: true });
  }
  return plan.remove;
}
