import Database from 'better-sqlite3';
import type { Db } from '../../db/open-database';
import { migrate } from '../../db/migrate';

/**
 * The schema a file must have at its version: the tables, indexes and — what matters —
 * triggers (the append-only guards of the ledger and the audit log) that our own
 * migrations create, compared statement by statement. A backup with a trigger dropped or
 * a table altered by hand is refused even if everything else checks out. The expected
 * schema comes from running the migrations on an empty in-memory database.
 */
type SchemaRow = { type: string; name: string; sql: string | null };

const expected = new Map<number, string[]>();

function schemaOf(db: Db): string[] {
  return (
    db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as SchemaRow[]
  ).map((r) => `${r.type} ${r.name}: ${r.sql ?? ''}`);
}

function expectedSchema(version: number): string[] {
  let s = expected.get(version);
  if (!s) {
    const mem = new Database(':memory:');
    try {
      migrate(mem, { to: version });
      s = schemaOf(mem);
    } finally {
      mem.close();
    }
    expected.set(version, s);
  }
  return s;
}

/** Statements that differ from what migrations create at `version` ([] when none). */
export function schemaDifferences(db: Db, version: number): string[] {
  const want = new Set(expectedSchema(version));
  const have = new Set(schemaOf(db));
  const missing = [...want].filter((x) => !have.has(x)).map((x) => `missing ${x.split(':')[0]}`);
  const extra = [...have].filter((x) => !want.has(x)).map((x) => `unexpected ${x.split(':')[0]}`);
  return [...missing, ...extra];
}
