import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { existsSync, readdirSync, writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCore, makeStaffedCore, snapshotCounts, MANAGER } from '../../helpers/core';
import { listBackups } from '../../../src/main/core/offline/backup/backup-files';
import {
  findLatestGoodBackup,
  restoreBackupFileBeforeOpen,
} from '../../../src/main/core/offline/backup/startup-recovery';
import { IntegrityError, openCore } from '../../../src/main/core/open-core';
import { mountReadOnlyFolder, mountTinyFolder, skipUnlessMountable } from './fs-faults';

const staffNames = (core: { db: import('better-sqlite3').Database }) =>
  (core.db.prepare('SELECT username FROM staff ORDER BY username').pluck().all() as string[]).join(',');

describe('backups', () => {
  it('backupNow writes a verified, self-contained copy with a sidecar and audits it', async () => {
    const { core, tokens } = await makeStaffedCore();
    const b = await core.ok('offline:backupNow', {}, tokens.manager);
    expect(b.verified).toBe(true);
    expect(b.trigger).toBe('manual');
    expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
    const files = readdirSync(core.config.backupDir);
    expect(files).toContain(b.name);
    expect(files).toContain(`${b.name}.json`);
    // One file: no -wal/-shm/-journal next to it, no partial left over.
    expect(files.filter((f) => f.startsWith('.partial') || /-(wal|shm|journal)$/.test(f))).toEqual([]);
    const list = await core.ok('offline:backupList', {}, tokens.manager);
    expect(list.map((x) => x.name)).toEqual([b.name]);
    const audit = core.db.prepare("SELECT target FROM audit_log WHERE action = 'backup.created'").pluck().all();
    expect(audit).toEqual([b.name]);
  });

  it('is refused to cashiers and to bad input, writing nothing', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const r = await core.call('offline:backupNow', {}, tokens.cashier);
    expectError(r, 'FORBIDDEN');
    for (const bad of [{ extra: 1 }, null, 'x', [], { dir: '/tmp' }]) {
      const res = await core.call('offline:backupNow', bad as never, tokens.manager);
      expectError(res, 'VALIDATION');
    }
    const { audit_log: _a, ...rest } = snapshotCounts(core);
    const { audit_log: _b, ...restBefore } = before;
    expect(rest).toEqual(restBefore); // only the denial audit record was added
    expect(listBackups(core.config.backupDir)).toEqual([]);
  });

  it('restore (owner) brings back the data as at the backup, after a safety backup', async () => {
    const { core, tokens } = await makeStaffedCore();
    const b = await core.ok('offline:backupNow', {}, tokens.owner);
    core.clock.advance(60_000);
    await core.ok(
      'staff:create',
      { username: 'late', displayName: 'Late Hire', password: 'another long secret', role: 'cashier' },
      tokens.owner,
    );
    expect(staffNames(core)).toBe('cathy,late,manny,owner');

    const out = await core.ok('offline:backupRestore', { name: b.name, confirm: true }, tokens.owner);
    expect(out.restoredFrom).toBe(b.name);
    expect(out.stillSignedIn).toBe(true);
    expect(staffNames(core)).toBe('cathy,manny,owner');
    // The safety copy holds the state just before the restore (with "late").
    const safety = listBackups(core.config.backupDir).find((x) => x.name === out.safetyBackup)!;
    expect(safety.trigger).toBe('pre-restore');
    const Database = (await import('better-sqlite3')).default;
    const s = new Database(safety.path, { readonly: true });
    expect(s.prepare("SELECT count(*) FROM staff WHERE username = 'late'").pluck().get()).toBe(1);
    s.close();
    // Other sessions end; the owner carries on and the restore is in the audit chain.
    expectError(await core.call('staff:list', {}, tokens.manager), 'UNAUTHENTICATED');
    await core.ok('auth:signIn', { username: MANAGER.username, password: MANAGER.password });
    expect((await core.ok('audit:verify', {}, tokens.owner)).ok).toBe(true);
    const actions = core.db.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all();
    expect(actions).toContain('backup.restored');
    // Survives a reopen (the restored content is on disk, not only in the connection).
    const again = core.reopen();
    expect(staffNames(again)).toBe('cathy,manny,owner');
  });

  it('restore is owner-only and refuses unknown, traversal-looking or unconfirmed names', async () => {
    const { core, tokens } = await makeStaffedCore();
    const b = await core.ok('offline:backupNow', {}, tokens.owner);
    const before = snapshotCounts(core);
    const forbidden = await core.call('offline:backupRestore', { name: b.name, confirm: true }, tokens.manager);
    expectError(forbidden, 'FORBIDDEN');
    const bad: unknown[] = [
      { name: '../perkdesk.sqlite', confirm: true },
      { name: '/etc/passwd', confirm: true },
      { name: b.name, confirm: false },
      { name: b.name },
      { name: b.name, confirm: true, path: '/tmp/x' },
      { name: "perkdesk-manual-20260101T000000000Z.sqlite'; DROP TABLE staff;--", confirm: true },
      { name: 'x'.repeat(100_000), confirm: true },
      { name: 42, confirm: true },
    ];
    for (const input of bad) {
      const r = await core.call('offline:backupRestore', input as never, tokens.owner);
      expectError(r, 'VALIDATION');
    }
    const missing = await core.call(
      'offline:backupRestore',
      { name: 'perkdesk-manual-20200101T000000000Z.sqlite', confirm: true },
      tokens.owner,
    );
    expectError(missing, 'NOT_FOUND');
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('refuses to restore a damaged backup and leaves the data alone', async () => {
    const { core, tokens } = await makeStaffedCore();
    const b = await core.ok('offline:backupNow', {}, tokens.owner);
    const path = join(core.config.backupDir, b.name);
    const bytes = readFileSync(path);
    bytes.fill(0x41, 4096, 8192); // scribble over page 2
    writeFileSync(path, bytes);
    const r = await core.call('offline:backupRestore', { name: b.name, confirm: true }, tokens.owner);
    expectError(r, 'CONFLICT');
    expect(staffNames(core)).toBe('cathy,manny,owner');
  });

  it('a failed backup (read-only or full folder) leaves no partial file and says why', async (ctx) => {
    skipUnlessMountable(ctx);
    for (const [mount, code] of [
      [mountReadOnlyFolder, 'EACCES|EROFS'],
      [mountTinyFolder, 'ENOSPC'],
    ] as const) {
      const m = mount();
      try {
        const core = makeCore({ backupDir: m.path });
        await core.ok('auth:setupOwner', { username: 'owner', displayName: 'O', password: 'correct horse battery' });
        const token = (await core.ok('auth:signIn', { username: 'owner', password: 'correct horse battery' })).token;
        // Make the database big enough not to fit into 64 KiB.
        core.db.exec('CREATE TEMP TABLE x(y)'); // temp: not part of the copy
        for (let i = 0; i < 40; i++) {
          await core.ok(
            'staff:create',
            { username: `s${i}`, displayName: 'x'.repeat(79), password: 'long enough pass', role: 'cashier' },
            token,
          );
        }
        const r = await core.call('offline:backupNow', {}, token);
        expectError(r, 'CONFLICT');
        expect(String(r.error.details?.fsCode)).toMatch(new RegExp(code));
        expect(readdirSync(m.path)).toEqual([]);
      } finally {
        m.unmount();
      }
    }
  });
});

describe('start-up recovery', () => {
  it('finds the newest backup that still passes its check and restores it before opening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-recover-'));
    const dbPath = join(dir, 'perkdesk.sqlite');
    const { core, tokens } = await makeStaffedCore({ dir });
    const older = await core.ok('offline:backupNow', {}, tokens.owner);
    core.clock.advance(60_000);
    const newer = await core.ok('offline:backupNow', {}, tokens.owner);
    core.close();
    // The newest backup rotted on disk; the live database is damaged too.
    const nb = readFileSync(join(dir, 'backups', newer.name));
    nb.fill(0x42, 4096, 12288);
    writeFileSync(join(dir, 'backups', newer.name), nb);
    const live = readFileSync(dbPath);
    live.fill(0x43, live.length - 3 * 4096, live.length); // the last pages: schema still readable
    writeFileSync(dbPath, live);
    expect(() => openCore({ dbPath, log: { error: () => {} } })).toThrow(IntegrityError);

    const good = await findLatestGoodBackup(join(dir, 'backups'));
    expect(good?.name).toBe(older.name);
    const damaged = restoreBackupFileBeforeOpen(dbPath, good!.path, Date.UTC(2026, 10, 25, 12));
    expect(existsSync(damaged)).toBe(true);
    const reopened = openCore({ dbPath, log: { error: () => {} } });
    expect(staffNames(reopened)).toBe('cathy,manny,owner');
    reopened.close();
  });

  it('finds nothing in a missing or empty folder', async () => {
    expect(await findLatestGoodBackup(join(tmpdir(), 'pd-nope-' + Date.now()))).toBeNull();
    expect(await findLatestGoodBackup(mkdtempSync(join(tmpdir(), 'pd-empty-')))).toBeNull();
  });
});
