import Database from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerContext } from '../../context';
import type { Db } from '../../db/open-database';
import { quickCheck } from '../../db/open-database';
import { latestVersion, migrate } from '../../db/migrate';
import { AppError, refusal } from '../../errors';
import { appendAudit, chainHead } from '../../audit/audit-log';
import { lastRecordOf, verifyChainIntegrity, type ChainHead } from '../../audit/chain';
import { readExportedHead } from '../../audit/exported-head';
import { requireStoreSecurity } from '../../keys/bound-keys';
import { secureStore } from '../../keys/secure-store';
import { checkLedger } from '../../points/ledger-check';
import { invalidateSettingsCache } from '../../settings/settings-store';
import { closeWrites, openWrites } from '../../write-gate';
import { checkDatabaseFile, sha256File, stampOf, type BackupFile } from './backup-files';
import { readRegister } from './backup-register';
import { createBackup } from './create-backup';
import { schemaDifferences } from './schema-fingerprint';
import { allStaffIds, isActiveOwner } from '../../staff/staff-repo';
import { putBackOutbox, takeOutbox } from '../../sync/restore-carry';

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

/**
 * Why a candidate was refused (CONFLICT, `details.reason`; declared in that order by
 * `offline:backupRestore` in the contract, texts in the refusal catalogue).
 */
export type RestoreRefusal =
  | 'backupNotRegistered'
  | 'backupChanged'
  | 'backupDamaged'
  | 'backupTooNew'
  | 'schemaMismatch'
  | 'backupOtherTerminal'
  | 'auditChainBroken'
  | 'ledgerMismatch';

const refuse = (reason: RestoreRefusal, message: string, details: Record<string, unknown> = {}) =>
  refusal(reason, details, { message });

export interface CheckedCandidate {
  /** A private copy of the backup, checked; the restore copies from it (the original may change meanwhile). */
  path: string;
  schemaVersion: number;
  auditHead: ChainHead | null;
}

/**
 * Everything a backup must pass before it may replace the live store, run on a private
 * copy of it so that what was checked is exactly what is restored:
 * 1. it is in the backup register (MACed, not the sidecar) and its sha256 and size are
 *    what was recorded when it was made — a byte changed since (a planted owner account,
 *    a dropped trigger) is refused;
 * 2. it is an intact PerkDesk database of this terminal, with the schema version
 *    recorded, not newer than this PerkDesk, and exactly the schema our migrations make
 *    at that version (the append-only triggers are there);
 * 3. its audit chain verifies with this terminal's key, and every cached balance equals
 *    its ledger sum.
 */
export async function checkRestoreCandidate(
  target: RestoreTarget,
  file: BackupFile,
  now: number,
): Promise<CheckedCandidate> {
  const { keys } = requireStoreSecurity(target.db);
  const entry = readRegister(target.config.backupDir, keys.files).entries.get(file.name);
  if (!entry) {
    throw refuse(
      'backupNotRegistered',
      'PerkDesk has no record of making this backup (it was added, renamed or made before backups were recorded); it will not restore it',
    );
  }
  const path = join(target.config.backupDir, `.restoring-${stampOf(now)}-${file.name}`);
  try {
    copyFileSync(file.path, path);
    const sha256 = await sha256File(path);
    if (sha256 !== entry.sha256) {
      throw refuse('backupChanged', 'This backup was changed after it was made; PerkDesk will not restore it', {
        recorded: entry.sha256,
        found: sha256,
      });
    }
    const check = checkDatabaseFile(path);
    if (!check.ok) {
      throw refuse('backupDamaged', `This backup is damaged and cannot be restored: ${check.problems[0] ?? 'unknown'}`);
    }
    if (check.schemaVersion > latestVersion()) {
      throw refuse('backupTooNew', 'This backup was made by a newer PerkDesk; install that version to restore it', {
        schemaVersion: check.schemaVersion,
      });
    }
    if (check.schemaVersion !== entry.schemaVersion) {
      throw refuse('schemaMismatch', 'This backup’s schema version is not the one recorded when it was made', {
        recorded: entry.schemaVersion,
        found: check.schemaVersion,
      });
    }
    if (check.terminalId !== target.terminalId) {
      // Terminal ids keep the ledgers of several terminals apart at head office; taking on
      // another terminal's identity must happen before start-up (restoreBackupFileBeforeOpen).
      throw refuse('backupOtherTerminal', 'This backup belongs to another terminal and cannot be restored here', {
        backupTerminal: check.terminalId,
      });
    }
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const differences = schemaDifferences(db, check.schemaVersion);
      if (differences.length > 0) {
        throw refuse('schemaMismatch', `This backup’s schema was changed: ${differences.slice(0, 3).join('; ')}`, {
          differences: differences.slice(0, 20),
        });
      }
      const chain = verifyChainIntegrity(db, { auditKey: keys.audit });
      if (!chain.ok) {
        throw refuse(
          'auditChainBroken',
          `This backup’s audit log does not verify (record #${chain.brokenAt}: ${chain.problem})`,
          {
            brokenAt: chain.brokenAt,
          },
        );
      }
      const ledger = checkLedger(db, 5);
      if (!ledger.ok) {
        throw refuse('ledgerMismatch', 'In this backup some balances do not equal their ledger sums', {
          mismatches: ledger.mismatches,
        });
      }
      return { path, schemaVersion: check.schemaVersion, auditHead: lastRecordOf(db) };
    } finally {
      db.close();
    }
  } catch (err) {
    rmSync(path, { force: true });
    throw err;
  }
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
 * Order: check the candidate (above; the counter keeps working meanwhile) → close the
 * write gate (write-gate.ts: from here every call gets CONFLICT restoreInProgress, so
 * nothing can be acknowledged and then copied over) → safety backup of the current
 * state, which therefore holds every write ever acknowledged → copy in one step →
 * migrate if older → quick_check → secure it again (keyed chain, PIN pepper, erasures
 * made since the backup re-applied) → drop caches, end other sessions → audit into the
 * restored chain, naming the heads it went back from → open the gate.
 */
export async function restoreDatabase(
  target: RestoreTarget,
  file: BackupFile,
  opts: { now: number; actor?: { staffId: string; username: string; token: string } | null },
): Promise<RestoreOutcome> {
  const candidate = await checkRestoreCandidate(target, file, opts.now);
  const db = target.db;
  const { keys } = requireStoreSecurity(db);
  try {
    closeWrites(target.config, 'restoreInProgress');
    try {
      const abandonedHead = chainHead(db);
      const exportedHead = readExportedHead(db, target.terminalId).head;
      const safety = await createBackup(db, {
        dir: target.config.backupDir,
        trigger: 'pre-restore',
        now: opts.now,
      });

      const staffBefore = allStaffIds(db);
      const outbox = takeOutbox(db); // chain mode: never rewound (sync/restore-carry.ts)
      const source = new Database(candidate.path, { readonly: true, fileMustExist: true });
      try {
        // Returning a huge page count from the progress callback copies everything in the
        // second step: one write transaction, nothing of ours can slip in between.
        await source.backup(target.config.dbPath, { progress: () => 0x7fffffff });
      } finally {
        source.close();
      }
      invalidateSettingsCache(db);
      const migrated = migrate(db);
      const problems = quickCheck(db);
      if (problems.length > 0) {
        throw new AppError(
          'INTERNAL',
          `The restored database failed its check (${problems[0]}); restore ${safety.name} to undo`,
        );
      }
      secureStore(db, { keys, now: opts.now, terminalId: target.terminalId });
      putBackOutbox(db, outbox, candidate.auditHead);
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

      // `abandoned.exportedHead` is what lets this deliberate rollback pass the
      // exported-head check here and at head office (audit/exported-head.ts): only a
      // MACed record, written by this code with the key, can say it.
      db.transaction(() =>
        appendAudit(db, {
          at: opts.now,
          terminalId: target.terminalId,
          actorId: opts.actor?.staffId ?? null,
          actorName: opts.actor?.username ?? null,
          action: 'backup.restored',
          target: file.name,
          details: {
            safetyBackup: safety.name,
            migrated,
            restoredHead: candidate.auditHead,
            abandoned: {
              head: abandonedHead ? { seq: abandonedHead.seq, hash: abandonedHead.hash } : null,
              exportedHead: exportedHead ? { seq: exportedHead.seq, hash: exportedHead.hash } : null,
            },
          },
        }),
      ).immediate();

      return {
        restoredFrom: file.name,
        safetyBackup: safety.name,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        migrated,
      };
    } finally {
      openWrites(target.config);
    }
  } finally {
    rmSync(candidate.path, { force: true });
  }
}
