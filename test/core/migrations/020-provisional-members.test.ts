import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 020-provisional-members', () => {
  it('rebuilds members keeping rows, seqs, references, FTS and triggers; a provisional row needs no contact and is never captured', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m20-')), 'db.sqlite'));
    migrate(db, { to: 19 });
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, created_at, updated_at) VALUES ('m1', '2900000000017', 'Wang Fang', 'wang fang', '+8613800000001', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, facts, created_at)
       VALUES ('e1', 'm1', 'adjust', 5, 5, 'op1', 't', '{}', 1)`,
    ).run();
    db.prepare("INSERT INTO points_balances (member_id, balance, updated_at) VALUES ('m1', 5, 1)").run();
    const triggersBefore = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index') AND tbl_name = 'members' ORDER BY name",
      )
      .pluck()
      .all();

    expect(migrate(db, { to: 20 })).toEqual([20]);
    expect(schemaVersion(db)).toBe(20);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare("SELECT seq, provisional FROM members WHERE id = 'm1'").get()).toEqual({
      seq: 1,
      provisional: 0,
    });
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index') AND tbl_name = 'members' ORDER BY name",
        )
        .pluck()
        .all(),
    ).toEqual(triggersBefore);
    // The external-content FTS still finds the copied row by its seq.
    expect(db.prepare("SELECT rowid FROM members_fts WHERE members_fts MATCH 'fang'").pluck().all()).toEqual([1]);
    // The ledger still references the rebuilt table; members are still never deleted.
    expect(() => db.prepare("DELETE FROM members WHERE id = 'm1'").run()).toThrow(/never deleted/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, facts, created_at)
           VALUES ('e2', 'nobody', 'adjust', 5, 5, 'op2', 't', '{}', 1)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);

    // A normal member still needs a name and a contact; a provisional one needs neither, and may have none.
    expect(() =>
      db
        .prepare("INSERT INTO members (id, card_number, created_at, updated_at) VALUES ('x', '2900000000024', 1, 1)")
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO members (id, card_number, name, phone, provisional, created_at, updated_at) VALUES ('x', '2900000000024', 'A', '+8613800000009', 1, 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);

    // Chain mode: a provisional member and its points are not a registration.
    db.prepare('UPDATE sync_state SET capture = 1').run();
    db.prepare(
      "INSERT INTO members (id, card_number, provisional, created_at, updated_at) VALUES ('p1', '2800000000018', 1, 2, 2)",
    ).run();
    db.prepare(
      "INSERT INTO members_provisional (member_id, card_number, recorded_at) VALUES ('p1', '2800000000018', 2)",
    ).run();
    db.prepare("UPDATE members SET active = 0, card_number = 'merged-2800000000018-2' WHERE id = 'p1'").run();
    expect(db.prepare('SELECT what FROM sync_capture').pluck().all()).toEqual([]);
    db.prepare("UPDATE members SET name = 'Wang' WHERE id = 'm1'").run();
    expect(db.prepare('SELECT what FROM sync_capture').pluck().all()).toEqual(['member.update']);
    expect(() => db.prepare("UPDATE members_provisional SET merged_into = 'm1' WHERE member_id = 'p1'").run()).toThrow(
      /CHECK/,
    );
    db.prepare("UPDATE members_provisional SET merged_into = 'm1', merged_at = 3 WHERE member_id = 'p1'").run();
  });
});
