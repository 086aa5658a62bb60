import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 021-chain-purchases', () => {
  it('adds the pulled chain purchases, empty, keeping what was there; amounts are checked', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m21-')), 'db.sqlite'));
    migrate(db, { to: 20 });
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, created_at, updated_at) VALUES ('m1', '2900000000017', 'Wang', 'wang', '+8613800000001', 1, 1)`,
    ).run();
    expect(migrate(db, { to: 21 })).toEqual([21]);
    expect(schemaVersion(db)).toBe(21);
    expect(db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM sync_chain_purchases').pluck().get()).toBe(0);
    // No foreign key to members: a purchase may arrive before its member.
    db.prepare(
      `INSERT INTO sync_chain_purchases (purchase_id, member_id, terminal_id, at, paid_minor, refunded_minor, version)
       VALUES ('p1', 'not-here-yet', 't', 5, 1000, 0, 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO sync_chain_purchases (purchase_id, member_id, terminal_id, at, paid_minor, refunded_minor, version)
           VALUES ('p2', 'm1', 't', 5, -1, 0, 1)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO sync_chain_purchases (purchase_id, member_id, terminal_id, at, paid_minor, refunded_minor, version)
           VALUES ('p3', 'm1', 't', 5, 'lots', 0, 1)`,
        )
        .run(),
    ).toThrow(); // STRICT
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT sum(paid_minor) FROM sync_chain_purchases WHERE member_id = 'm1' AND at >= 0 AND at <= 9",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('sync_chain_purchases_member');
    const byOp = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM points_refunds WHERE op_id = 'x' AND amount_minor > 0")
      .all() as { detail: string }[];
    expect(byOp.map((p) => p.detail).join(' ')).toContain('points_refunds_op');
  });
});
