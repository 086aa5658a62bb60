import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 008-receipt-keys', () => {
  it('carries existing purchases forward with their keys; clashing spellings keep their rows, the first answers', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m8-')), 'db.sqlite'));
    migrate(db, { to: 7 });
    db.prepare(
      "INSERT INTO members (id, card_number, name, name_key, phone, created_at, updated_at) VALUES ('m1', '2000000000008', 'A', 'a', '+8613900000001', 1, 1)",
    ).run();
    const insert = db.prepare(
      `INSERT INTO points_purchases (id, receipt_no, member_id, op_id, terminal_id, total_minor, discount_minor,
         paid_minor, points_used, points_earned, rule_version, facts, created_at)
       VALUES (?, ?, 'm1', ?, 't1', 100, 0, 100, 0, 1, 1, '{}', ?)`,
    );
    insert.run('p1', 'R-1001', 'o1', 1);
    insert.run('p2', ' r-1001', 'o2', 2); // the same receipt, awarded again before 008
    insert.run('p3', 'Ｒ‐2002', 'o3', 3);
    migrate(db, { to: 8 });
    expect(schemaVersion(db)).toBe(8);
    const keys = db.prepare('SELECT id, receipt_no, receipt_key FROM points_purchases ORDER BY id').all();
    expect(keys).toEqual([
      { id: 'p1', receipt_no: 'R-1001', receipt_key: 'r-1001' },
      { id: 'p2', receipt_no: ' r-1001', receipt_key: 'r-1001 (duplicate p2)' },
      { id: 'p3', receipt_no: 'Ｒ‐2002', receipt_key: 'r-2002' },
    ]);
    expect(
      JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'receipt_key_duplicates'").pluck().get() as string),
    ).toEqual(['p2']);
    // Unique from now on, and a writer that forgets the key fails.
    expect(() => insert.run('p4', 'x', 'o4', 4)).not.toThrow(); // first row with the default ''
    expect(() => insert.run('p5', 'y', 'o5', 5)).toThrow(/UNIQUE/);
    db.close();
  });
});
