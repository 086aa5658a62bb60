import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 025-chain-expiring', () => {
  it('keeps head office’s expiry dates beside each balance: earlier rows get none, only JSON is accepted', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m25-')), 'db.sqlite'));
    migrate(db, { to: 24 });
    db.prepare('INSERT INTO sync_balances (member_id, balance, held, version, updated_at) VALUES (?, 10, 0, 1, 5)').run(
      'm1',
    );
    expect(migrate(db, { to: 25 })).toEqual([25]);
    expect(schemaVersion(db)).toBe(25);
    expect(db.prepare('SELECT expiring FROM sync_balances').pluck().get()).toBeNull();
    const dates = JSON.stringify([{ points: 40, expiresAt: 1_800_000_000_000 }]);
    db.prepare('UPDATE sync_balances SET expiring = ? WHERE member_id = ?').run(dates, 'm1');
    expect(db.prepare('SELECT expiring FROM sync_balances').pluck().get()).toBe(dates);
    expect(() => db.prepare("UPDATE sync_balances SET expiring = 'not json' WHERE member_id = 'm1'").run()).toThrow(
      /CHECK/,
    );
    db.close();
  });
});
