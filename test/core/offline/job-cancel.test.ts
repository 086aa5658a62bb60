import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStaffedCore } from '../../helpers/core';
import { seedActivity } from './seed';
import { listExportRuns } from '../../../src/main/core/offline/export/export-runs';

// The Cancel button's channel: stops a running export, is harmless before/after/twice.
describe('offline:jobCancel', () => {
  async function configured() {
    const { core, tokens } = await makeStaffedCore();
    await seedActivity(core, tokens, { members: 60, purchasesEach: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'pd-cancel-'));
    await core.ok(
      'offline:exportConfig',
      {
        exportDir: dir,
        exportEveryHours: 0,
        exportClosingTime: '',
        exportFormats: ['csv', 'jsonl'],
        exportCsvBom: false,
      },
      tokens.manager,
    );
    return { core, tokens, dir };
  }

  it('with nothing running, or after the export finished, stops nothing and records nothing', async () => {
    const { core, tokens } = await configured();
    expect(await core.ok('offline:jobCancel', {}, tokens.manager)).toMatchObject({ cancelled: false, kind: null });
    await core.ok('offline:exportRun', { kind: 'full' }, tokens.manager);
    expect(await core.ok('offline:jobCancel', {}, tokens.manager)).toMatchObject({ cancelled: false });
    const rows = core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'job.cancelRequested'`).get() as {
      n: number;
    };
    expect(rows.n).toBe(0);
  });

  it('mid-way leaves no partial export folder, records the run failed, and a second press is harmless', async () => {
    const { core, tokens, dir } = await configured();
    const before = readdirSync(dir);
    const run = core.call('offline:exportRun', { kind: 'full' }, tokens.manager);
    // Let the job start (it yields between chunks), then press Cancel twice.
    await new Promise((r) => setImmediate(r));
    const first = await core.ok('offline:jobCancel', {}, tokens.manager);
    const second = await core.ok('offline:jobCancel', {}, tokens.manager);
    expect(first).toMatchObject({ cancelled: true, kind: 'export' });
    expect(second).toMatchObject({ cancelled: false });
    const result = await run;
    expect(result.ok).toBe(false);
    // No new folder, no temp folder left behind.
    expect(readdirSync(dir)).toEqual(before);
    expect(existsSync(dir)).toBe(true);
    const runs = listExportRuns(core.db, 5);
    expect(runs[0]?.status).toBe('failed');
    const audits = core.db
      .prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'job.cancelRequested'`)
      .get() as { n: number };
    expect(audits.n).toBe(1);
  });

  /** A step hold like the test host's: the job waits after its first step until cancelled. */
  const holdUntilCancel = (signal: AbortSignal) =>
    new Promise<void>((go) => (signal.aborted ? go() : signal.addEventListener('abort', () => go(), { once: true })));
  const csvOf = (rows: number) =>
    Buffer.from(
      [
        'name,phone',
        ...Array.from({ length: rows }, (_, i) => `Cancel ${i},1390013${String(i).padStart(4, '0')}`),
      ].join('\n'),
    ).toString('base64');
  const count = (core: { db: { prepare(sql: string): { pluck(): { get(): unknown } } } }, sql: string) =>
    core.db.prepare(sql).pluck().get() as number;

  it('an import (main thread) cancelled mid-way keeps whole chunks and says how many, audited', async () => {
    const { core, tokens } = await makeStaffedCore({ holdJobStep: holdUntilCancel });
    const before = count(core, 'SELECT count(*) FROM members');
    const run = core.call('offline:import', { fileBase64: csvOf(3000), encoding: 'utf-8' }, tokens.manager);
    // Held after its first chunk: the progress has rows done and the job is still running.
    let status = await core.ok('offline:status', {}, tokens.manager);
    while (!status.job || status.job.done === 0) {
      await new Promise((r) => setTimeout(r, 5));
      status = await core.ok('offline:status', {}, tokens.manager);
    }
    expect(status.job).toMatchObject({ kind: 'import', total: 3000 });
    const cancel = await core.ok('offline:jobCancel', {}, tokens.manager);
    expect(cancel).toMatchObject({ cancelled: true, kind: 'import', total: 3000 });
    const r = await run;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const created = count(core, 'SELECT count(*) FROM members') - before;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(3000);
    expect(r.error).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'cancelled', job: 'import', created, done: created, total: 3000 },
    });
    expect(count(core, `SELECT count(*) FROM audit_log WHERE action = 'job.cancelRequested'`)).toBe(1);
    const imported = core.db
      .prepare(`SELECT details FROM audit_log WHERE action = 'members.imported'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(imported)).toMatchObject({ created, cancelledAfterRows: created });
  });

  it('a dry run (main thread) cancelled mid-way says nothing was changed', async () => {
    const { core, tokens } = await makeStaffedCore({ holdJobStep: holdUntilCancel });
    const run = core.call('offline:importDryRun', { fileBase64: csvOf(3000), encoding: 'utf-8' }, tokens.manager);
    while (!(await core.ok('offline:status', {}, tokens.manager)).job) await new Promise((r) => setTimeout(r, 5));
    expect(await core.ok('offline:jobCancel', {}, tokens.manager)).toMatchObject({ cancelled: true });
    const r = await run;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.details).toEqual({ reason: 'cancelled', job: 'import' });
    expect(count(core, 'SELECT count(*) FROM members')).toBe(0);
  });

  it('a cashier may not cancel (same role as starting an export)', async () => {
    const { core, tokens } = await configured();
    const r = await core.call('offline:jobCancel', {}, tokens.cashier);
    expect(r.ok).toBe(false);
  });
});
