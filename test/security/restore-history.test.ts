import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore, makeStaffedCore, MANAGER, type TestCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import { listBackups } from '../../src/main/core/offline/backup/backup-files';
import { restoreBackupFileBeforeOpen } from '../../src/main/core/offline/backup/startup-recovery';

/**
 * Findings: restoring an old backup four times and then making one backup rotated away
 * the last copy holding the original records; and (deliverable 7) an erasure made after
 * a backup must be re-applied when that backup is restored.
 */
const backupsWith = (core: TestCore, sql: string) =>
  listBackups(core.config.backupDir).filter((b) => {
    const db = new Database(b.path, { readonly: true });
    try {
      return (db.prepare(sql).pluck().get() as number) > 0;
    } finally {
      db.close();
    }
  });

describe('restores never lose history', () => {
  it('four restores of an old backup and one more backup keep the last copy of the original records', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('settings:update', { backupKeepDaily: 1, backupKeepWeekly: 0 }, tokens.owner);
    const old = await core.ok('offline:backupNow', {}, tokens.owner);
    core.clock.advance(60_000);
    // The original records, which only the live store holds so far.
    await core.ok(
      'staff:create',
      { username: 'original', displayName: 'Original', password: 'long enough pass', role: 'cashier' },
      tokens.owner,
    );
    const originalSql = "SELECT count(*) FROM staff WHERE username = 'original'";
    for (let i = 0; i < 4; i++) {
      core.clock.advance(60_000);
      await core.ok('offline:backupRestore', { name: old.name, confirm: true }, tokens.owner);
    }
    core.clock.advance(60_000);
    await core.ok('offline:backupNow', {}, tokens.owner);
    const holders = backupsWith(core, originalSql);
    expect(holders.map((b) => b.trigger)).toEqual(['pre-restore']);
    // ... and an ordinary old backup whose records the live chain has is still rotated by the policy.
    expect(listBackups(core.config.backupDir).length).toBeLessThan(7);
  });

  it('an erasure made after a backup is re-applied when that backup is restored (in the app)', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 7, { birthday: '1970-01-01' });
    const b = await core.ok('offline:backupNow', {}, tokens.owner);
    core.clock.advance(60_000);
    await core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager);
    await core.ok('offline:backupRestore', { name: b.name, confirm: true }, tokens.owner);
    const row = core.db.prepare('SELECT name, phone, email, birthday, erased_at FROM members WHERE id = ?').get(m.id);
    expect(row).toMatchObject({ name: null, phone: null, email: null, birthday: null });
    expect(
      core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'members.erasureReapplied'").pluck().get(),
    ).toBe(1);
    const manager = (await core.ok('auth:signIn', { username: MANAGER.username, password: MANAGER.password })).token;
    expect(await core.ok('members:get', { memberId: m.id }, manager)).toMatchObject({ erased: true, name: null });
  });

  it('... and when the backup is put in place before the core opens (start-up recovery)', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 8);
    const b = await core.ok('offline:backupNow', {}, tokens.owner);
    core.clock.advance(60_000);
    await core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager);
    core.close();
    restoreBackupFileBeforeOpen(core.config.dbPath, join(core.config.backupDir, b.name), core.clock.now());
    const again = makeCore({ dir: core.dir, clock: core.clock });
    expect(again.db.prepare('SELECT name FROM members WHERE id = ?').pluck().get(m.id)).toBeNull();
    expect(existsSync(`${core.config.dbPath}.erasures.jsonl`)).toBe(true);
  });

  it('the erasure log is rebuilt from the store when it is missing', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 9);
    await core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager);
    core.close();
    rmSync(`${core.config.dbPath}.erasures.jsonl`);
    makeCore({ dir: core.dir, clock: core.clock }).close();
    expect(existsSync(`${core.config.dbPath}.erasures.jsonl`)).toBe(true);
  });
});
