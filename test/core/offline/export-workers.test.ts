import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeCore, makeStaffedCore, TestClock } from '../../helpers/core';
import { tsJobWorker } from '../../helpers/job-worker';
import { seedActivity } from './seed';
import { generateMembers } from '../../../bench/generate-members';
import { generateLedger } from '../../../bench/generate-ledger';
import type { Db } from '../../../src/main/core/db/open-database';
import { runExport, type RunExportOptions } from '../../../src/main/core/offline/export/run-export';
import { listExportRuns } from '../../../src/main/core/offline/export/export-runs';
import { JobCancelledError, JobWorkerError } from '../../../src/main/core/offline/job-errors';
import type { MakeJobWorker } from '../../../src/main/core/offline/job-threads';
import type { JobProgress } from '../../../src/main/core/offline/jobs';

/**
 * The export in worker threads (parallel-export.ts) against the main-thread export: the
 * same files byte for byte on a generated store, progress, cancel, and a worker that
 * dies surfacing as a typed error with nothing published.
 */
const AT = Date.UTC(2026, 10, 25, 9, 0, 0);

/** A generated store (members, a ledger with facts) plus real activity with names to escape. */
async function generatedStore(): Promise<string> {
  const { core, tokens } = await makeStaffedCore();
  generateMembers(core.db, 1_200, 7);
  generateLedger(core.db, { entries: 12_000, members: 1_200, seed: 7, now: AT });
  await seedActivity(core, tokens, {
    members: 4,
    purchasesEach: 2,
    offset: 9_000,
    names: ['=SUM(A1)', 'Wang, "Fang"', '张伟', '@Home Café'],
  });
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  return join(core.dir, 'perkdesk.sqlite');
}

/** A copy of the store (and its key file) in a folder of its own, opened as a core. */
function copyOf(src: string): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pd-export-copy-'));
  const path = join(dir, 'perkdesk.sqlite');
  copyFileSync(src, path);
  if (existsSync(`${src}.key`)) copyFileSync(`${src}.key`, `${path}.key`);
  const core = makeCore({ dir, clock: new TestClock(AT) });
  return { db: core.db, path };
}

const outDirs: string[] = [];
afterEach(() => {
  for (const d of outDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function options(db: Db, path: string, extra: Partial<RunExportOptions> = {}): RunExportOptions {
  const dir = mkdtempSync(join(tmpdir(), 'pd-export-out-'));
  outDirs.push(dir);
  return {
    db,
    dbPath: path,
    terminalId: db.prepare("SELECT value FROM meta WHERE key = 'terminal_id'").pluck().get() as string,
    now: () => AT,
    dir,
    formats: ['csv', 'jsonl'],
    bom: true,
    kind: 'full',
    trigger: 'manual',
    actor: null,
    ...extra,
  };
}

const dataFiles = (folder: string) =>
  Object.fromEntries(
    readdirSync(folder)
      .filter((f) => f !== 'manifest.json')
      .sort()
      .map((f) => [f, readFileSync(join(folder, f))]),
  );

describe('export in worker threads', () => {
  it('writes the same bytes as the main-thread export, full and incremental, with progress', async () => {
    const src = await generatedStore();
    const a = copyOf(src);
    const b = copyOf(src);
    const onMain = await runExport(options(a.db, a.path));
    const progress: JobProgress = { kind: 'export', startedAt: AT, phase: '', item: null, done: 0, total: null };
    const seen: number[] = [];
    const sampler = setInterval(() => seen.push(progress.done), 0);
    const inWorkers = await runExport(
      // Small stripes: many of them, out of order across three workers.
      options(b.db, b.path, { worker: tsJobWorker, threads: 3, stripeRows: 997, progress }),
    ).finally(() => clearInterval(sampler));

    expect(onMain.rows.ledger).toBeGreaterThan(12_000);
    expect(inWorkers.rows).toEqual(onMain.rows);
    expect(inWorkers.files).toEqual(onMain.files);
    const left = dataFiles(onMain.path);
    const right = dataFiles(inWorkers.path);
    expect(Object.keys(right)).toEqual(Object.keys(left));
    for (const name of Object.keys(left)) expect(right[name].equals(left[name]), name).toBe(true);

    const total = Object.values(onMain.rows).reduce((s, n) => s + n, 0) * 2;
    expect(progress.total).toBe(total);
    expect(progress.done).toBe(total);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen.some((d) => d > 0 && d < total)).toBe(true);

    // More activity on both copies alike, then an incremental run each: still the same bytes.
    for (const c of [a, b]) {
      c.db.prepare("UPDATE members SET name = 'Renamed, again', updated_at = ? WHERE seq IN (3, 5)").run(AT + 1);
    }
    const incMain = await runExport(options(a.db, a.path, { kind: 'incremental', now: () => AT + 60_000 }));
    const incWorkers = await runExport(
      options(b.db, b.path, { kind: 'incremental', now: () => AT + 60_000, worker: tsJobWorker, stripeRows: 50 }),
    );
    // Not the audit log: each copy's first export audited itself with its own export id.
    const notAudit = (files: typeof incMain.files) => files.filter((f) => f.dataset !== 'audit_log');
    expect(notAudit(incWorkers.files)).toEqual(notAudit(incMain.files));
    expect(incWorkers.files.map((f) => [f.path, f.rows])).toEqual(incMain.files.map((f) => [f.path, f.rows]));
    expect(incWorkers.rows.members).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('keeps memory bounded: stripes in flight capped, chunk buffers reused, identical bytes', async () => {
    // Issue 13 (export peak RSS): a worker's stripes out at once never pass the window
    // (3 per worker), and a worker makes about the window's buffers once, then reuses
    // what the main thread has written and sent back — not one per chunk.
    const src = await generatedStore();
    const a = copyOf(src);
    const b = copyOf(src);
    const onMain = await runExport(options(a.db, a.path, { formats: ['csv'] }));
    const stats: { out: number; maxOut: number; stripes: number; allocated: number }[] = [];
    const counting: MakeJobWorker = (data) => {
      const w = tsJobWorker(data);
      const s = { out: 0, maxOut: 0, stripes: 0, allocated: 0 };
      stats.push(s);
      const post = w.postMessage.bind(w);
      w.postMessage = (m: { t?: string }, transfer?: Parameters<Worker['postMessage']>[1]) => {
        if (m?.t === 'stripe') s.maxOut = Math.max(s.maxOut, ++s.out);
        post(m, transfer);
      };
      w.on('message', (m: { t: string; allocated?: number }) => {
        if (m.t !== 'stripe') return;
        s.out--;
        s.stripes++;
        s.allocated = m.allocated!;
      });
      return w;
    };
    const inWorkers = await runExport(
      options(b.db, b.path, { formats: ['csv'], worker: counting, threads: 2, stripeRows: 64 }),
    );
    expect(inWorkers.files).toEqual(onMain.files);
    const total = stats.reduce((n, s) => n + s.stripes, 0);
    expect(total).toBeGreaterThan(150);
    const outAtOnce = stats.reduce((n, s) => n + s.maxOut, 0);
    expect(outAtOnce).toBeLessThanOrEqual(2 * 3);
    for (const s of stats) {
      expect(s.stripes).toBeGreaterThan(30);
      // One buffer per stripe here: the window's, plus the one being filled.
      expect(s.allocated).toBeLessThanOrEqual(2 * 3 + 2);
    }
  }, 120_000);

  it('cancel: nothing published, the partial folder removed, a failed run recorded', async () => {
    const src = await generatedStore();
    const c = copyOf(src);
    const controller = new AbortController();
    const opts = options(c.db, c.path, { worker: tsJobWorker, signal: controller.signal, stripeRows: 100 });
    const progress: JobProgress = { kind: 'export', startedAt: AT, phase: '', item: null, done: 0, total: null };
    const run = runExport({ ...opts, progress });
    // Cancel once rows are being written.
    const poll = setInterval(() => progress.done > 0 && controller.abort(), 0);
    const err = await run.catch((e: unknown) => e).finally(() => clearInterval(poll));
    expect(err).toBeInstanceOf(JobCancelledError);
    expect((err as JobCancelledError).code).toBe('CONFLICT');
    expect(readdirSync(opts.dir)).toEqual([]);
    const runs = listExportRuns(c.db, 5);
    expect(runs[0]).toMatchObject({ status: 'failed' });

    // The main-thread export honours the same signal.
    const aborted = new AbortController();
    aborted.abort();
    const main = options(c.db, c.path, { signal: aborted.signal, chunkBytes: 4096 });
    await expect(runExport(main)).rejects.toBeInstanceOf(JobCancelledError);
    expect(readdirSync(main.dir)).toEqual([]);
  }, 120_000);

  it('a worker that fails to start, throws or exits is a typed JobWorkerError; nothing is published', async () => {
    const src = await generatedStore();
    const c = copyOf(src);
    const makers: [string, MakeJobWorker, RegExp][] = [
      [
        'cannot start',
        () => {
          throw new Error('no bundle');
        },
        /could not start: no bundle/,
      ],
      ['throws', () => new Worker('throw new Error("boom")', { eval: true }), /boom/],
      ['exits', () => new Worker('process.exit(3)', { eval: true }), /exited with code 3/],
    ];
    for (const [what, make, message] of makers) {
      const opts = options(c.db, c.path, { worker: make });
      const err = await runExport(opts).catch((e: unknown) => e);
      expect(err, what).toBeInstanceOf(JobWorkerError);
      expect((err as JobWorkerError).code).toBe('INTERNAL');
      expect((err as JobWorkerError).details).toMatchObject({ reason: 'workerFailed', job: 'export' });
      expect((err as Error).message).toMatch(message);
      expect(readdirSync(opts.dir)).toEqual([]);
    }
  }, 120_000);
});
