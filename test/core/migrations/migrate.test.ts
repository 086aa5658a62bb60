import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { latestVersion, migrate, NewerDatabaseError, schemaVersion } from '../../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../../src/main/core/db/migrations';
import { openCore } from '../../../src/main/core/open-core';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'pd-migrate-')), 'perkdesk.sqlite');

describe('migrations', () => {
  it('are numbered 1..N with no gaps, one file each', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.name).toMatch(new RegExp(`^${String(m.version).padStart(3, '0')}-`));
  });

  it('set the pragmas every connection needs', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuse a database written by a newer version, with a clear message', () => {
    const path = tempDb();
    const db = openDatabase(path);
    migrate(db);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    expect(() => openCore({ dbPath: path, log: { error: () => {} } })).toThrow(NewerDatabaseError);
    expect(() => openCore({ dbPath: path, log: { error: () => {} } })).toThrow(/newer PerkDesk/);
  });

  it('back up an existing database before migrating it', () => {
    expect(MIGRATIONS.length, 'needs a step after 1 to migrate over').toBeGreaterThanOrEqual(2);
    const path = tempDb();
    const db = openDatabase(path);
    migrate(db, { to: 1 });
    db.close();
    const core = openCore({ dbPath: path, log: { error: () => {} } });
    expect(core.startup.preMigrationBackup).not.toBeNull();
    expect(existsSync(core.startup.preMigrationBackup!)).toBe(true);
    const backup = openDatabase(core.startup.preMigrationBackup!, { readonly: true });
    expect(schemaVersion(backup)).toBe(1);
    backup.close();
    core.close();
  });

  it('take no backup on a fresh database', () => {
    const path = tempDb();
    const core = openCore({ dbPath: path, log: { error: () => {} } });
    expect(core.startup.preMigrationBackup).toBeNull();
    expect(existsSync(join(path, '..', 'backups')) ? readdirSync(join(path, '..', 'backups')) : []).toEqual([]);
    core.close();
  });
});
