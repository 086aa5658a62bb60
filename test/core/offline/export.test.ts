import { describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { makeStaffedCore, snapshotCounts, type TestCore } from '../../helpers/core';
import { seedActivity } from './seed';
import { mountReadOnlyFolder, mountTinyFolder, skipUnlessMountable } from './fs-faults';
import { expectError, expectOk } from '../../helpers/expect-result';
import type { ExportManifest } from '../../../src/main/core/offline/export/manifest';
import { lastSuccessfulWatermark, listExportRuns } from '../../../src/main/core/offline/export/export-runs';
import { startScheduler } from '../../../src/main/core/offline/scheduler';

const exportDir = () => mkdtempSync(join(tmpdir(), 'pd-export-'));

async function configure(
  core: TestCore,
  token: string,
  dir: string,
  extra: Partial<{ exportCsvBom: boolean; exportFormats: ('csv' | 'jsonl')[] }> = {},
) {
  return core.ok(
    'offline:exportConfig',
    {
      exportDir: dir,
      exportEveryHours: 0,
      exportClosingTime: '',
      exportFormats: ['csv', 'jsonl'],
      exportCsvBom: false,
      ...extra,
    },
    token,
  );
}

function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** One successful full export, then more activity for the next (failing) one to carry. */
async function exportedOnceThenMore() {
  const { core, tokens } = await makeStaffedCore();
  await seedActivity(core, tokens, { members: 3, purchasesEach: 3 });
  await configure(core, tokens.manager, exportDir());
  await core.ok('offline:exportRun', { kind: 'full' }, tokens.manager);
  const wm = lastSuccessfulWatermark(core.db);
  await seedActivity(core, tokens, { members: 40, purchasesEach: 2, offset: 100 });
  return { core, tokens, wm };
}

/** A failed export shows in the history, the status bar and the audit log with its reason. */
async function expectFailureRecorded(core: TestCore, tokens: { manager: string; cashier: string }) {
  const hist = await core.ok('offline:exportHistory', { limit: 10 }, tokens.manager);
  expect(hist.filter((h) => h.status === 'failed').length).toBeGreaterThanOrEqual(1);
  expect(hist[0].status).toBe('failed');
  const status = await core.ok('offline:status', {}, tokens.cashier);
  expect(status.export.lastError).toBeTruthy();
  expect(
    core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'export.failed'").pluck().get(),
  ).toBeGreaterThan(0);
}

const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('export for head office', () => {
  it('full export: files, manifest with counts and sha256, totals equal to the database', async () => {
    const { core, tokens } = await makeStaffedCore();
    await seedActivity(core, tokens, { members: 3, purchasesEach: 2 });
    const dir = exportDir();
    await configure(core, tokens.manager, dir);
    const r = await core.ok('offline:exportRun', { kind: 'full' }, tokens.manager);
    expect(readdirSync(dir)).toEqual([r.folder]); // no partial folder left
    expect(r.folder).toContain(core.terminalId);
    const manifest = JSON.parse(readFileSync(join(r.path, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.terminalId).toBe(core.terminalId);
    expect(manifest.kind).toBe('full');
    expect(manifest.files).toHaveLength(8 * 2); // 7 datasets + the audit log
    for (const f of manifest.files) {
      const bytes = readFileSync(join(r.path, f.path));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
    }
    const ledger = readCsv(join(r.path, 'ledger.csv'));
    const dbLedger = core.db.prepare('SELECT count(*) n, sum(points) s FROM points_ledger').get() as {
      n: number;
      s: number;
    };
    expect(ledger.length).toBe(dbLedger.n);
    expect(ledger.reduce((s, row) => s + Number(row.points), 0)).toBe(dbLedger.s);
    expect(manifest.files.find((f) => f.path === 'ledger.csv')!.rows).toBe(dbLedger.n);
    const jsonl = readJsonl(join(r.path, 'ledger.jsonl'));
    expect(jsonl.reduce((s, row) => s + (row.points as number), 0)).toBe(dbLedger.s);
    const purchases = readCsv(join(r.path, 'purchases.csv'));
    const spend = core.db.prepare('SELECT sum(paid_minor) FROM points_purchases').pluck().get() as number;
    expect(purchases.reduce((s, p) => s + Number(p.paid_minor), 0)).toBe(spend);
    expect(readCsv(join(r.path, 'purchase_lines.csv')).length).toBe(6);
    expect(readCsv(join(r.path, 'redemptions.csv')).length).toBe(1);
    // No secrets leave the terminal.
    const members = readFileSync(join(r.path, 'members.csv'), 'utf8');
    expect(members.split('\r\n')[0]).not.toMatch(/pin/i);
    // Recorded, audited, watermark set.
    const hist = await core.ok('offline:exportHistory', { limit: 5 }, tokens.manager);
    expect(hist[0]).toMatchObject({ status: 'ok', kind: 'full', folder: r.folder });
    expect(lastSuccessfulWatermark(core.db)!.rowids.ledger).toBe(dbLedger.n);
  });

  it('incremental: only rows since the last successful export; stable ids merge without double counting', async () => {
    const { core, tokens } = await makeStaffedCore();
    await seedActivity(core, tokens, { members: 2, purchasesEach: 1 });
    const dir = exportDir();
    await configure(core, tokens.manager, dir, { exportFormats: ['csv'] });
    const first = await core.ok('offline:exportRun', { kind: 'incremental' }, tokens.manager);
    core.clock.advance(1000);
    await seedActivity(core, tokens, { members: 1, purchasesEach: 3, offset: 10 });
    core.clock.advance(1000);
    const second = await core.ok('offline:exportRun', { kind: 'incremental' }, tokens.manager);
    const a = readCsv(join(first.path, 'ledger.csv'));
    const b = readCsv(join(second.path, 'ledger.csv'));
    expect(b.length).toBe(4); // 3 earns + 1 redeem
    const merged = new Map([...a, ...b].map((row) => [row.id, row]));
    const total = core.db.prepare('SELECT count(*) n, sum(points) s FROM points_ledger').get() as {
      n: number;
      s: number;
    };
    expect(merged.size).toBe(total.n);
    expect([...merged.values()].reduce((s, row) => s + Number(row.points), 0)).toBe(total.s);
    // Purchases are selected by time with a safety overlap: repeats allowed, merged by id.
    const purchases = new Map(
      [...readCsv(join(first.path, 'purchases.csv')), ...readCsv(join(second.path, 'purchases.csv'))].map((p) => [
        p.id,
        p,
      ]),
    );
    expect(purchases.size).toBe(core.db.prepare('SELECT count(*) FROM points_purchases').pluck().get());
    // Members changed since the first snapshot: only the new one (>= may repeat, never miss).
    expect(readCsv(join(second.path, 'members.csv')).map((m) => m.name)).toContain('Member 10');
    // Nothing new: an incremental export writes empty (header-only) ledger files.
    core.clock.advance(1000);
    const third = await core.ok('offline:exportRun', { kind: 'incremental' }, tokens.manager);
    expect(third.rows.ledger).toBe(0);
    expect(readFileSync(join(third.path, 'ledger.csv'), 'utf8')).toBe(
      'id,member_id,kind,points,balance_after,op_id,terminal_id,staff_id,rule_version,ref_id,reason,explanation,created_at\r\n',
    );
    // A full export on demand writes everything again.
    const full = await core.ok('offline:exportRun', { kind: 'full' }, tokens.manager);
    expect(full.rows.ledger).toBe(total.n);
  });

  it('escapes formula-looking cells and writes RFC 4180 quoting; optional BOM', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.ok(
      'members:register',
      { name: '=HYPERLINK("http://x","y"), "quoted"', phone: '13800138000' },
      tokens.cashier,
    );
    await core.ok(
      'points:adjust',
      { opId: randomUUID(), memberId: m.id, points: 50, reason: '+1 goodwill, "sorry"' },
      tokens.manager,
    );
    await core.ok(
      'points:adjust',
      { opId: randomUUID(), memberId: m.id, points: -20, reason: '@admin correction' },
      tokens.manager,
    );
    const dir = exportDir();
    await configure(core, tokens.manager, dir, { exportCsvBom: true, exportFormats: ['csv', 'jsonl'] });
    const r = await core.ok('offline:exportRun', { kind: 'full' }, tokens.manager);
    const raw = readFileSync(join(r.path, 'members.csv'));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const members = readCsv(join(r.path, 'members.csv'));
    expect(members[0].name).toBe('\'=HYPERLINK("http://x","y"), "quoted"');
    const ledger = readCsv(join(r.path, 'ledger.csv'));
    expect(ledger.map((l) => l.reason).sort()).toEqual(['\'+1 goodwill, "sorry"', "'@admin correction"]);
    // Negative numbers are numbers, not formulas.
    expect(ledger.map((l) => l.points).sort()).toEqual(['-20', '50']);
    // JSON Lines keep the original text (no spreadsheet reads them).
    expect(readJsonl(join(r.path, 'members.jsonl'))[0].name).toBe('=HYPERLINK("http://x","y"), "quoted"');
    expect(readJsonl(join(r.path, 'members.jsonl'))[0].active).toBe(true);
  });

  it('exportConfig refuses a missing folder, a file, a relative path; bad input writes nothing', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const base = { exportEveryHours: 0, exportClosingTime: '', exportFormats: ['csv'], exportCsvBom: false };
    const missing = await core.call(
      'offline:exportConfig',
      { ...base, exportDir: '/nonexistent/perkdesk' } as never,
      tokens.manager,
    );
    expectError(missing, 'CONFLICT');
    if (!missing.ok) expect(missing.error.message).toMatch(/does not exist/);
    const bad: unknown[] = [
      { ...base, exportDir: 'relative/path' },
      { ...base, exportDir: '' },
      { ...base, exportDir: '/tmp/' + 'x'.repeat(100_000) },
      { ...base, exportDir: '/tmp/a\u0000b' },
      { ...base, exportDir: '/tmp', exportEveryHours: -1 },
      { ...base, exportDir: '/tmp', exportEveryHours: 1.5 },
      { ...base, exportDir: '/tmp', exportEveryHours: Number.NaN },
      { ...base, exportDir: '/tmp', exportEveryHours: 1e9 },
      { ...base, exportDir: '/tmp', exportClosingTime: '25:00' },
      { ...base, exportDir: '/tmp', exportClosingTime: "22:00'; DROP TABLE settings;--" },
      { ...base, exportDir: '/tmp', exportFormats: [] },
      { ...base, exportDir: '/tmp', exportFormats: ['csv', 'csv'] },
      { ...base, exportDir: '/tmp', exportFormats: ['xlsx'] },
      { ...base, exportDir: '/tmp', exportCsvBom: 'yes' },
      { ...base, exportDir: '/tmp', extra: 1 },
      { exportDir: '/tmp' },
    ];
    for (const input of bad) {
      const res = await core.call('offline:exportConfig', input as never, tokens.manager);
      expectError(res, 'VALIDATION', undefined, JSON.stringify(input).slice(0, 80));
    }
    const cashier = await core.call('offline:exportConfig', { ...base, exportDir: '/tmp' } as never, tokens.cashier);
    expectError(cashier, 'FORBIDDEN');
    for (const input of [{ kind: 'everything' }, {}, { kind: 'full', x: 1 }, null]) {
      const res = await core.call('offline:exportRun', input as never, tokens.manager);
      expectError(res, 'VALIDATION');
    }
    for (const input of [{ limit: 0 }, { limit: 201 }, { limit: -1 }, { limit: 'a' }, { limit: 2.5 }]) {
      const res = await core.call('offline:exportHistory', input as never, tokens.manager);
      expectError(res, 'VALIDATION');
    }
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    expect(after.export_runs).toBe(0);
  });

  it('a folder that disappeared: clear error, watermark unchanged, the failure recorded', async () => {
    const { core, tokens, wm } = await exportedOnceThenMore();
    const gone = exportDir();
    await configure(core, tokens.manager, gone);
    rmSync(gone, { recursive: true });
    const r1 = await core.call('offline:exportRun', { kind: 'incremental' }, tokens.manager);
    expectError(r1, 'CONFLICT', { fsCode: 'ENOENT' });
    expect(lastSuccessfulWatermark(core.db)).toEqual(wm);
    await expectFailureRecorded(core, tokens);
  });

  it('a folder that is read-only or fills up: clear error, no partial folder, watermark unchanged', async (ctx) => {
    skipUnlessMountable(ctx);
    const { core, tokens, wm } = await exportedOnceThenMore();
    const faults = [
      [mountReadOnlyFolder, /EROFS|EACCES/, /read-only/],
      [mountTinyFolder, /ENOSPC/, /full/],
    ] as const;
    for (const [mount, code, message] of faults) {
      const m = mount();
      try {
        core.db.prepare("UPDATE settings SET value = ? WHERE key = 'exportDir'").run(JSON.stringify(m.path));
        const { invalidateSettingsCache } = await import('../../../src/main/core/settings/settings-store');
        invalidateSettingsCache(core.db);
        const r = await core.call('offline:exportRun', { kind: 'incremental' }, tokens.manager);
        expectError(r, 'CONFLICT');
        expect(String(r.error.details?.fsCode)).toMatch(code);
        expect(r.error.message).toMatch(message);
        expect(readdirSync(m.path)).toEqual([]);
        expect(lastSuccessfulWatermark(core.db)).toEqual(wm);
      } finally {
        m.unmount();
      }
    }
    await expectFailureRecorded(core, tokens);
  });

  it('runs without blocking the counter: other calls are served mid-export; a second export is refused', async () => {
    const { core, tokens } = await makeStaffedCore();
    const seeded = await seedActivity(core, tokens, { members: 2, purchasesEach: 1 });
    // Bulk ledger rows straight into the table (append-only allows INSERT) to make the export take a while.
    const ins = core.db.prepare(
      `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, facts, created_at)
       VALUES (?, ?, 'adjust', 0, 0, ?, ?, '{"schemaVersion":1,"kind":"legacy","entry":"adjust","points":0}', ?)`,
    );
    core.db.transaction(() => {
      for (let i = 0; i < 60_000; i++) ins.run(randomUUID(), seeded.memberIds[0], randomUUID(), core.terminalId, i);
    })();
    const dir = exportDir();
    await configure(core, tokens.manager, dir, { exportFormats: ['csv'] });
    const running = core.call('offline:exportRun', { kind: 'full' }, tokens.manager);
    await new Promise((r) => setImmediate(r));
    const mid = await core.call('members:search', { query: 'Member' }, tokens.cashier);
    expect(mid.ok).toBe(true);
    const status = await core.ok('offline:status', {}, tokens.cashier);
    expect(status.job?.kind).toBe('export');
    const second = await core.call('offline:exportRun', { kind: 'full' }, tokens.manager);
    expectError(second, 'CONFLICT');
    const done = await running;
    expectOk(done);
    expect(done.value.rows.ledger).toBe(60_000 + 3);
    expect((await core.ok('offline:status', {}, tokens.cashier)).job).toBeNull();
  });

  it('the scheduler runs a due backup, then a due export, and nothing when nothing is due', async () => {
    const { core, tokens } = await makeStaffedCore();
    const dir = exportDir();
    await core.ok(
      'offline:exportConfig',
      { exportDir: dir, exportEveryHours: 4, exportClosingTime: '', exportFormats: ['csv'], exportCsvBom: false },
      tokens.manager,
    );
    const s = startScheduler(core, { intervalMs: 3_600_000, offsetMinutes: () => 480 });
    try {
      expect(await s.tick()).toBe('backup');
      expect(await s.tick()).toBe('export');
      expect(await s.tick()).toBeNull();
      core.clock.advance(4 * 3_600_000);
      expect(await s.tick()).toBe('export');
      core.clock.advance(20 * 3_600_000);
      expect(await s.tick()).toBe('backup');
    } finally {
      s.stop();
    }
    const hist = listExportRuns(core.db, 10); // the session idled out during the simulated day
    expect(hist.map((h) => h.trigger)).toEqual(['schedule', 'schedule']);
    expect(existsSync(join(dir, hist[0].folder!, 'manifest.json'))).toBe(true);
  });
});
