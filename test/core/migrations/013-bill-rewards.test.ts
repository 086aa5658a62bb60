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
  const dir = mkdtempSync(join(tmpdir(), 'pd-m16-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'db.sqlite'));
}

const MEMBER = '01900000-0000-7000-8000-000000000001';
const OLD_COLUMNS =
  'id, name, description, kind, cost_points, stock, discount_minor, active_from, active_until, active, created_at, updated_at, created_by';

describe('migration 013-bill-rewards', () => {
  it('carries every reward and redemption forward unchanged, with the new terms empty', () => {
    const db = freshDb();
    migrate(db, { to: 12 });
    db.prepare(
      `INSERT INTO members (seq, id, card_number, name, name_key, phone, phone_last4, created_at, updated_at)
       VALUES (1, ?, '2900000000001', 'Wang Fang', 'wang fang', '+8613812345678', '5678', 1, 1)`,
    ).run(MEMBER);
    const addReward = db.prepare(
      `INSERT INTO rewards (${OLD_COLUMNS}) VALUES (@id, @name, @description, @kind, @cost, @stock, @discount,
         @from, @until, @active, 5, 6, NULL)`,
    );
    addReward.run({
      id: 'r1',
      name: 'Mug',
      description: 'blue',
      kind: 'goods',
      cost: 200,
      stock: 3,
      discount: null,
      from: null,
      until: null,
      active: 1,
    });
    addReward.run({
      id: 'r2',
      name: '¥10 off',
      description: null,
      kind: 'discount',
      cost: 1000,
      stock: null,
      discount: 1000,
      from: 10,
      until: 20,
      active: 0,
    });
    addReward.run({
      id: 'r3',
      name: 'Coupon',
      description: null,
      kind: 'coupon',
      cost: 50,
      stock: 0,
      discount: 500,
      from: null,
      until: null,
      active: 1,
    });
    db.prepare(
      `INSERT INTO reward_redemptions (id, op_id, member_id, reward_id, reward_name, kind, points, coupon_code,
         discount_minor, status, entry_id, terminal_id, created_at)
       VALUES ('d1', 'op', ?, 'r3', 'Coupon', 'coupon', 50, 'ABC-DEFG', 500, 'active', 'e1', 't', 7)`,
    ).run(MEMBER);
    const before = db.prepare(`SELECT ${OLD_COLUMNS} FROM rewards ORDER BY id`).all();
    const redemptionsBefore = db.prepare('SELECT * FROM reward_redemptions').all();

    expect(migrate(db, { to: 13 })).toEqual([13]);
    expect(schemaVersion(db)).toBe(13);
    expect(db.prepare(`SELECT ${OLD_COLUMNS} FROM rewards ORDER BY id`).all()).toEqual(before);
    expect(
      db.prepare('SELECT percent_bp, max_discount_minor, product_sku, product_units FROM rewards').raw().all(),
    ).toEqual([
      [null, null, null, null],
      [null, null, null, null],
      [null, null, null, null],
    ]);
    const after = db.prepare('SELECT * FROM reward_redemptions').all() as Record<string, unknown>[];
    expect(after).toEqual(
      (redemptionsBefore as Record<string, unknown>[]).map((r) => ({
        ...r,
        purchase_id: null,
        points_returned: 0,
        discount_returned_minor: 0,
      })),
    );
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'rewards'").pluck().get() as string;
    expect(sql).toMatch(/STRICT/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'rewards_cost'").pluck().get()).toBe('rewards_cost');
    // Redemptions still reference the (new) rewards table.
    expect(() =>
      db
        .prepare(
          `INSERT INTO reward_redemptions (id, op_id, member_id, reward_id, reward_name, kind, points, status,
             entry_id, terminal_id, created_at) VALUES ('d2', 'op', ?, 'nope', 'X', 'goods', 1, 'active', 'e', 't', 1)`,
        )
        .run(MEMBER),
    ).toThrow(/FOREIGN KEY/);
  });

  it('adds the new kinds with their terms checked, and the purchase columns default to no reward', () => {
    const db = freshDb();
    migrate(db, { to: 13 });
    const add = (id: string, kind: string, bp: number | null, sku: string | null) =>
      db
        .prepare(
          `INSERT INTO rewards (id, name, kind, cost_points, percent_bp, product_sku, created_at, updated_at)
           VALUES (?, 'X', ?, 10, ?, ?, 1, 1)`,
        )
        .run(id, kind, bp, sku);
    add('p1', 'percentOff', 1000, null);
    add('f1', 'freeProduct', null, 'LATTE');
    expect(() => add('p2', 'percentOff', null, null)).toThrow(/CHECK/);
    expect(() => add('p3', 'percentOff', 10_001, null)).toThrow(/CHECK/);
    expect(() => add('f2', 'freeProduct', null, null)).toThrow(/CHECK/);
    expect(() => add('x1', 'voucher', null, null)).toThrow(/CHECK/);
    const cols = (t: string) =>
      (db.pragma(`table_info(${t})`) as { name: string; dflt_value: string | null }[]).filter(
        (c) => c.name.startsWith('reward_') || c.name === 'redemption_id',
      );
    expect(cols('points_purchases').map((c) => [c.name, c.dflt_value])).toEqual([
      ['reward_discount_minor', '0'],
      ['redemption_id', null],
    ]);
    expect(cols('points_purchase_lines').map((c) => [c.name, c.dflt_value])).toEqual([['reward_discount_minor', '0']]);
    expect(cols('points_refunds').map((c) => [c.name, c.dflt_value])).toEqual([['reward_points_returned', '0']]);
  });
});
