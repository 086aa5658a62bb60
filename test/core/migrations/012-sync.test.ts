import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../../src/main/core/db/migrations';

describe('migration 012-sync', () => {
  it('adds the sync tables to a store with data, chain mode off: the capture triggers write nothing', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m12-')), 'db.sqlite'));
    migrate(db, { to: 11 });
    const member = (id: string, card: string, phone: string) =>
      db
        .prepare(
          `INSERT INTO members (id, card_number, name, name_key, phone, created_at, updated_at)
           VALUES (?, ?, 'Wang', 'wang', ?, 1, 1)`,
        )
        .run(id, card, phone);
    member('m1', '2900000000017', '+8613800000001');
    migrate(db, { to: 12 });
    expect(schemaVersion(db)).toBe(12);
    expect(db.prepare('SELECT capture, next_seq, acked_through, server_url FROM sync_state').get()).toEqual({
      capture: 0,
      next_seq: 1,
      acked_through: 0,
      server_url: null,
    });
    db.prepare("UPDATE members SET name = 'Wang Fang' WHERE id = 'm1'").run();
    member('m2', '2900000000024', '+8613800000002');
    expect(db.prepare('SELECT count(*) FROM sync_capture').pluck().get()).toBe(0);

    // Chain mode on: the same writes are captured.
    db.prepare('UPDATE sync_state SET capture = 1').run();
    db.prepare("UPDATE members SET name = 'Wang Fang 2', pin_failed_attempts = 1 WHERE id = 'm1'").run();
    db.prepare("UPDATE members SET pin_failed_attempts = 2 WHERE id = 'm1'").run(); // not a synced field
    expect(db.prepare('SELECT what FROM sync_capture').pluck().all()).toEqual(['member.update']);

    // STRICT and checked; one state row; an outbox op is immutable.
    expect(() => db.prepare('INSERT INTO sync_state (id) VALUES (2)').run()).toThrow();
    expect(() => db.prepare("INSERT INTO sync_capture (what, row) VALUES ('guess', '{}')").run()).toThrow();
    db.prepare(
      "INSERT INTO sync_outbox (seq, op_id, kind, at, payload) VALUES (1, 'o1', 'member.update', 1, '{}')",
    ).run();
    expect(() => db.prepare("UPDATE sync_outbox SET kind = 'member.erase'").run()).toThrow(/never changes/);
    expect(() =>
      db.prepare("INSERT INTO sync_outbox (seq, op_id, kind, at, payload) VALUES (2, 'o2', 'x', 'soon', '{}')").run(),
    ).toThrow();
    db.close();
  });

  it('every migration has its own number, consecutive from 1, named by its file', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.name.startsWith(String(m.version).padStart(3, '0') + '-'), m.name).toBe(true);
  });
});
