import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 027-chain-goals', () => {
  it('rebuilds the goal ledger and balances keeping rows, indexes and triggers, without the floor at zero; adds sync_goals', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m27-')), 'db.sqlite'));
    migrate(db, { to: 26 });
    db.prepare(
      "INSERT INTO members (id, card_number, name, email, created_at, updated_at) VALUES ('m1', '2000000000008', 'A', 'a@x.cn', 0, 0)",
    ).run();
    db.prepare(
      `INSERT INTO points_goal_ledger (id, member_id, goal_key, kind, amount, balance_after, op_id, terminal_id, facts, created_at)
       VALUES ('e1', 'm1', 'g', 'progress', 3, 3, 'o', 't', '{}', 0)`,
    ).run();
    db.prepare(
      "INSERT INTO points_goal_balances (member_id, goal_key, balance, updated_at) VALUES ('m1', 'g', 3, 0)",
    ).run();
    const objects = () =>
      db
        .prepare(
          "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('points_goal_ledger', 'points_goal_balances') AND type IN ('index', 'trigger') ORDER BY name",
        )
        .all();
    const before = objects();

    expect(migrate(db, { to: 27 })).toEqual([27]);
    expect(schemaVersion(db)).toBe(27);
    expect(objects()).toEqual(before); // the append-only guards and the capture trigger, as they were
    expect(db.prepare('SELECT seq, id, balance_after FROM points_goal_ledger').all()).toEqual([
      { seq: 1, id: 'e1', balance_after: 3 },
    ]);
    // A chain terminal's part of a card may go below zero (points/goals.ts refuses it alone).
    db.prepare(
      `INSERT INTO points_goal_ledger (id, member_id, goal_key, kind, amount, balance_after, op_id, terminal_id, facts, created_at)
       VALUES ('e2', 'm1', 'g', 'issue', -5, -2, 'o', 't', '{}', 0)`,
    ).run();
    db.prepare("UPDATE points_goal_balances SET balance = -2 WHERE member_id = 'm1'").run();
    expect(() => db.prepare("DELETE FROM points_goal_ledger WHERE id = 'e1'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM points_goal_balances').run()).toThrow(/never deleted/);
    // Head office's cards, one row per member, JSON only.
    db.prepare("INSERT INTO sync_goals (member_id, goals, version) VALUES ('m1', '[]', 1)").run();
    expect(() => db.prepare("INSERT INTO sync_goals (member_id, goals, version) VALUES ('m2', 'x', 1)").run()).toThrow(
      /CHECK/,
    );
    db.close();
  });
});
