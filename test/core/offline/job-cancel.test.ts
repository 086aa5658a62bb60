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

  it('a cashier may not cancel (same role as starting an export)', async () => {
    const { core, tokens } = await configured();
    const r = await core.call('offline:jobCancel', {}, tokens.cashier);
    expect(r.ok).toBe(false);
  });
});
