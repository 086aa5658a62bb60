import { readSettings } from '../settings/settings-store';
import { listBackups } from './backup/backup-files';
import { systemOffsetMinutes } from './backup/rotation';
import { lastExportRuns } from './export/export-runs';
import { currentJob } from './jobs';
import { isBackupDue, isExportDue, RETRY_AFTER_FAILURE_MS, type OffsetFn } from './schedule';
import { runBackupJob, runExportJob, type OfflineDeps } from './services';

export interface Scheduler {
  /** One check: runs at most one due job and resolves when it has finished. */
  tick(): Promise<'backup' | 'export' | null>;
  stop(): void;
}

export interface SchedulerOptions {
  intervalMs?: number;
  offsetMinutes?: OffsetFn;
  log?: { error(message: string, err?: unknown): void };
}

/**
 * The timer that triggers scheduled backups and exports. It lives outside the
 * handlers: the Electron main and the test host call `startScheduler(core)` after
 * opening the core, and `stop()` before closing it. Failures are recorded (export
 * history, audit) by the jobs themselves; the timer only logs and tries later.
 */
export function startScheduler(deps: OfflineDeps, opts: SchedulerOptions = {}): Scheduler {
  const offsetMinutes = opts.offsetMinutes ?? systemOffsetMinutes;
  let ticking = false;
  let stopped = false;
  // A failing backup (disk full) is retried after a pause, not every minute.
  let backupFailedAt: number | null = null;

  async function tick(): Promise<'backup' | 'export' | null> {
    if (ticking || stopped || currentJob(deps.config)) return null;
    ticking = true;
    try {
      const s = readSettings(deps.db);
      const now = deps.config.now();
      const lastBackup = listBackups(deps.config.backupDir).find((b) => b.trigger !== 'pre-restore');
      const backupDue = isBackupDue({ now, everyHours: s.backupEveryHours, lastAt: lastBackup?.createdAt ?? null });
      if (backupDue && (backupFailedAt === null || now - backupFailedAt >= RETRY_AFTER_FAILURE_MS)) {
        try {
          await runBackupJob(deps, { trigger: 'auto', actor: null, offsetMinutes });
          backupFailedAt = null;
        } catch (err) {
          backupFailedAt = now;
          opts.log?.error('scheduled backup failed', err);
        }
        return 'backup';
      }
      if (s.exportDir === '') return null;
      const { lastOk, lastAttempt } = lastExportRuns(deps.db);
      const lastFailedAt = lastAttempt?.status === 'failed' ? lastAttempt.finishedAt : null;
      const due = isExportDue({
        now,
        everyHours: s.exportEveryHours,
        closingTime: s.exportClosingTime,
        lastOkAt: lastOk?.finishedAt ?? null,
        lastFailedAt,
        offsetMinutes,
      });
      if (!due) return null;
      try {
        await runExportJob(deps, { kind: 'incremental', trigger: 'schedule', actor: null });
      } catch (err) {
        opts.log?.error('scheduled export failed', err);
      }
      return 'export';
    } finally {
      ticking = false;
    }
  }

  const timer = setInterval(() => void tick(), opts.intervalMs ?? 60_000);
  timer.unref?.();
  return {
    tick,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
