import Database from 'better-sqlite3';
import type { HandlerContext } from '../../context';
import type { Db } from '../../db/open-database';
import { quickCheck } from '../../db/open-database';
import { latestVersion, migrate } from '../../db/migrate';
import { AppError, refusal } from '../../errors';
import { appendAudit } from '../../audit/audit-log';
import { invalidateSettingsCache } from '../../settings/settings-store';
import { checkDatabaseFile, type BackupFile } from './backup-files';
import { createBackup } from './create-backup';
import { allStaffIds, isActiveOwner } from '../../staff/staff-repo';

/** What a restore needs from the running core (a HandlerContext or a Core both fit). */
export type RestoreTarget = Pick<HandlerContext, 'db' | 'config' | 'terminalId' | 'sessions'>;

/**
 * Other areas that keep something derived from the database in memory register here
 * so a restore can drop it (the settings cache is dropped below already).
 */
const afterRestoreHooks: ((db: Db) => void)[] = [];
export function onDatabaseRestored(hook: (db: Db) => void): void {
  afterRestoreHooks.push(hook);
}

export interface RestoreOutcome {
  restoredFrom: string;
  safetyBackup: string;
  schemaVersion: number;
  migrated: number[];
}

/** Refuses a file we must not put in place of the live store. */
export function validateRestoreSource(target: RestoreTarget, file: string): { schemaVersion: number } {
  const check = checkDatabaseFile(file);
  if (!check.ok) {
    throw refusal(
      'backupDamaged',
      {},
      { message: `This backup is damaged and cannot be restored: ${check.problems[0] ?? 'unknown'}` },
    );
  }
  if (check.schemaVersion > latestVersion()) {
    throw refusal('backupTooNew', { schemaVersion: check.schemaVersion });
  }
  if (check.terminalId !== target.terminalId) {
    // Terminal ids keep the ledgers of several terminals apart at head office; taking on
    // another terminal's identity must happen before start-up (restoreBackupFileBeforeOpen).
    throw refusal('backupOtherTerminal', { backupTerminal: check.terminalId });
  }
  return { schemaVersion: check.schemaVersion };
}

/**
 * Replaces the live database with a backup, without closing the core.
 *
 * Why not close and reopen: the dispatcher, every prepared statement and the Electron
 * IPC adapter hold the one connection. SQLite's backup API run in reverse (backup file
 * → live file, through a second connection) rewrites the pages under the open
 * connection as one write transaction; the live connection sees the restored content on
 * its next read, like any other committed change, and WAL keeps it crash-safe (a
 * crash mid-copy leaves the old database, since the copy commits at the end).
 *
 * Order: validate → safety backup of the current state (verified) → copy in one step
 * (so no cashier write interleaves) → migrate if the backup is older → quick_check →
 * drop caches, end other sessions → audit (into the restored chain).
 */
export async function restoreDatabase(
  target: RestoreTarget,
  file: BackupFile | string,
  opts: { now: number; actor?: { staffId: string; username: string; token: string } | null },
): Promise<RestoreOutcome> {
  const path = typeof file === 'string' ? file : file.path;
  validateRestoreSource(target, path);
  const safety = await createBackup(target.db, {
    dir: target.config.backupDir,
    trigger: 'pre-restore',
    now: opts.now,
  });

  const staffBefore = allStaffIds(target.db);
  const source = new Database(path, {
    readonly: true,
    fileMustExist: true,
  });
  try {
    // Returning a huge page count from the progress callback copies everything in the
    // second step: one write transaction, nothing of ours can slip in between.
    await source.backup(target.config.dbPath, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const db = target.db;
  invalidateSettingsCache(db);
  const migrated = migrate(db);
  const problems = quickCheck(db);
  if (problems.length > 0) {
    throw new AppError(
      'INTERNAL',
      `The restored database failed its check (${problems[0]}); restore ${safety.name} to undo`,
    );
  }
  for (const hook of afterRestoreHooks) hook(db);

  // Sessions of people who may not exist (or have another role) in the restored
  // database end now; the owner who restored stays signed in if they still exist as
  // an active owner there.
  const keep = opts.actor ? isActiveOwner(db, opts.actor.staffId) : false;
  const staffAfter = allStaffIds(db);
  for (const id of new Set([...staffBefore, ...staffAfter])) {
    if (keep && id === opts.actor!.staffId) continue;
    target.sessions.endAllFor(id);
  }
  if (opts.actor && !keep) target.sessions.end(opts.actor.token);

  db.transaction(() =>
    appendAudit(db, {
      at: opts.now,
      terminalId: target.terminalId,
      actorId: opts.actor?.staffId ?? null,
      actorName: opts.actor?.username ?? null,
      action: 'backup.restored',
      target: typeof file === 'string' ? path : file.name,
      details: { safetyBackup: safety.name, migrated },
    }),
  ).immediate();

  return {
    restoredFrom: typeof file === 'string' ? path : file.name,
    safetyBackup: safety.name,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    migrated,
  };
}
