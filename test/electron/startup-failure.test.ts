import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IntegrityError } from '../../src/main/core/open-core';
import { NewerDatabaseError } from '../../src/main/core/db/migrate';
import { describeStartupFailure } from '../../src/main/startup-failure';
import { DB_FILE_NAME, resolveDbPath } from '../../src/main/paths';
import { restoreLatestBackup } from '../../src/main/restore-latest-backup';

describe('describeStartupFailure', () => {
  it('a damaged store offers the backup restore', () => {
    const f = describeStartupFailure(new IntegrityError(['Tree 3 page 3 cell 0: invalid page number']), '/d/p.sqlite');
    expect(f).toMatchObject({ kind: 'integrity', offerRestore: true });
    expect(f.message).toContain('/d/p.sqlite');
    expect(f.message).toContain('invalid page number');
  });

  it('a database from a newer PerkDesk is explained, without a restore offer', () => {
    const f = describeStartupFailure(new NewerDatabaseError(9, 5), '/d/p.sqlite');
    expect(f).toMatchObject({ kind: 'newer-database', offerRestore: false });
  });

  it('a missing prebuilt engine for this platform says to reinstall (nothing to compile)', () => {
    const err = new Error(
      "Cannot find module '../prebuilds/freebsd-x64.node' imported from better-sqlite3/lib/binding.js",
    );
    const f = describeStartupFailure(err, '/d/p.sqlite');
    expect(f.kind).toBe('native-module');
    expect(f.message).toContain('npm ci');
    expect(f.message).toContain(`${process.platform}-${process.arch}`);
    expect(f.message).not.toMatch(/compile|node-gyp|electron-native/i);
  });

  it('anything else is shown as is, cut short', () => {
    const f = describeStartupFailure(new Error(`EACCES ${'x'.repeat(5000)}`), '/d/p.sqlite');
    expect(f.kind).toBe('other');
    expect(f.message.length).toBeLessThanOrEqual(600);
    expect(describeStartupFailure('a string', '/d').message).toBe('a string');
  });
});

describe('resolveDbPath', () => {
  it('defaults to the user-data folder', () => {
    expect(resolveDbPath('/home/u/.config/PerkDesk', {})).toBe(join('/home/u/.config/PerkDesk', DB_FILE_NAME));
    expect(resolveDbPath('/u', { PERKDESK_DB: '  ' })).toBe(join('/u', DB_FILE_NAME));
  });

  it('PERKDESK_DB overrides it, but only with an absolute path', () => {
    expect(resolveDbPath('/u', { PERKDESK_DB: '/srv/terminal-2/perkdesk.sqlite' })).toBe(
      '/srv/terminal-2/perkdesk.sqlite',
    );
    expect(() => resolveDbPath('/u', { PERKDESK_DB: 'data/p.sqlite' })).toThrow(/absolute/);
  });
});

describe('restoreLatestBackup', () => {
  it('with no backups, restores nothing and never asks', async () => {
    const confirm = vi.fn(async () => true);
    const r = await restoreLatestBackup({
      dbPath: '/nonexistent/p.sqlite',
      backupDir: '/nonexistent/backups',
      confirm,
    });
    expect(r).toMatchObject({ restored: false });
    expect(r.message).toMatch(/No usable backup/);
    expect(confirm).not.toHaveBeenCalled();
  });
});
