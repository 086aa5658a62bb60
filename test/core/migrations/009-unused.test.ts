import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

const schemaOf = (db: Database.Database) =>
  db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();

describe('migration 009-unused', () => {
  it('moves the version from 8 to 9 and changes no table, index or trigger', () => {
    const db = new Database(':memory:');
    migrate(db, { to: 8 });
    const before = schemaOf(db);
    expect(migrate(db, { to: 9 })).toEqual([9]);
    expect(schemaVersion(db)).toBe(9);
    expect(schemaOf(db)).toEqual(before);
    db.close();
  });
});
