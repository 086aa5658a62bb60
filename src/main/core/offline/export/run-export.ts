import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open-database';
import { AppError, refusal } from '../../errors';
import { appendAudit } from '../../audit/audit-log';
import { newId } from '../../ids';
import type { ExportFormat } from '../../../../shared/settings/offline';
import type { Settings } from '../../../../shared/settings';
import { fileSystemError, isFsError } from '../fs-errors';
import { yieldToEventLoop, type JobProgress } from '../jobs';
import { fileHead, lineRenderer } from './line-renderer';
import { selectionFor, type Selection } from './selection';
import { exportInWorkers } from './parallel-export';
import type { MakeJobWorker } from '../job-threads';
import { JobCancelledError } from '../job-errors';
import { EXPORT_DATASETS, type DatasetSpec } from './datasets';
import { readBack } from './file-checks';
import { buildManifest, MANIFEST_NAME, type ManifestFile } from './manifest';
import { lastSuccessfulWatermark, recordExportRun, type Watermark } from './export-runs';
import { registerExplanationFunction } from './explanation-column';
import { readSettings } from '../../settings/settings-store';
import { AUDIT_LOG } from './audit-dataset';
import { hashAt, type ChainHead } from '../../audit/chain';
import { checkAuditChain } from '../../audit/chain-checks';
import { writeExportedHead } from '../../audit/exported-head';

export type ExportKind = 'full' | 'incremental';

export interface RunExportOptions {
  /** The live connection: reads the previous watermark, records the run and audit. */
  db: Db;
  dbPath: string;
  terminalId: string;
  now: () => number;
  dir: string;
  formats: readonly ExportFormat[];
  bom: boolean;
  kind: ExportKind;
  trigger: 'manual' | 'schedule';
  actor: { staffId: string; username: string } | null;
  datasets?: readonly DatasetSpec[];
  progress?: JobProgress;
  /** Write buffer size: flushed to disk (and the event loop gets a turn) when full. */
  chunkBytes?: number;
  /**
   * Render in worker threads (parallel-export.ts) instead of on the main thread: the
   * same bytes, the main thread only hashes and writes. Without it, as before.
   */
  worker?: MakeJobWorker;
  /** Worker threads rendering at once (default 2: this machine's cores). */
  threads?: number;
  /** Rowids per stripe of an append-only dataset (default 16,384: a few MB of lines). */
  stripeRows?: number;
  /** Cancels the run: nothing is published, the run is recorded as failed (JobCancelledError). */
  signal?: AbortSignal;
  /** Test host only (CoreConfig.holdJobStep): awaited between files on the main thread. */
  holdStep?: (signal: AbortSignal) => Promise<void>;
}

export interface ExportResult {
  exportId: string;
  folder: string;
  path: string;
  kind: ExportKind;
  rows: Record<string, number>;
  files: ManifestFile[];
  bytes: number;
  durationMs: number;
  watermark: Watermark;
}

export { CHANGED_OVERLAP_MS } from './selection';

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/**
 * Streams one dataset into one file: SQLite renders each line (see cell-sql.ts) and JS
 * UTF-8-encodes it straight into one reused 1 MB buffer, which is hashed and written
 * when full; then the job yields so the counter's calls are served between chunks.
 * No large strings are built: they would land in V8's large-object space and grow the
 * process by hundreds of MB before a major GC (measured: 322 MB peak at 1M rows).
 */
async function writeDatasetFile(
  reader: Database.Database,
  spec: DatasetSpec,
  format: ExportFormat,
  sel: Selection,
  path: string,
  opts: {
    bom: boolean;
    chunkBytes: number;
    settings: Settings;
    onRows: (n: number) => void;
    signal?: AbortSignal;
  },
): Promise<{ rows: number; bytes: number; sha256: string }> {
  const render = lineRenderer(spec, format, opts.settings);
  const stmt = render.statement(reader, sel.where);
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(opts.chunkBytes);
  let off = 0;
  let bytes = 0;
  let rows = 0;
  let pendingRows = 0;
  const fd = openSync(path, 'wx');
  try {
    const emit = (b: Buffer) => {
      hash.update(b);
      writeAll(fd, b);
      bytes += b.length;
    };
    const flush = () => {
      if (off > 0) emit(buf.subarray(0, off));
      off = 0;
      rows += pendingRows;
      opts.onRows(pendingRows);
      pendingRows = 0;
    };
    const head = fileHead(spec, format, opts.bom);
    if (head.length > 0) emit(head);
    for (const row of stmt.iterate(sel.params)) {
      const text = render.line(row);
      // UTF-8 needs at most 3 bytes per UTF-16 unit.
      if (off + text.length * 3 > buf.length) {
        flush();
        await yieldToEventLoop();
        if (opts.signal?.aborted) throw new JobCancelledError('export');
      }
      if (text.length * 3 > buf.length) emit(Buffer.from(text, 'utf8'));
      else off += buf.write(text, off, 'utf8');
      pendingRows++;
    }
    flush();
    // The rename that publishes the folder must never overtake the data on disk.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { rows, bytes, sha256: hash.digest('hex') };
}

interface ReadOutcome {
  prev: Watermark | null;
  snapshot: Watermark;
  auditFrom: ChainHead | null;
  files: ManifestFile[];
  rows: Record<string, number>;
}

/**
 * Steps 1–3 on the main thread: one read snapshot on a second, read-only connection,
 * each file streamed from it in chunks with a turn for the counter between them, then
 * read back from disk. What the core does without a job worker.
 */
async function readOnMain(
  opts: RunExportOptions,
  datasets: readonly DatasetSpec[],
  withAudit: boolean,
  exportId: string,
  setPartial: (p: string) => void,
): Promise<ReadOutcome> {
  const progress = opts.progress;
  let reader: Database.Database | null = null;
  try {
    reader = new Database(opts.dbPath, { readonly: true, fileMustExist: true });
    const settings = readSettings(opts.db);
    registerExplanationFunction(reader, settings);
    reader.exec('BEGIN');
    const prev = lastSuccessfulWatermark(reader);
    const snapshot: Watermark = { at: opts.now(), rowids: {} };
    for (const spec of datasets) {
      if (spec.mode === 'append') {
        snapshot.rowids[spec.name] = reader
          .prepare(`SELECT coalesce(max(${spec.rowid}), 0) FROM ${spec.from}`)
          .pluck()
          .get() as number;
      }
    }
    const headAt = (seq: number): ChainHead | null => {
      const hash = seq > 0 ? hashAt(reader!, seq) : null;
      return hash === null ? null : { seq, hash };
    };
    if (withAudit) snapshot.auditHead = headAt(snapshot.rowids[AUDIT_LOG.name] ?? 0);
    const auditFrom =
      withAudit && opts.kind === 'incremental' && prev ? headAt(prev.rowids[AUDIT_LOG.name] ?? 0) : null;
    const plan = datasets.map((spec) => {
      const sel = selectionFor(spec, opts.kind, prev, snapshot);
      const expected = reader!
        .prepare(`SELECT count(*) FROM ${spec.from} WHERE ${sel.where}`)
        .pluck()
        .get(sel.params) as number;
      return { spec, sel, expected };
    });
    if (progress) {
      progress.total = plan.reduce((s, p) => s + p.expected, 0) * opts.formats.length;
      progress.done = 0;
    }

    const partial = join(opts.dir, `.partial-${exportId}`);
    setPartial(partial);
    const files: ManifestFile[] = [];
    for (const { spec, sel, expected } of plan) {
      for (const format of opts.formats) {
        const fileName = `${spec.name}.${format}`;
        // After the first file, so that the progress held on screen has rows done.
        if (files.length > 0 && opts.holdStep && opts.signal) await opts.holdStep(opts.signal);
        // A small file never fills a chunk, so the cancel is also looked at between files.
        if (opts.signal?.aborted) throw new JobCancelledError('export');
        if (progress) {
          progress.phase = 'writing';
          progress.item = fileName;
        }
        const written = await writeDatasetFile(reader, spec, format, sel, join(partial, fileName), {
          bom: opts.bom,
          // 256 KB between yields: ~2,500 rows, a few ms of the counter's time (1 MB was ~25 ms).
          chunkBytes: opts.chunkBytes ?? 1 << 18,
          settings,
          onRows: (n) => {
            if (progress) progress.done += n;
          },
          signal: opts.signal,
        });
        if (written.rows !== expected) {
          throw new AppError(
            'INTERNAL',
            `Export check failed: ${fileName} has ${written.rows} rows, expected ${expected}`,
          );
        }
        files.push({
          path: fileName,
          dataset: spec.name,
          format,
          rows: written.rows,
          bytes: written.bytes,
          sha256: written.sha256,
        });
      }
    }
    reader.exec('COMMIT');
    reader.close();
    reader = null;

    const setPhase = (phase: string) => {
      if (progress) progress.phase = phase;
    };
    setPhase('verifying');
    for (const f of files) {
      const back = await readBack(join(partial, f.path), f.format);
      if (back.bytes !== f.bytes || back.sha256 !== f.sha256 || back.records !== f.rows) {
        throw new AppError('INTERNAL', `Export check failed: ${f.path} on disk does not match what was written`, {
          file: f.path,
          expected: { bytes: f.bytes, rows: f.rows },
          found: { bytes: back.bytes, rows: back.records },
        });
      }
    }
    return { prev, snapshot, auditFrom, files, rows: Object.fromEntries(plan.map((p) => [p.spec.name, p.expected])) };
  } finally {
    try {
      reader?.close();
    } catch {
      /* closing a reader mid-iteration can throw; it is discarded either way */
    }
  }
}

/** Steps 1–3 in worker threads (parallel-export.ts): the same files, hashed while written. */
async function readInWorkers(
  opts: RunExportOptions,
  make: MakeJobWorker,
  datasets: readonly DatasetSpec[],
  withAudit: boolean,
  exportId: string,
  setPartial: (p: string) => void,
): Promise<ReadOutcome> {
  const partial = join(opts.dir, `.partial-${exportId}`);
  setPartial(partial);
  const r = await exportInWorkers({
    make,
    dbPath: opts.dbPath,
    settings: readSettings(opts.db),
    at: opts.now(),
    kind: opts.kind,
    datasets,
    auditDataset: withAudit ? AUDIT_LOG.name : null,
    formats: opts.formats,
    bom: opts.bom,
    partial,
    threads: Math.max(1, opts.threads ?? 2),
    stripeRows: opts.stripeRows ?? 16_384,
    progress: opts.progress,
    signal: opts.signal,
  });
  return { ...r, rows: Object.fromEntries(r.plan.map((p) => [p.name, p.expected])) };
}

function fsyncDir(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported everywhere (Windows): the rename is still atomic, just less durable.
  }
}

function checkFolder(dir: string): void {
  if (!dir) throw refusal('exportFolderNotSet');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    throw fileSystemError(err, 'The export', dir);
  }
  if (!isDir) throw fileSystemError({ code: 'ENOTDIR' }, 'The export', dir);
}

export function exportFolderName(terminalId: string, at: number, kind: ExportKind): string {
  const stamp = new Date(at).toISOString().replace(/[-:.]/g, '');
  return `perkdesk-${terminalId}-${stamp}-${kind}`;
}

/**
 * One export run, all or nothing:
 * 1. a read snapshot on a second, read-only connection (WAL: the counter keeps
 *    writing; we see one consistent moment), with each dataset's high-water mark;
 * 2. every dataset × format streamed into `<dir>/.partial-<id>/`;
 * 3. each file read back from disk: bytes, sha256 and record count must equal what
 *    was written and an independent count(*) of the selection;
 * 4. manifest.json written last, then the folder renamed to its final name;
 * 5. only then the run (with its new watermark) is recorded and audited, and the
 *    audit head it carried becomes the terminal's exported head (kept outside the
 *    database, audit/exported-head.ts).
 * Before the snapshot the audit chain is checked against the previous exported head;
 * the outcome travels in the manifest (`audit.check`), so a chain that no longer extends
 * what head office already holds is exported with the alarm, not silently.
 * Any failure removes the partial folder, records a failed run (watermark untouched)
 * and throws an AppError that says why.
 */
export async function runExport(opts: RunExportOptions): Promise<ExportResult> {
  const datasets = opts.datasets ?? EXPORT_DATASETS;
  const startedAt = opts.now();
  const exportId = newId();
  const progress = opts.progress;
  const setPhase = (phase: string, item: string | null = null) => {
    if (progress) {
      progress.phase = phase;
      progress.item = item;
    }
  };
  // Set by the read step when it makes the folder (a closure: not narrowed to null here).
  let partial = null as string | null;
  const setPartial = (p: string) => {
    mkdirSync(p);
    partial = p;
  };
  const prevInLive = lastSuccessfulWatermark(opts.db);
  const withAudit = datasets.includes(AUDIT_LOG);
  try {
    checkFolder(opts.dir);
    setPhase('snapshot');
    const chainCheck = withAudit ? checkAuditChain(opts.db, opts.terminalId, 'tail') : null;
    const read = await (opts.worker
      ? readInWorkers(opts, opts.worker, datasets, withAudit, exportId, setPartial)
      : readOnMain(opts, datasets, withAudit, exportId, setPartial));
    const { prev, snapshot, auditFrom, files, rows } = read;

    setPhase('renaming');
    const folder = exportFolderName(opts.terminalId, snapshot.at, opts.kind);
    const manifest = buildManifest({
      exportId,
      terminalId: opts.terminalId,
      kind: opts.kind,
      trigger: opts.trigger,
      createdAt: snapshot.at,
      previous: opts.kind === 'full' ? null : prev,
      watermark: snapshot,
      bom: opts.bom,
      files,
      audit: chainCheck
        ? {
            head: snapshot.auditHead ?? null,
            from: auditFrom,
            previousExportedHead: chainCheck.exportedHead,
            extendsPreviousExportedHead: chainCheck.extendsExportedHead,
            check: { ok: chainCheck.problems.length === 0, problems: chainCheck.problems },
          }
        : undefined,
    });
    // Last look before publishing: a cancel pressed while the last file was verified must
    // still leave no new folder (no await from here to the rename).
    if (opts.signal?.aborted) throw new JobCancelledError('export');
    const manifestPath = join(partial!, MANIFEST_NAME);
    const mfd = openSync(manifestPath, 'wx');
    try {
      writeAll(mfd, Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'));
      fsyncSync(mfd);
    } finally {
      closeSync(mfd);
    }
    fsyncDir(partial!);
    const finalPath = join(opts.dir, folder);
    renameSync(partial!, finalPath);
    partial = null;
    fsyncDir(opts.dir);

    const finishedAt = opts.now();
    if (snapshot.auditHead) {
      writeExportedHead(opts.db, opts.terminalId, { ...snapshot.auditHead, exportId, at: finishedAt });
    }
    opts.db
      .transaction(() => {
        recordExportRun(opts.db, {
          id: exportId,
          startedAt,
          finishedAt,
          kind: opts.kind,
          trigger: opts.trigger,
          status: 'ok',
          folder,
          folderRoot: opts.dir,
          error: null,
          formats: opts.formats,
          rowCounts: rows,
          watermark: snapshot,
          actorId: opts.actor?.staffId ?? null,
        });
        appendAudit(opts.db, {
          at: finishedAt,
          terminalId: opts.terminalId,
          actorId: opts.actor?.staffId ?? null,
          actorName: opts.actor?.username ?? 'scheduler',
          action: 'export.completed',
          target: folder,
          details: {
            kind: opts.kind,
            trigger: opts.trigger,
            rows,
            auditHead: snapshot.auditHead ?? null,
            ...(chainCheck && chainCheck.problems.length > 0 ? { auditCheckProblems: chainCheck.problems } : {}),
          },
        });
      })
      .immediate();
    setPhase('done');
    return {
      exportId,
      folder,
      path: finalPath,
      kind: opts.kind,
      rows,
      files,
      bytes: files.reduce((s, f) => s + f.bytes, 0),
      durationMs: finishedAt - startedAt,
      watermark: snapshot,
    };
  } catch (err) {
    if (partial) rmSync(partial, { recursive: true, force: true });
    const appErr = toAppError(err, opts.dir);
    const finishedAt = opts.now();
    try {
      opts.db
        .transaction(() => {
          recordExportRun(opts.db, {
            id: exportId,
            startedAt,
            finishedAt,
            kind: opts.kind,
            trigger: opts.trigger,
            status: 'failed',
            folder: null,
            folderRoot: opts.dir,
            error: appErr.message,
            formats: opts.formats,
            rowCounts: {},
            // A failed run carries the previous watermark: nothing moved.
            watermark: prevInLive ?? { at: 0, rowids: {} },
            actorId: opts.actor?.staffId ?? null,
          });
          appendAudit(opts.db, {
            at: finishedAt,
            terminalId: opts.terminalId,
            actorId: opts.actor?.staffId ?? null,
            actorName: opts.actor?.username ?? 'scheduler',
            action: 'export.failed',
            target: opts.dir,
            details: { kind: opts.kind, trigger: opts.trigger, error: appErr.message },
          });
        })
        .immediate();
    } catch {
      // Recording the failure must not hide the failure itself.
    }
    throw appErr;
  }
}

function toAppError(err: unknown, dir: string): AppError {
  if (err instanceof AppError) return err;
  if (isFsError(err)) return fileSystemError(err, 'The export', dir);
  const code = (err as { code?: string } | null)?.code ?? '';
  if (code === 'SQLITE_FULL') return fileSystemError({ code: 'ENOSPC' }, 'The export', dir);
  return new AppError('INTERNAL', `The export failed: ${(err as Error)?.message ?? String(err)}. Nothing was changed.`);
}
