import type { Db, ReadDb } from '../../db/open-database';
import type { ExportRunDto } from '../../../../shared/contract/offline';

/** The high-water mark of one export: snapshot time and each append dataset's max rowid. */
export interface Watermark {
  at: number;
  rowids: Record<string, number>;
  /** The last audit record the export carried (seq, hash): the exported head. */
  auditHead?: { seq: number; hash: string } | null;
}

export interface ExportRunRecord {
  id: string;
  startedAt: number;
  finishedAt: number;
  kind: 'full' | 'incremental';
  trigger: 'manual' | 'schedule';
  status: 'ok' | 'failed';
  folder: string | null;
  folderRoot: string;
  error: string | null;
  formats: readonly string[];
  rowCounts: Record<string, number>;
  watermark: Watermark;
  actorId: string | null;
}

export function recordExportRun(db: Db, r: ExportRunRecord): void {
  db.prepare(
    `INSERT INTO export_runs (id, started_at, finished_at, kind, trigger, status, folder, folder_root, error,
       formats, row_counts, watermark, actor_id)
     VALUES (@id, @startedAt, @finishedAt, @kind, @trigger, @status, @folder, @folderRoot, @error,
       @formats, @rowCounts, @watermark, @actorId)`,
  ).run({
    ...r,
    formats: JSON.stringify(r.formats),
    rowCounts: JSON.stringify(r.rowCounts),
    watermark: JSON.stringify(r.watermark),
  });
}

/** The watermark an incremental export continues from: the newest successful run's. */
/** For the audit area (the exported head the store itself remembers): the newest successful export. */
export function lastSuccessfulExport(db: ReadDb): { id: string; finishedAt: number; watermark: Watermark } | null {
  const row = db
    .prepare(
      "SELECT id, finished_at, watermark FROM export_runs WHERE status = 'ok' ORDER BY finished_at DESC, rowid DESC LIMIT 1",
    )
    .get() as { id: string; finished_at: number; watermark: string } | undefined;
  return row ? { id: row.id, finishedAt: row.finished_at, watermark: JSON.parse(row.watermark) as Watermark } : null;
}

export function lastSuccessfulWatermark(db: ReadDb): Watermark | null {
  const row = db
    .prepare("SELECT watermark FROM export_runs WHERE status = 'ok' ORDER BY finished_at DESC, rowid DESC LIMIT 1")
    .pluck()
    .get() as string | undefined;
  return row ? (JSON.parse(row) as Watermark) : null;
}

interface RunRow {
  id: string;
  started_at: number;
  finished_at: number;
  kind: 'full' | 'incremental';
  trigger: 'manual' | 'schedule';
  status: 'ok' | 'failed';
  folder: string | null;
  folder_root: string;
  error: string | null;
  formats: string;
  row_counts: string;
}

const toDto = (r: RunRow): ExportRunDto => ({
  id: r.id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  kind: r.kind,
  trigger: r.trigger,
  status: r.status,
  folder: r.folder,
  folderRoot: r.folder_root,
  error: r.error,
  formats: JSON.parse(r.formats) as string[],
  rows: JSON.parse(r.row_counts) as Record<string, number>,
});

export function listExportRuns(db: ReadDb, limit: number): ExportRunDto[] {
  const rows = db
    .prepare('SELECT * FROM export_runs ORDER BY finished_at DESC, rowid DESC LIMIT ?')
    .all(limit) as RunRow[];
  return rows.map(toDto);
}

/** Newest run of each outcome, for the status bar and the scheduler. */
export function lastExportRuns(db: ReadDb): { lastOk: ExportRunDto | null; lastAttempt: ExportRunDto | null } {
  const ok = db
    .prepare("SELECT * FROM export_runs WHERE status = 'ok' ORDER BY finished_at DESC, rowid DESC LIMIT 1")
    .get() as RunRow | undefined;
  const any = db.prepare('SELECT * FROM export_runs ORDER BY finished_at DESC, rowid DESC LIMIT 1').get() as
    RunRow | undefined;
  return { lastOk: ok ? toDto(ok) : null, lastAttempt: any ? toDto(any) : null };
}
