import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeStaffedCore } from '../helpers/core';
import { IntegrityError, openCore } from '../../src/main/core/open-core';

const quiet = { error: () => {} };

/**
 * A store whose last pages rotted on disk: the schema still reads, quick_check fails.
 * The schema's own pages are skipped: a migration can leave one of them near the end of
 * the file (sqlite_schema grows a page when a migration adds objects), and a store whose
 * schema cannot be read is the other test's case.
 */
async function damagedStore(): Promise<string> {
  const { core } = await makeStaffedCore();
  const dbPath = join(core.dir, 'perkdesk.sqlite');
  // Data pages at the end of the file, whatever the schema's size: the rot hits them, not
  // the schema (whose pages a growing schema may otherwise place last).
  core.db.exec('CREATE TABLE rot_filler (x BLOB); INSERT INTO rot_filler VALUES (randomblob(40000))');
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = core.db
    .prepare("SELECT pageno FROM dbstat WHERE name <> 'sqlite_schema' ORDER BY pageno DESC LIMIT 3")
    .pluck()
    .all() as number[];
  core.close();
  const bytes = readFileSync(dbPath);
  for (const p of pages) bytes.fill(0x43, (p - 1) * 4096, p * 4096);
  writeFileSync(dbPath, bytes);
  return dbPath;
}

describe('start-up integrity check', () => {
  it('refuses a small damaged store before serving anything', async () => {
    const dbPath = await damagedStore();
    expect(() => openCore({ dbPath, log: quiet })).toThrow(IntegrityError);
  });

  it('checks a large store in the background: the counter opens at once, damage is reported', async () => {
    const dbPath = await damagedStore();
    const core = openCore({ dbPath, log: quiet, syncIntegrityCheckMaxBytes: 0 });
    try {
      expect((await core.dispatch('auth:status', {})).ok).toBe(true);
      const problems = await core.integrity;
      expect(problems.length).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  });

  it('reports no problems for a healthy large store', async () => {
    const { core } = await makeStaffedCore();
    const dbPath = join(core.dir, 'perkdesk.sqlite');
    core.close();
    const again = openCore({ dbPath, log: quiet, syncIntegrityCheckMaxBytes: 0 });
    try {
      expect(await again.integrity).toEqual([]);
    } finally {
      again.close();
    }
  });
});
