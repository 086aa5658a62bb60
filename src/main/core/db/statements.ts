import type Database from 'better-sqlite3';
import type { Db, ReadDb, ReadStatement } from './open-database';

/**
 * Prepared statements cached per connection: the award path runs a dozen statements
 * and re-preparing them each time would cost more than the work itself. A statement
 * belongs to the connection that prepared it, so the writer and the read-only
 * connection each have their own cache (a read on the reader never runs a statement
 * prepared on the writer, which would read outside the read transaction).
 */
const cache = new WeakMap<ReadDb, Map<string, ReadStatement>>();

export function stmt(db: Db, sql: string): Database.Statement;
export function stmt(db: ReadDb, sql: string): ReadStatement;
export function stmt(db: ReadDb, sql: string): ReadStatement {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let s = perDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    perDb.set(sql, s);
  }
  return s;
}
