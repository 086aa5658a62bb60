import type { AreaHandlers } from '../handler-types';
import { selfTransacting } from '../handler-types';
import { AppError, notFound } from '../errors';
import { writeSettings } from '../settings/settings-store';
import type { HandlerContext } from '../context';
import { assertWritableFolder } from './folder-check';
import { listBackups } from './backup/backup-files';
import { listExportRuns } from './export/export-runs';
import { offlineStatus, runBackupJob, runExportJob, runRestoreJob, toBackupDto, type ActorRef } from './services';
import { importMembers, type ImportInput } from './import/import-members';

function actorRef(ctx: HandlerContext): ActorRef {
  const a = ctx.requireActor();
  return { staffId: a.staffId, username: a.username, token: a.token };
}

export const offlineHandlers: AreaHandlers<'offline'> = {
  'offline:exportConfig': (ctx, input) => {
    const actor = ctx.requireActor();
    assertWritableFolder(input.exportDir, 'Using this export folder');
    const changes = writeSettings(ctx.db, input, actor.staffId, ctx.now());
    for (const c of changes) ctx.audit('settings.changed', c.key, { from: c.from, to: c.to });
    const s = ctx.settings();
    return {
      exportDir: s.exportDir,
      exportEveryHours: s.exportEveryHours,
      exportClosingTime: s.exportClosingTime,
      exportFormats: [...s.exportFormats],
      exportCsvBom: s.exportCsvBom,
    };
  },

  'offline:exportRun': selfTransacting(async (ctx: HandlerContext, input: { kind: 'full' | 'incremental' }) => {
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
  }),

  'offline:status': (ctx) => offlineStatus(ctx),

  'offline:exportHistory': (ctx, input) => listExportRuns(ctx.db, input.limit),

  'offline:backupNow': selfTransacting(async (ctx: HandlerContext) =>
    toBackupDto(await runBackupJob(ctx, { trigger: 'manual', actor: actorRef(ctx) })),
  ),

  'offline:backupList': (ctx) => listBackups(ctx.config.backupDir).map(toBackupDto),

  'offline:backupRestore': selfTransacting(async (ctx: HandlerContext, input: { name: string; confirm: true }) => {
    const file = listBackups(ctx.config.backupDir).find((b) => b.name === input.name);
    if (!file) throw notFound('Backup', { name: input.name });
    if (!file.hasSidecar || file.quickCheck !== 'ok') {
      throw new AppError('CONFLICT', 'This backup was never verified; PerkDesk will not restore it');
    }
    const actor = actorRef(ctx);
    const out = await runRestoreJob(ctx, file, actor);
    return {
      restoredFrom: out.restoredFrom,
      safetyBackup: out.safetyBackup,
      schemaVersion: out.schemaVersion,
      stillSignedIn: ctx.sessions.get(actor!.token) !== null,
    };
  }),

  // Self-transacting: chunks of rows, one transaction each, the counter served in between.
  'offline:importDryRun': selfTransacting((ctx: HandlerContext, input: ImportInput) =>
    importMembers(ctx, input, { dryRun: true }),
  ),
  'offline:import': selfTransacting((ctx: HandlerContext, input: ImportInput) =>
    importMembers(ctx, input, { dryRun: false }),
  ),
};
