import type { AreaHandlers } from '../handler-types';
import { noted } from '../handler-types';
import { defineArea } from '../area';
import { writeSettings } from '../settings/settings-store';
import type { HandlerContext } from '../context';
import { assertWritableFolder } from './folder-check';
import { listBackups } from './backup/backup-files';
import { listExportRuns } from './export/export-runs';
import { offlineStatus, runBackupJob, runExportJob, runRestoreJob, toBackupDto, type ActorRef } from './services';
import { importMembers } from './import/import-members';
import { cancelJob, currentJob } from './jobs';

function actorRef(ctx: Pick<HandlerContext, 'requireActor'>): ActorRef {
  const a = ctx.requireActor();
  return { staffId: a.staffId, username: a.username, token: a.token };
}

export const offlineHandlers: AreaHandlers<'offline'> = {
  'offline:exportConfig': (ctx, input) => {
    const actor = ctx.requireActor();
    assertWritableFolder(input.exportDir, 'Using this export folder');
    const changes = writeSettings(ctx.db, input, actor.staffId, ctx.now());
    const s = ctx.settings();
    return noted(
      {
        exportDir: s.exportDir,
        exportEveryHours: s.exportEveryHours,
        exportClosingTime: s.exportClosingTime,
        exportFormats: [...s.exportFormats],
        exportCsvBom: s.exportCsvBom,
      },
      { changes },
    );
  },

  // Jobs (effect 'job'): long, async, their own short transactions; the counter is
  // served in between. Each records its own audit (the scheduler runs them too).
  'offline:exportRun': async (ctx, input) => {
    const r = await runExportJob(ctx, { kind: input.kind, trigger: 'manual', actor: actorRef(ctx) });
    return {
      exportId: r.exportId,
      folder: r.folder,
      path: r.path,
      kind: r.kind,
      rows: r.rows,
      files: r.files,
      bytes: r.bytes,
      durationMs: r.durationMs,
    };
  },

  'offline:status': (ctx) => offlineStatus(ctx),

  'offline:exportHistory': (ctx, input) => listExportRuns(ctx.db, input.limit),

  'offline:backupNow': async (ctx) => toBackupDto(await runBackupJob(ctx, { trigger: 'manual', actor: actorRef(ctx) })),

  'offline:backupList': (ctx) => listBackups(ctx.config.backupDir).map(toBackupDto),

  'offline:backupRestore': async (ctx, input) => {
    const file = listBackups(ctx.config.backupDir).find((b) => b.name === input.name);
    if (!file) throw ctx.refuse('backupNotFound', { name: input.name });
    if (!file.hasSidecar || file.quickCheck !== 'ok') throw ctx.refuse('backupUnverified');
    const actor = actorRef(ctx);
    const out = await runRestoreJob(ctx, file, actor);
    return {
      restoredFrom: out.restoredFrom,
      safetyBackup: out.safetyBackup,
      schemaVersion: out.schemaVersion,
      stillSignedIn: ctx.sessions.get(actor!.token) !== null,
    };
  },

  // Only an export or an import honours its signal; a backup or restore is never cut short.
  // A second press (or one after the job ended) finds nothing to stop and is harmless.
  'offline:jobCancel': (ctx) => {
    const job = currentJob(ctx.config);
    if (!job || (job.kind !== 'export' && job.kind !== 'import')) {
      return { cancelled: false, kind: null, done: 0, total: null };
    }
    const cancelled = cancelJob(ctx.config);
    return { cancelled, kind: job.kind, done: job.done, total: job.total };
  },

  // Chunks of rows, one transaction each, the counter served in between.
  'offline:importDryRun': (ctx, input) => importMembers(ctx, input, { dryRun: true }),
  'offline:import': (ctx, input) => importMembers(ctx, input, { dryRun: false }),
};

export const offlineArea = defineArea({ name: 'offline', handlers: offlineHandlers });
