import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore, type TestCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import { verifyExportFolder } from '../../src/main/core/audit/verify-export-folder';
import type { ExportManifest } from '../../src/main/core/offline/export/manifest';
import { configureExport, rewriteRecord, tempDir, truncateFrom } from './helpers';

/**
 * Head office checks a terminal's audit chain from its export folders alone: this test
 * hands `verifyExportFolder` nothing but the folder the terminal exported into.
 */
async function exportingStore(formats: ('csv' | 'jsonl')[] = ['jsonl']) {
  const { core, tokens } = await makeStaffedCore();
  const dir = tempDir('pd-ho-');
  await configureExport(core, tokens.manager, dir, formats);
  const m = await register(core, tokens.cashier, 1);
  // The owner's session survives a restore (everyone else is signed out by it).
  const activity = async (n = 2) => {
    for (let i = 0; i < n; i++) {
      await core.ok(
        'points:adjust',
        { opId: randomUUID(), memberId: m.id, points: 10, reason: 'goodwill' },
        tokens.owner,
      );
    }
  };
  const run = async (kind: 'full' | 'incremental' = 'incremental') => {
    core.clock.advance(1000);
    return core.ok('offline:exportRun', { kind }, tokens.owner);
  };
  return { core, tokens, dir, activity, run };
}

const head = (core: TestCore) => core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();

describe('head office verifies the audit chain from the export files alone', () => {
  it('exports carry the audit log incrementally, and its head in the manifest', async () => {
    const { core, activity, run } = await exportingStore();
    await activity();
    const first = await run('full');
    const m1 = JSON.parse(readFileSync(join(first.path, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(m1.audit?.from).toBeNull();
    const h1 = m1.audit!.head!;
    expect(first.rows.audit_log).toBe(h1.seq);
    await activity();
    const second = await run();
    const m2 = JSON.parse(readFileSync(join(second.path, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(m2.audit).toMatchObject({
      from: h1,
      previousExportedHead: h1,
      extendsPreviousExportedHead: true,
      check: { ok: true },
    });
    const lines = readFileSync(join(second.path, 'audit_log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].seq).toBe(h1.seq + 1); // only what is new
    expect(lines[0].prev_hash).toBe(h1.hash);
    expect(m2.audit!.head!.seq).toBe(lines[lines.length - 1].seq);
    void core;
  });

  it('a clean history verifies, in JSON Lines and in CSV', async () => {
    for (const formats of [['jsonl'], ['csv']] as const) {
      const { core, dir, activity, run } = await exportingStore([...formats]);
      await activity();
      await run('full');
      await activity();
      await run();
      await activity(1);
      await run();
      const report = verifyExportFolder(dir);
      expect(report.problems, formats[0]).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.terminals[core.terminalId].exports).toBe(3);
      // The head office knows the chain up to the last export (its own export record comes later).
      const last = readdirSync(dir).sort().pop()!;
      const manifest = JSON.parse(readFileSync(join(dir, last, 'manifest.json'), 'utf8')) as ExportManifest;
      expect(report.terminals[core.terminalId].head).toEqual(manifest.audit!.head);
    }
  });

  it('history rewritten on the terminal with its key shows at the next export', async () => {
    const { core, dir, activity, run } = await exportingStore();
    await activity();
    await run('full');
    const adjustSeq = core.db
      .prepare("SELECT min(seq) FROM audit_log WHERE action = 'points.adjusted'")
      .pluck()
      .get() as number;
    rewriteRecord(core.db, adjustSeq, { points: 99_999, reason: 'goodwill' }, 'withKey', `${core.config.dbPath}.key`);
    await activity();
    const r = await run('full');
    const report = verifyExportFolder(dir);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(new RegExp(`${r.folder}: .*no longer extends record #`));
    // The terminal said so itself, in the manifest.
    const m = JSON.parse(readFileSync(join(r.path, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(m.audit).toMatchObject({ extendsPreviousExportedHead: false, check: { ok: false } });
  });

  it('a tail cut off and written over shows', async () => {
    const { core, dir, activity, run } = await exportingStore();
    await activity(3);
    await run('full');
    const cut = (head(core) as { seq: number }).seq - 2;
    truncateFrom(core.db, cut);
    await activity();
    await run('full');
    expect(verifyExportFolder(dir).problems.join('\n')).toMatch(/no longer extends record/);
  });

  it('an owner’s restore is a note, not a problem; the rolled-back records stay in the earlier export', async () => {
    const { core, tokens, dir, activity, run } = await exportingStore();
    await activity();
    const old = await core.ok('offline:backupNow', {}, tokens.owner);
    await activity();
    await run('full');
    core.clock.advance(1000);
    await core.ok('offline:backupRestore', { name: old.name, confirm: true }, tokens.owner);
    await activity();
    await run();
    const report = verifyExportFolder(dir);
    expect(report.problems).toEqual([]);
    expect(report.notes.join('\n')).toMatch(/the owner restored a backup/);
  });

  it('a file changed after the export, or an audit record edited in it, shows', async () => {
    const { dir, activity, run } = await exportingStore();
    await activity();
    const r = await run('full');
    const path = join(r.path, 'audit_log.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('goodwill', 'goodwill, 1000 pts'));
    expect(verifyExportFolder(dir).problems.join('\n')).toMatch(/audit_log.jsonl does not match its manifest/);
  });

  it('uses nothing but the folder: no store, no key', async () => {
    const { core, dir, activity, run } = await exportingStore();
    await activity();
    await run('full');
    core.close();
    rmSync(core.dir, { recursive: true, force: true });
    expect(verifyExportFolder(dir).ok).toBe(true);
  });
});
