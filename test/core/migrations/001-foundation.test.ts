import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 001-foundation', () => {
  it('creates STRICT tables and an append-only audit log', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m1-')), 'db.sqlite'));
    migrate(db, { to: 1 });
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
      sql: string;
    }[];
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT\s*$/);
    expect(tables.map((t) => t.name).sort()).toEqual(['audit_log', 'meta', 'settings', 'staff', 'staff_reset_codes']);
    // STRICT refuses a wrongly typed value instead of storing it.
    expect(() =>
      db.prepare("INSERT INTO staff VALUES ('x','u','d','cashier','h',1,0,0,'not a number',0)").run(),
    ).toThrow();
    expect(() => db.prepare("INSERT INTO staff VALUES ('x','u','d','king','h',1,0,0,0,0)").run()).toThrow();
    db.close();
  });
});
