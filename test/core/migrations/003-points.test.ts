import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';
import { ruleSetSchema } from '../../../src/shared/contract/points';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function freshDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'pd-m3-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'db.sqlite'));
}

const MEMBER = '01900000-0000-7000-8000-000000000001';

function insertMember(db: Db) {
  db.prepare(
    `INSERT INTO members (seq, id, card_number, name, name_key, phone, phone_last4, created_at, updated_at)
     VALUES (1, ?, '2900000000001', 'Wang Fang', 'wang fang', '+8613812345678', '5678', 1, 1)`,
  ).run(MEMBER);
}

const entry = (db: Db, id: string, points: number, memberId = MEMBER) =>
  db
    .prepare(
      `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, explanation, created_at)
       VALUES (?, ?, 'adjust', ?, ?, 'op', 't', 'x', 1)`,
    )
    .run(id, memberId, points, points);

describe('migration 003-points', () => {
  it('adds the ledger, balances, lots, purchases and rule set v1 on top of version 2, keeping members', () => {
    const db = freshDb();
    migrate(db, { to: 2 });
    insertMember(db);
    expect(migrate(db, { to: 3 })).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(1);

    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'points_%' ORDER BY name")
      .all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual([
      'points_balances',
      'points_ledger',
      'points_lot_uses',
      'points_lots',
      'points_operations',
      'points_purchase_lines',
      'points_purchases',
      'points_refunds',
      'points_rule_sets',
    ]);
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);

    // Version 1 of the rules is a valid rule set: 1 pt per ¥1, rounded down.
    const v1 = db.prepare('SELECT * FROM points_rule_sets').all() as {
      version: number;
      effective_from: number;
      rules: string;
    }[];
    expect(v1).toHaveLength(1);
    expect(v1[0]).toMatchObject({ version: 1, effective_from: 0 });
    const rules = ruleSetSchema.parse(JSON.parse(v1[0].rules));
    expect(rules.earnRate).toEqual({ points: 1, perMinor: 100 });
    expect(rules.rounding).toBe('down');
  });

  it('makes the ledger append-only and the rule sets immutable', () => {
    const db = freshDb();
    migrate(db, { to: 3 });
    insertMember(db);
    entry(db, 'e1', 10);
    expect(() => db.prepare('UPDATE points_ledger SET points = 1000').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM points_ledger').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE points_rule_sets SET effective_from = 5').run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM points_rule_sets').run()).toThrow(/immutable/);
    expect(db.prepare('SELECT points FROM points_ledger').pluck().get()).toBe(10);
  });

  it('refuses entries for unknown members, unknown kinds, and lots or lines that break their bounds', () => {
    const db = freshDb();
    migrate(db, { to: 3 });
    insertMember(db);
    expect(() => entry(db, 'e2', 5, '01900000-0000-7000-8000-00000000dead')).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, explanation, created_at)
           VALUES ('e3', ?, 'gift', 1, 1, 'op', 't', 'x', 1)`,
        )
        .run(MEMBER),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO points_lots (member_id, entry_id, points, remaining, earned_at) VALUES (?, 'e1', 5, 6, 1)`,
        )
        .run(MEMBER),
    ).toThrow(/CHECK/);
  });
});
