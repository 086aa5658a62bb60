import Database from 'better-sqlite3';
import type { MessagePort } from 'node:worker_threads';
import type { Settings } from '../../../../shared/settings';
import type { ExportFormat } from '../../../../shared/settings/offline';
import { hashAt, type ChainHead } from '../../audit/chain';
import { errorBody, type WorkerErrorBody } from '../job-errors';
import type { DatasetSpec } from './datasets';
import { registerExplanationFunction } from './explanation-column';
import { lastSuccessfulWatermark, type Watermark } from './export-runs';
import { lineRenderer, type LineRenderer } from './line-renderer';
import { selectionFor, type Selection } from './selection';

/**
 * One export worker thread (parallel-export.ts drives them). Each has its own read-only
 * connection and renders lines exactly as the main-thread export does (line-renderer.ts);
 * the main thread only hashes and writes the bytes it is sent.
 *
 * - `plan`: opens the export's read snapshot (BEGIN), reads the previous watermark and
 *   each dataset's high-water mark and count — the one consistent moment of the export.
 * - `file`: streams a whole file from that snapshot in 1 MB chunks, at most CREDITS
 *   unacknowledged, so a slow disk never piles chunks up in memory. For the datasets
 *   whose rows change in place (members…), which only that snapshot shows as of its moment.
 * - `release`: ends the snapshot (checkpoints may proceed past it).
 * - `stripe`: one rowid range of an append-only dataset (ledger, refunds, audit log), in
 *   a short read transaction of its own (the statement's), sent back whole. Rows of
 *   these datasets never change and the range stops at the snapshot's high-water mark,
 *   so any later read of the range sees exactly what the snapshot saw.
 */
export type ExportRequest =
  | { t: 'plan'; id: number; at: number; kind: 'full' | 'incremental'; datasets: DatasetSpec[]; audit: string | null }
  | { t: 'file'; id: number; spec: DatasetSpec; format: ExportFormat; sel: Selection }
  | { t: 'stripe'; id: number; spec: DatasetSpec; format: ExportFormat; sel: Selection }
  | { t: 'release'; id: number }
  /** A streamed chunk is on its way to disk; its buffer comes back for the next one. */
  | { t: 'ack'; buf?: ArrayBuffer }
  /** A stripe's buffers, written: back to the pool. */
  | { t: 'recycle'; bufs: ArrayBuffer[] };

export interface PlanReply {
  prev: Watermark | null;
  snapshot: Watermark;
  auditFrom: ChainHead | null;
  plan: { name: string; sel: Selection; expected: number }[];
}

export type ExportReply =
  | { t: 'plan'; id: number; value: PlanReply }
  | { t: 'chunk'; id: number; buf: ArrayBuffer; len: number; rows: number }
  | { t: 'done'; id: number; rows: number }
  /** `allocated`: chunk buffers this worker has made so far (the rest were reused). */
  | { t: 'stripe'; id: number; bufs: ArrayBuffer[]; lens: number[]; rows: number; allocated: number }
  | { t: 'error'; id: number; error: WorkerErrorBody };

/** The page cache of each worker's connection, in KB (issue 13: export peak RSS ≤ 200 MB). */
export const WORKER_CACHE_KB = 2048;

const CHUNK = 1 << 20;
/** File chunks in flight to the main thread (4 MB). */
const CREDITS = 4;
/**
 * Chunk buffers the main thread has written and sent back (transferred), reused for the
 * next lines: a run allocates about the buffers in flight once, instead of a fresh 1 MB
 * per chunk left for the collector (the main thread's heap is small, so V8 collected them
 * only when their external memory passed its own limit: 60–80 MB of dead buffers).
 */
const POOL_MAX = 32;
const pool: ArrayBuffer[] = [];
let allocated = 0;
function takeBuffer(): ArrayBuffer {
  const reused = pool.pop();
  if (reused) return reused;
  allocated++;
  return new ArrayBuffer(CHUNK);
}
function giveBack(buf: ArrayBuffer | undefined): void {
  // Only whole chunks (a long line's own buffer is dropped), never a detached one.
  if (buf && buf.byteLength === CHUNK && pool.length < POOL_MAX) pool.push(buf);
}

/** Lines UTF-8-encoded into 1 MB buffers (from the pool) that can be handed to another thread. */
class Chunks {
  bufs: ArrayBuffer[] = [];
  lens: number[] = [];
  /** Taken from the pool at the first line after a seal (a stripe's end leaves none unused). */
  private cur: Buffer | null = null;
  private off = 0;
  /** Appends a line; true when the current chunk is full and was sealed. */
  add(text: string): boolean {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (text.length * 3 > CHUNK) {
      this.seal();
      const big = Buffer.from(text, 'utf8');
      const own = new ArrayBuffer(big.length);
      big.copy(Buffer.from(own));
      this.bufs.push(own);
      this.lens.push(big.length);
      return true;
    }
    let sealed = false;
    if (this.off + text.length * 3 > CHUNK) sealed = this.seal();
    this.cur ??= Buffer.from(takeBuffer());
    this.off += this.cur.write(text, this.off, 'utf8');
    return sealed;
  }
  seal(): boolean {
    if (this.off === 0 || !this.cur) return false;
    this.bufs.push(this.cur.buffer as ArrayBuffer);
    this.lens.push(this.off);
    this.cur = null;
    this.off = 0;
    return true;
  }
  take(): { bufs: ArrayBuffer[]; lens: number[] } {
    const out = { bufs: this.bufs, lens: this.lens };
    this.bufs = [];
    this.lens = [];
    return out;
  }
}

export function serveExport(port: MessagePort, data: { dbPath: string; settings: Settings }): void {
  const reader = new Database(data.dbPath, { readonly: true, fileMustExist: true });
  // Every page is read once, in order (a stripe, a file): SQLite's default 16 MB page
  // cache per connection would only hold pages nobody reads again, in each worker.
  reader.pragma(`cache_size = -${WORKER_CACHE_KB}`);
  registerExplanationFunction(reader, data.settings);
  const renderers = new Map<string, { render: LineRenderer; stmt: Map<string, Database.Statement> }>();
  const statement = (spec: DatasetSpec, format: ExportFormat, where: string) => {
    const key = `${spec.name}.${format}`;
    let r = renderers.get(key);
    if (!r) renderers.set(key, (r = { render: lineRenderer(spec, format, data.settings), stmt: new Map() }));
    let stmt = r.stmt.get(where);
    if (!stmt) r.stmt.set(where, (stmt = r.render.statement(reader, where)));
    return { render: r.render, stmt };
  };
  let credits = CREDITS;
  let wake: (() => void) | null = null;
  const send = (m: ExportReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

  const plan = (m: Extract<ExportRequest, { t: 'plan' }>): PlanReply => {
    reader.exec('BEGIN');
    const prev = lastSuccessfulWatermark(reader);
    const snapshot: Watermark = { at: m.at, rowids: {} };
    for (const spec of m.datasets) {
      if (spec.mode === 'append') {
        snapshot.rowids[spec.name] = reader
          .prepare(`SELECT coalesce(max(${spec.rowid}), 0) FROM ${spec.from}`)
          .pluck()
          .get() as number;
      }
    }
    const headAt = (seq: number): ChainHead | null => {
      const hash = seq > 0 ? hashAt(reader, seq) : null;
      return hash === null ? null : { seq, hash };
    };
    if (m.audit) snapshot.auditHead = headAt(snapshot.rowids[m.audit] ?? 0);
    const auditFrom = m.audit && m.kind === 'incremental' && prev ? headAt(prev.rowids[m.audit] ?? 0) : null;
    return {
      prev,
      snapshot,
      auditFrom,
      plan: m.datasets.map((spec) => {
        const sel = selectionFor(spec, m.kind, prev, snapshot);
        const expected = reader
          .prepare(`SELECT count(*) FROM ${spec.from} WHERE ${sel.where}`)
          .pluck()
          .get(sel.params) as number;
        return { name: spec.name, sel, expected };
      }),
    };
  };

  const file = async (m: Extract<ExportRequest, { t: 'file' }>) => {
    const { render, stmt } = statement(m.spec, m.format, m.sel.where);
    const chunks = new Chunks();
    let rows = 0;
    let sent = 0;
    const flush = async () => {
      const { bufs, lens } = chunks.take();
      for (let i = 0; i < bufs.length; i++) {
        while (credits === 0) await new Promise<void>((r) => (wake = r));
        credits--;
        // The rows go with the last chunk that holds them (progress only).
        send({ t: 'chunk', id: m.id, buf: bufs[i], len: lens[i], rows: i === bufs.length - 1 ? rows - sent : 0 }, [
          bufs[i],
        ]);
        if (i === bufs.length - 1) sent = rows;
      }
    };
    for (const row of stmt.iterate(m.sel.params)) {
      if (chunks.add(render.line(row))) await flush();
      rows++;
    }
    chunks.seal();
    await flush();
    send({ t: 'done', id: m.id, rows });
  };

  const stripe = (m: Extract<ExportRequest, { t: 'stripe' }>) => {
    const { render, stmt } = statement(m.spec, m.format, m.sel.where);
    const chunks = new Chunks();
    let rows = 0;
    for (const row of stmt.iterate(m.sel.params)) {
      chunks.add(render.line(row));
      rows++;
    }
    chunks.seal();
    const { bufs, lens } = chunks.take();
    send({ t: 'stripe', id: m.id, bufs, lens, rows, allocated }, bufs);
  };

  // Requests run one at a time, in order; acks are taken at once (a file waits for them).
  let queue = Promise.resolve();
  port.on('message', (m: ExportRequest) => {
    if (m.t === 'recycle') {
      for (const b of m.bufs) giveBack(b);
      return;
    }
    if (m.t === 'ack') {
      giveBack(m.buf);
      credits++;
      const w = wake;
      wake = null;
      w?.();
      return;
    }
    queue = queue.then(async () => {
      try {
        if (m.t === 'plan') send({ t: 'plan', id: m.id, value: plan(m) });
        else if (m.t === 'file') await file(m);
        else if (m.t === 'stripe') stripe(m);
        else {
          if (reader.inTransaction) reader.exec('COMMIT');
          send({ t: 'done', id: m.id, rows: 0 });
        }
      } catch (err) {
        send({ t: 'error', id: m.id, error: errorBody(err) });
      }
    });
  });
}
