import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeStaffedCore } from '../../helpers/core';
import { createBackup } from '../../../src/main/core/offline/backup/create-backup';
import { startupIntegrityCheck } from '../../../src/main/core/checks/startup-integrity';

/**
 * The large store's start-up check (checks/startup-integrity.ts): on the latest verified
 * backup when it is recent, never a long read snapshot on the live file; on the live file
 * table by table otherwise, or when the copy itself is damaged.
 */
async function storeWithBackup() {
  const { core } = await makeStaffedCore();
  core.db.exec(
    'CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO filler SELECT randomblob(3000) FROM n',
  );
  const backup = await createBackup(core.db, { dir: core.config.backupDir, trigger: 'manual', now: core.config.now() });
  const opts = {
    dbPath: join(core.dir, 'perkdesk.sqlite'),
    backupDir: core.config.backupDir,
    terminalId: core.terminalId,
    now: core.config.now(),
  };
  return { core, backup, opts };
}

describe('start-up integrity check of a large store', () => {
  it('checks the recent verified backup, not the live file', async () => {
    const { backup, opts } = await storeWithBackup();
    const r = await startupIntegrityCheck(opts);
    expect(r).toEqual({ problems: [], checked: { kind: 'backup', path: backup.path }, backupProblems: [] });
  });

  it('checks the live file table by table when the backup is too old or there is none', async () => {
    const { core, opts } = await storeWithBackup();
    expect((await startupIntegrityCheck({ ...opts, now: opts.now + 27 * 3_600_000 })).checked.kind).toBe('live');
    expect((await startupIntegrityCheck({ ...opts, maxAgeMs: 0, now: opts.now + 1 })).checked).toEqual({
      kind: 'live',
      path: opts.dbPath,
    });
    expect((await startupIntegrityCheck({ ...opts, backupDir: join(core.dir, 'none') })).checked.kind).toBe('live');
  });

  it('a damaged backup copy is reported as such, and the live file is checked instead', async () => {
    const { backup, opts } = await storeWithBackup();
    const bytes = readFileSync(backup.path);
    bytes.fill(0x43, bytes.length - 3 * 4096, bytes.length);
    writeFileSync(backup.path, bytes);
    const r = await startupIntegrityCheck(opts);
    expect(r.checked).toEqual({ kind: 'live', path: opts.dbPath });
    expect(r.problems).toEqual([]);
    expect(r.backupProblems.length).toBeGreaterThan(0);
    expect(r.backupProblems[0]).toMatch(/^backup perkdesk-/);
  });
});
