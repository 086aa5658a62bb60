import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * A prepared statement that can only read: what a read handler gets from its handle.
 * (The handle is also a read-only SQLite connection, so a cast would not help either.)
 */
export interface ReadStatement<P extends unknown[] = unknown[], R = unknown> {
  readonly source: string;
  readonly reader: boolean;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  iterate(...params: P): IterableIterator<R>;
  pluck(toggleState?: boolean): ReadStatement<P, R>;
  expand(toggleState?: boolean): ReadStatement<P, R>;
  raw(toggleState?: boolean): ReadStatement<P, R>;
  columns(): Database.ColumnDefinition[];
  safeIntegers(toggleState?: boolean): ReadStatement<P, R>;
}

/**
 * The read-only handle read channels run on: `prepare` yields statements without `run`,
 * and there is no `exec`, `transaction` or `pragma`. A `Db` is a `ReadDb`, so a query
 * function typed with `ReadDb` serves reads and writes alike.
 */
export interface ReadDb {
  readonly name: string;
  readonly inTransaction: boolean;
  prepare<R = unknown>(source: string): ReadStatement<unknown[], R>;
}

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
    fileMustExist: opts.readonly ?? false,
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
