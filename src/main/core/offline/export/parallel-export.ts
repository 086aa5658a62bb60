import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Settings } from '../../../../shared/settings';
import type { ExportFormat } from '../../../../shared/settings/offline';
import { AppError } from '../../errors';
import { errorFromBody, JobCancelledError, JobWorkerError } from '../job-errors';
import type { MakeJobWorker } from '../job-threads';
import type { JobProgress } from '../jobs';
import type { DatasetSpec } from './datasets';
import type { ExportReply, ExportRequest, PlanReply } from './export-worker';
import type { ManifestFile } from './manifest';
import { fileHead } from './line-renderer';
import { createFailFast } from './fail-fast';
import type { Selection } from './selection';

/**
 * The export's reading and rendering in worker threads (issue 13 items 1 and 3), the
 * main thread only hashing and writing — asynchronously, so the disk's writes and the
 * final fsync happen on libuv's pool, not between two of the counter's calls.
 *
 * - The first worker opens the read snapshot and plans (export-worker.ts `plan`), then
 *   streams the datasets whose rows change in place from that snapshot, file by file;
 *   then it lets the snapshot go.
 * - The append-only datasets (ledger, refunds, audit log) are cut into stripes of
 *   `stripeRows` rowids, rendered by all the workers at once, each stripe in its own
 *   short read; the main thread writes them back in order. At most `window` stripes are
 *   out at a time, which bounds the memory (a stripe is a few MB).
 * Each file is hashed as it is written (no second read) and its row count must equal
 * the snapshot's count of its range. The bytes are those of the main-thread export:
 * both render through line-renderer.ts, and a test compares them.
 */
export interface ParallelOptions {
  make: MakeJobWorker;
  dbPath: string;
  settings: Settings;
  at: number;
  kind: 'full' | 'incremental';
  datasets: readonly DatasetSpec[];
  auditDataset: string | null;
  formats: readonly ExportFormat[];
  bom: boolean;
  /** The folder the files go into (already made). */
  partial: string;
  threads: number;
  stripeRows: number;
  progress?: JobProgress;
  signal?: AbortSignal;
}

export interface ParallelResult extends PlanReply {
  files: ManifestFile[];
}

type Waiter = {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onChunk?: (buf: Buffer, rows: number) => Promise<void>;
};

/** A request without its id (the thread numbers them). */
type RequestBody = ExportRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** One worker and its open requests. */
class ExportThread {
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  outstanding = 0;
  private dead: Error | null = null;
  /** Writes of streamed chunks, in order (each acknowledged when on its way to disk). */
  private chunkWrites = Promise.resolve();

  constructor(
    private readonly worker: Worker,
    private readonly onDeath: (err: Error) => void,
  ) {
    worker.on('message', (m: ExportReply) => this.onMessage(m));
    worker.on('error', (err) => this.die(new JobWorkerError('export', String(err?.message ?? err))));
    worker.on('exit', (code) => this.die(new JobWorkerError('export', `exited with code ${code}`)));
  }

  private die(err: Error) {
    if (this.dead) return;
    this.dead = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    this.onDeath(err);
  }

  private onMessage(m: ExportReply) {
    const w = this.waiting.get(m.id);
    if (!w) return;
    if (m.t === 'chunk') {
      const buf = Buffer.from(m.buf, 0, m.len);
      this.chunkWrites = this.chunkWrites
        .then(() => w.onChunk!(buf, m.rows))
        .then(
          // Written (and hashed): the buffer goes back with the credit, for the next chunk.
          () => this.worker.postMessage({ t: 'ack', buf: m.buf } satisfies ExportRequest, [m.buf]),
          (err) => this.finish(m.id, w, err),
        );
      return;
    }
    if (m.t === 'error') return this.finish(m.id, w, errorFromBody(m.error));
    // A file's end waits for the writes of its chunks.
    const value =
      m.t === 'plan'
        ? m.value
        : m.t === 'stripe'
          ? { rows: m.rows, bufs: m.bufs.map((b, i) => Buffer.from(b, 0, m.lens[i])), from: this }
          : { rows: m.rows };
    void this.chunkWrites.then(() => this.finish(m.id, w, null, value));
  }

  private finish(id: number, w: Waiter, err: unknown, value?: unknown) {
    if (!this.waiting.delete(id)) return;
    this.outstanding--;
    if (err) w.reject(err);
    else w.resolve(value);
  }

  request<T>(m: RequestBody, onChunk?: Waiter['onChunk']): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    this.outstanding++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, onChunk });
      this.worker.postMessage({ ...m, id } as ExportRequest);
    });
  }

  /** A stripe's buffers, written: back to the worker that filled them (transferred). */
  recycle(bufs: Buffer[]): void {
    if (this.dead) return;
    const raw = bufs.map((b) => b.buffer as ArrayBuffer);
    this.worker.postMessage({ t: 'recycle', bufs: raw } satisfies ExportRequest, raw);
  }

  terminate(): Promise<number> {
    this.dead ??= new JobWorkerError('export', 'stopped');
    return this.worker.terminate();
  }
}

/** A file being written: hashed as it goes, written through libuv's pool, fsynced at the end. */
class HashingFile {
  private readonly hash = createHash('sha256');
  bytes = 0;
  private constructor(private readonly fh: FileHandle) {}
  static async create(path: string): Promise<HashingFile> {
    return new HashingFile(await open(path, 'wx'));
  }
  async write(buf: Buffer): Promise<void> {
    this.hash.update(buf);
    this.bytes += buf.length;
    let off = 0;
    while (off < buf.length) off += (await this.fh.write(buf, off, buf.length - off)).bytesWritten;
  }
  /** The rename that publishes the folder must never overtake the data on disk. */
  async finish(): Promise<string> {
    await this.fh.sync();
    await this.fh.close();
    return this.hash.digest('hex');
  }
  close(): Promise<void> {
    return this.fh.close().catch(() => undefined);
  }
}

export async function exportInWorkers(opts: ParallelOptions): Promise<ParallelResult> {
  const threads: ExportThread[] = [];
  // Any worker's death or a cancel fails the whole run at once, whatever it awaits.
  const run = createFailFast();
  const failNow = (err: Error) => run.fail(err);
  const race = run.race;
  const onAbort = () => failNow(new JobCancelledError('export'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const openFiles = new Set<HashingFile>();
  try {
    if (opts.signal?.aborted) throw new JobCancelledError('export');
    const spawn = () => {
      let worker: Worker;
      try {
        worker = opts.make({ job: 'export', dbPath: opts.dbPath, settings: opts.settings });
      } catch (err) {
        throw new JobWorkerError('export', `could not start: ${String((err as Error)?.message ?? err)}`);
      }
      const t = new ExportThread(worker, (err) => failNow(err));
      threads.push(t);
      return t;
    };
    const first = spawn();
    for (let i = 1; i < opts.threads; i++) spawn();
    const planned = await race(
      first.request<PlanReply>({
        t: 'plan',
        at: opts.at,
        kind: opts.kind,
        datasets: [...opts.datasets],
        audit: opts.auditDataset,
      }),
    );
    const progress = opts.progress;
    if (progress) {
      progress.total = planned.plan.reduce((s, p) => s + p.expected, 0) * opts.formats.length;
      progress.done = 0;
      progress.phase = 'writing';
    }
    const countRows = (n: number) => {
      if (progress) progress.done += n;
    };
    const items = planned.plan.flatMap((p, i) =>
      opts.formats.map((format) => ({ spec: opts.datasets[i], sel: p.sel, expected: p.expected, format })),
    );
    const files = new Map<string, ManifestFile>();
    const writeFile = async (
      item: (typeof items)[number],
      fill: (out: HashingFile) => Promise<number>,
    ): Promise<void> => {
      const fileName = `${item.spec.name}.${item.format}`;
      if (progress) progress.item = fileName;
      const out = await HashingFile.create(join(opts.partial, fileName));
      openFiles.add(out);
      const head = fileHead(item.spec, item.format, opts.bom);
      if (head.length > 0) await out.write(head);
      const rows = await fill(out);
      openFiles.delete(out);
      const sha256 = await out.finish();
      if (rows !== item.expected) {
        throw new AppError('INTERNAL', `Export check failed: ${fileName} has ${rows} rows, expected ${item.expected}`);
      }
      files.set(fileName, {
        path: fileName,
        dataset: item.spec.name,
        format: item.format,
        rows,
        bytes: out.bytes,
        sha256,
      });
    };

    // 1. What only the snapshot can show as of its moment, streamed from it.
    for (const item of items.filter((i) => i.spec.mode !== 'append')) {
      await writeFile(item, async (out) => {
        const done = await race(
          first.request<{ rows: number }>(
            { t: 'file', spec: item.spec, format: item.format, sel: item.sel },
            (buf, rows) => out.write(buf).then(() => countRows(rows)),
          ),
        );
        return done.rows;
      });
    }
    await race(first.request({ t: 'release' }));

    // 2. The append-only datasets, striped over every worker.
    const window = opts.threads * 3;
    for (const item of items.filter((i) => i.spec.mode === 'append')) {
      await writeFile(item, async (out) => {
        const { from, to } = item.sel.params;
        const stripes: Selection[] = [];
        for (let lo = from; lo < to; lo += opts.stripeRows) {
          stripes.push({ where: item.sel.where, params: { from: lo, to: Math.min(to, lo + opts.stripeRows) } });
        }
        type StripeDone = { rows: number; bufs: Buffer[]; from: ExportThread };
        const pending = new Map<number, Promise<StripeDone>>();
        let sent = 0;
        const dispatch = (written: number) => {
          while (sent < stripes.length && sent < written + window) {
            const t = threads.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
            const p = t.request<StripeDone>({
              t: 'stripe',
              spec: item.spec,
              format: item.format,
              sel: stripes[sent],
            });
            p.catch(() => undefined);
            pending.set(sent++, p);
          }
        };
        let rows = 0;
        for (let i = 0; i < stripes.length; i++) {
          dispatch(i);
          const r = await race(pending.get(i)!);
          pending.delete(i);
          for (const b of r.bufs) await race(out.write(b));
          r.from.recycle(r.bufs);
          rows += r.rows;
          countRows(r.rows);
        }
        return rows;
      });
    }
    return {
      ...planned,
      // In the order of the plan, as the main-thread export lists them.
      files: items.map((i) => files.get(`${i.spec.name}.${i.format}`)!),
    };
  } catch (err) {
    throw run.failure ?? err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    for (const f of openFiles) await f.close();
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
