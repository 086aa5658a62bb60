import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeStaffedCore } from '../helpers/core';
import { IntegrityError, openCore } from '../../src/main/core/open-core';

const quiet = { error: () => {} };

/** A store whose last pages rotted on disk: the schema still reads, quick_check fails. */
async function damagedStore(): Promise<string> {
  const { core } = await makeStaffedCore();
  const dbPath = join(core.dir, 'perkdesk.sqlite');
  // Data pages at the end of the file, whatever the schema's size: the rot hits them, not
  // the schema (whose pages a growing schema may otherwise place last).
  core.db.exec('CREATE TABLE rot_filler (x BLOB); INSERT INTO rot_filler VALUES (randomblob(40000))');
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  core.close();
  const bytes = readFileSync(dbPath);
  bytes.fill(0x43, bytes.length - 3 * 4096, bytes.length);
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
