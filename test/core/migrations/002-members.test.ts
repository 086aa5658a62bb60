import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function freshDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'pd-m2-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'db.sqlite'));
}

const insertMember = (db: Db, seq: number, over: Record<string, unknown> = {}) => {
  const row = {
    id: `0190000${seq}-0000-7000-8000-000000000000`,
    card: '2900000000001',
    name: '王芳',
    key: '王芳',
    phone: '+8613812345678',
    last4: '5678',
    email: null as string | null,
    ...over,
  };
  db.prepare(
    `INSERT INTO members (seq, id, card_number, name, name_key, phone, phone_last4, email, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
  ).run(seq, row.id, row.card, row.name, row.key, row.phone, row.last4, row.email);
};

describe('migration 002-members', () => {
  it('adds members, grams and the trigram FTS index on top of version 1, keeping existing data', () => {
    const db = freshDb();
    migrate(db, { to: 1 });
    db.prepare("INSERT INTO meta (key, value) VALUES ('terminal_id', 't-1')").run();
    db.prepare(
      "INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at) VALUES ('s1','owner','O','owner','h',1,1)",
    ).run();

    expect(migrate(db, { to: 2 })).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'terminal_id'").pluck().get()).toBe('t-1');
    expect(db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(1);

    const tables = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'member%' AND name NOT LIKE 'members_fts%'",
      )
      .all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.map((t) => t.name).sort()).toEqual(['member_name_grams', 'members']);
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);
    // No balance or tier columns: the points area owns those.
    const cols = (db.prepare('PRAGMA table_info(members)').all() as { name: string }[]).map((c) => c.name);
    expect(cols.some((c) => /balance|tier|points/.test(c))).toBe(false);

    insertMember(db, 1);
    // The FTS index follows inserts, updates and erasure through triggers.
    const fts = (q: string) =>
      db.prepare('SELECT rowid FROM members_fts WHERE members_fts MATCH ?').pluck().all(`"${q}"`) as number[];
    db.prepare("UPDATE members SET name = '王芳芳', name_key = '王芳芳' WHERE seq = 1").run();
    expect(fts('王芳芳')).toEqual([1]);
    db.prepare(
      'UPDATE members SET name = NULL, name_key = NULL, phone = NULL, phone_last4 = NULL, erased_at = 2 WHERE seq = 1',
    ).run();
    expect(fts('王芳芳')).toEqual([]);
    expect(
      db.prepare("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')").run().changes,
    ).toBeGreaterThanOrEqual(0);
  });

  it('enforces uniqueness, a contact unless erased, types, and no deletes', () => {
    const db = freshDb();
    migrate(db, { to: 2 });
    insertMember(db, 1);
    expect(() => insertMember(db, 2, { card: '2900000000001', phone: '+8613900000000' })).toThrow(/UNIQUE/);
    expect(() => insertMember(db, 2, { card: '2900000000018' })).toThrow(/UNIQUE/);
    expect(() => insertMember(db, 2, { card: '2900000000018', phone: null, last4: null })).toThrow(/CHECK/);
    expect(() => insertMember(db, 2, { card: '29000', phone: '+8613900000000' })).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE members SET created_at = 'yesterday'").run()).toThrow();
    expect(() => db.prepare('DELETE FROM members').run()).toThrow(/never deleted/);
    // Two erased members may both have no phone/email (NULLs never collide).
    insertMember(db, 2, { card: '2900000000018', phone: '+8613900000000', last4: '0000' });
    db.prepare(
      'UPDATE members SET name = NULL, name_key = NULL, phone = NULL, phone_last4 = NULL, erased_at = 5',
    ).run();
    expect(db.prepare('SELECT count(*) FROM members WHERE phone IS NULL').pluck().get()).toBe(2);
  });
});
