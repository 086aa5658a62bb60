import type { CoreConfig, HandlerContext } from '../context';
import type { Db, ReadDb } from '../db/open-database';
import { appendAudit } from '../audit/audit-log';
import { readSettings } from '../settings/settings-store';
import type { BackupDto, OfflineStatusDto } from '../../../shared/contract/offline';
import { currentJob, runJob } from './jobs';
import { listBackups, type BackupFile, type BackupTrigger } from './backup/backup-files';
import { createBackup, rotateBackups } from './backup/create-backup';
import { restoreDatabase, type RestoreOutcome } from './backup/restore';
import { runExport, type ExportKind, type ExportResult } from './export/run-export';
import { lastExportRuns } from './export/export-runs';
import { nextBackupAt, nextExportAt, type OffsetFn } from './schedule';
import { systemOffsetMinutes } from './backup/rotation';

/**
 * The offline operations, callable from a handler (with the signed-in actor) and from
 * the scheduler (actor null). Both a HandlerContext and a Core satisfy OfflineDeps.
 */
export interface OfflineDeps {
  db: Db;
  config: CoreConfig;
  terminalId: string;
  sessions: HandlerContext['sessions'];
}

export type ActorRef = { staffId: string; username: string; token: string } | null;

export function toBackupDto(b: BackupFile): BackupDto {
  return {
    name: b.name,
    createdAt: b.createdAt,
    trigger: b.trigger,
    sizeBytes: b.sizeBytes,
    schemaVersion: b.schemaVersion,
    sha256: b.sha256,
    verified: b.hasSidecar && b.quickCheck === 'ok',
  };
}

function audit(
  deps: OfflineDeps,
  actor: ActorRef,
  action: string,
  target: string | null,
  details: Record<string, unknown>,
) {
  deps.db
    .transaction(() =>
      appendAudit(deps.db, {
        at: deps.config.now(),
        terminalId: deps.terminalId,
        actorId: actor?.staffId ?? null,
        actorName: actor?.username ?? 'scheduler',
        action,
        target,
        details,
      }),
    )
    .immediate();
}

export function runExportJob(
  deps: OfflineDeps,
  opts: { kind: ExportKind; trigger: 'manual' | 'schedule'; actor: ActorRef },
): Promise<ExportResult> {
  const s = readSettings(deps.db);
  return runJob(deps.config, 'export', deps.config.now(), (progress, signal) =>
    runExport({
      db: deps.db,
      dbPath: deps.config.dbPath,
      terminalId: deps.terminalId,
      now: deps.config.now,
      dir: s.exportDir,
      formats: s.exportFormats,
      bom: s.exportCsvBom,
      kind: opts.kind,
      trigger: opts.trigger,
      actor: opts.actor,
      progress,
      worker: deps.config.jobWorker,
      signal,
      holdStep: deps.config.holdJobStep,
    }),
  );
}

export function runBackupJob(
  deps: OfflineDeps,
  opts: { trigger: Extract<BackupTrigger, 'auto' | 'manual'>; actor: ActorRef; offsetMinutes?: OffsetFn },
): Promise<BackupFile> {
  return runJob(deps.config, 'backup', deps.config.now(), async (progress) => {
    progress.phase = 'copying';
    const made = await createBackup(deps.db, {
      dir: deps.config.backupDir,
      trigger: opts.trigger,
      now: deps.config.now(),
      onProgress: (done, total) => {
        progress.done = done;
        progress.total = total;
      },
    });
    progress.phase = 'rotating';
    const s = readSettings(deps.db);
    const removed = rotateBackups(
      deps.config.backupDir,
      {
        keepDaily: s.backupKeepDaily,
        keepWeekly: s.backupKeepWeekly,
        offsetMinutes: opts.offsetMinutes,
      },
      deps.db,
    );
    audit(deps, opts.actor, 'backup.created', made.name, { trigger: opts.trigger, rotatedOut: removed });
    return made;
  });
}

export function runRestoreJob(deps: OfflineDeps, file: BackupFile, actor: ActorRef): Promise<RestoreOutcome> {
  return runJob(deps.config, 'restore', deps.config.now(), async (progress) => {
    progress.phase = 'restoring';
    progress.item = file.name;
    return restoreDatabase(deps, file, { now: deps.config.now(), actor });
  });
}

export function offlineStatus(
  deps: { db: ReadDb; config: CoreConfig },
  offsetMinutes: OffsetFn = systemOffsetMinutes,
): OfflineStatusDto {
  const s = readSettings(deps.db);
  const now = deps.config.now();
  const { lastOk, lastAttempt } = lastExportRuns(deps.db);
  const lastFailed = lastAttempt && lastAttempt.status === 'failed' ? lastAttempt : null;
  const newestBackup = listBackups(deps.config.backupDir).find((b) => b.trigger !== 'pre-restore') ?? null;
  const job = currentJob(deps.config);
  return {
    job: job ? { ...job } : null,
    export: {
      configured: s.exportDir !== '',
      lastOkAt: lastOk?.finishedAt ?? null,
      lastOkFolder: lastOk?.folder ?? null,
      lastFailedAt: lastFailed?.finishedAt ?? null,
      lastError: lastFailed?.error ?? null,
      nextDueAt:
        s.exportDir === ''
          ? null
          : nextExportAt({
              now,
              everyHours: s.exportEveryHours,
              closingTime: s.exportClosingTime,
              lastOkAt: lastOk?.finishedAt ?? null,
              lastFailedAt: lastFailed?.finishedAt ?? null,
              offsetMinutes,
            }),
    },
    backup: {
      lastAt: newestBackup?.createdAt ?? null,
      lastName: newestBackup?.name ?? null,
      nextDueAt: nextBackupAt({ now, everyHours: s.backupEveryHours, lastAt: newestBackup?.createdAt ?? null }),
    },
  };
}
