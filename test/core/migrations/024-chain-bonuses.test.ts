import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 024-chain-bonuses', () => {
  it('adds the chain bonus claims table: one row per member and key, keys only of bonuses', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m24-')), 'db.sqlite'));
    migrate(db, { to: 23 });
    expect(migrate(db, { to: 24 })).toEqual([24]);
    expect(schemaVersion(db)).toBe(24);
    const insert = db.prepare('INSERT INTO points_chain_bonuses (member_id, bonus_key) VALUES (?, ?)');
    insert.run('m1', 'bonus:welcome');
    insert.run('m1', 'bonus:birthday:2026');
    expect(() => insert.run('m1', 'bonus:welcome')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('m1', 'welcome')).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM points_chain_bonuses').pluck().get()).toBe(2);
    db.close();
  });
});
