import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  readonly?: boolean;
}

/**
 * Opens the store with the pragmas every connection needs.
 * - WAL so readers never block the writer.
 * - synchronous=FULL: better-sqlite3 defaults to NORMAL in WAL, which can lose the
 *   last committed award on power loss. A committed award must survive.
 * - foreign_keys=ON: SQLite leaves it off by default, per connection.
 */
export function openDatabase(path: string, opts: OpenDatabaseOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, {
    readonly: opts.readonly ?? false,
  });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** `PRAGMA quick_check` — 'ok' or the list of problems. */
export function quickCheck(db: Db): string[] {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  return problems;
}
