import type { ReadDb } from '../db/open-database';
import type { CoreKeys } from './derive';

/**
 * The keys (and the files kept beside the store) bound to one open connection. Bound by
 * `openCore` right after the key is loaded; everything that MACs or peppers — the audit
 * log, member PINs, backups, exports — finds them through the connection it already
 * has, so no handler signature had to change. Keyed by connection, like the statement
 * cache: a restore copies pages under the same connection and keeps its binding. The
 * read-only connection read channels run on is bound to the same keys (audit:verify).
 */
export interface StoreSecurity {
  keys: CoreKeys;
  /** The last exported audit head, kept outside the database file (see audit/exported-head.ts); null in memory. */
  exportedHeadPath: string | null;
  /** The erasure log that survives restores (see members/erasure-log.ts); null in memory. */
  erasureLogPath: string | null;
}

const bound = new WeakMap<ReadDb, StoreSecurity>();

export function bindStoreSecurity(db: ReadDb, security: StoreSecurity): void {
  bound.set(db, security);
}

export function storeSecurityOf(db: ReadDb): StoreSecurity | null {
  return bound.get(db) ?? null;
}

/** The keys of a connection the core opened; a bare connection has none and must not write audit records. */
export function requireStoreSecurity(db: ReadDb): StoreSecurity {
  const s = bound.get(db);
  if (!s) throw new Error('No audit key is bound to this connection: open the store with openCore');
  return s;
}

/**
 * The files beside a store, named after it so that a store and its keys move together.
 * An in-memory store (tests) has none: nothing of it outlives the process.
 */
export function storeSidePaths(dbPath: string): Pick<StoreSecurity, 'exportedHeadPath' | 'erasureLogPath'> {
  if (dbPath === ':memory:') return { exportedHeadPath: null, erasureLogPath: null };
  return {
    exportedHeadPath: `${dbPath}.exported-head.json`,
    erasureLogPath: `${dbPath}.erasures.jsonl`,
  };
}

/**
 * The chain PIN key (shared/sync/pins.ts) of an enrolled terminal, kept apart from the
 * store's own keys: it comes from head office, arrives after the store opened (at
 * enrolment, or from `keys:pin`) and lives beside the sync credential.
 */
const chainPinKeys = new WeakMap<ReadDb, Buffer>();

export function bindChainPinKey(db: ReadDb, key: Buffer | null): void {
  if (key === null) chainPinKeys.delete(db);
  else chainPinKeys.set(db, key);
}

export function chainPinKeyOf(db: ReadDb): Buffer | null {
  return chainPinKeys.get(db) ?? null;
}
