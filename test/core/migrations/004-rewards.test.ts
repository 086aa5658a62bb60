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
  const dir = mkdtempSync(join(tmpdir(), 'pd-m4-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'db.sqlite'));
}

const MEMBER = '01900000-0000-7000-8000-000000000001';

describe('migration 004-rewards', () => {
  it('adds rewards and redemptions on top of version 3, keeping the ledger', () => {
    const db = freshDb();
    migrate(db, { to: 3 });
    db.prepare(
      `INSERT INTO members (seq, id, card_number, name, name_key, phone, phone_last4, created_at, updated_at)
       VALUES (1, ?, '2900000000001', 'Wang Fang', 'wang fang', '+8613812345678', '5678', 1, 1)`,
    ).run(MEMBER);
    db.prepare(
      `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, explanation, created_at)
       VALUES ('e1', ?, 'adjust', 10, 10, 'op', 't', 'x', 1)`,
    ).run(MEMBER);

    expect(migrate(db, { to: 4 })).toEqual([4]);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT count(*) FROM points_ledger').pluck().get()).toBe(1);
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'reward%' ORDER BY name")
      .all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['reward_redemptions', 'rewards']);
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);
  });

  it('makes negative stock, zero cost and duplicate coupon codes impossible', () => {
    const db = freshDb();
    migrate(db, { to: 4 });
    const reward = (id: string, cost: number, stock: number | null) =>
      db
        .prepare(
          `INSERT INTO rewards (id, name, kind, cost_points, stock, created_at, updated_at) VALUES (?, 'Mug', 'goods', ?, ?, 1, 1)`,
        )
        .run(id, cost, stock);
    reward('r1', 10, 0);
    expect(() => db.prepare("UPDATE rewards SET stock = stock - 1 WHERE id = 'r1'").run()).toThrow(/CHECK/);
    expect(() => reward('r2', 0, null)).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO members (seq, id, card_number, name, name_key, phone, phone_last4, created_at, updated_at)
       VALUES (1, ?, '2900000000001', 'Wang Fang', 'wang fang', '+8613812345678', '5678', 1, 1)`,
    ).run(MEMBER);
    const redeem = (id: string) =>
      db
        .prepare(
          `INSERT INTO reward_redemptions (id, op_id, member_id, reward_id, reward_name, kind, points, coupon_code, status,
             entry_id, terminal_id, created_at) VALUES (?, 'op', ?, 'r1', 'Mug', 'coupon', 10, 'ABCD-EFGH', 'active', 'e', 't', 1)`,
        )
        .run(id, MEMBER);
    redeem('x1');
    expect(() => redeem('x2')).toThrow(/UNIQUE/);
  });
});
