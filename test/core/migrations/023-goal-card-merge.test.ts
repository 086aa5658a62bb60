import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 023-goal-card-merge', () => {
  it("rebuilds the goal ledger for the 'merge' kind: rows, seq, indexes, guards and capture kept", () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m23-')), 'db.sqlite'));
    migrate(db, { to: 22 });
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, created_at, updated_at) VALUES ('m1', '2900000000017', 'Wang', 'wang', '+8613800000001', 1, 1)`,
    ).run();
    const insert = (id: string, kind: string, amount: number, after: number) =>
      db
        .prepare(
          `INSERT INTO points_goal_ledger (id, member_id, goal_key, kind, amount, balance_after, ref_id, op_id, terminal_id, facts, created_at)
           VALUES (?, 'm1', 'coffee', ?, ?, ?, 'p1', 'op', 't', '{}', 1)`,
        )
        .run(id, kind, amount, after);
    insert('g1', 'progress', 3, 3);
    insert('g2', 'issue', -2, 1);
    expect(() => insert('g3', 'merge', 1, 2)).toThrow(/CHECK/);
    const objects = () =>
      db
        .prepare(
          "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'points_goal_ledger' AND sql IS NOT NULL ORDER BY name",
        )
        .all() as { type: string; name: string; sql: string }[];
    const before = objects().filter((o) => o.type !== 'table');

    expect(migrate(db, { to: 23 })).toEqual([23]);
    expect(schemaVersion(db)).toBe(23);
    expect(
      db.prepare('SELECT seq, id, kind, amount, balance_after FROM points_goal_ledger ORDER BY seq').all(),
    ).toEqual([
      { seq: 1, id: 'g1', kind: 'progress', amount: 3, balance_after: 3 },
      { seq: 2, id: 'g2', kind: 'issue', amount: -2, balance_after: 1 },
    ]);
    // Indexes and triggers exactly as they were (the capture trigger of 019 among them).
    expect(objects().filter((o) => o.type !== 'table')).toEqual(before);
    expect(before.map((o) => o.name)).toEqual(
      expect.arrayContaining(['points_goal_ledger_no_update', 'points_goal_ledger_no_delete', 'sync_capture_goal']),
    );
    insert('g3', 'merge', 1, 2);
    expect(() => insert('g4', 'refund', 1, 3)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE points_goal_ledger SET amount = 9 WHERE id = 'g1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM points_goal_ledger WHERE id = 'g1'").run()).toThrow(/append-only/);
    expect(() => insert('g1', 'merge', 1, 3)).toThrow(/UNIQUE/);
    // The capture still fires in chain mode only.
    expect(db.prepare("SELECT count(*) FROM sync_capture WHERE what = 'goal'").pluck().get()).toBe(0);
    db.prepare('UPDATE sync_state SET capture = 1').run();
    insert('g5', 'progress', 1, 3);
    expect(db.prepare("SELECT count(*) FROM sync_capture WHERE what = 'goal'").pluck().get()).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
