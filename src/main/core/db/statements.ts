import type Database from 'better-sqlite3';
import type { Db } from './open-database';

/**
 * Prepared statements cached per connection: the award path runs a dozen statements
 * and re-preparing them each time would cost more than the work itself.
 */
const cache = new WeakMap<Db, Map<string, Database.Statement>>();

export function stmt(db: Db, sql: string): Database.Statement {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let s = perDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    perDb.set(sql, s);
  }
  return s;
}
