import type { CoreConfig } from '../context';
import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';

/** What sync needs of a core; a Core and a HandlerContext both are one. */
export interface SyncDeps {
  db: Db;
  config: CoreConfig;
  terminalId: string;
}

export interface SyncStateRow {
  capture: number;
  server_url: string | null;
  store_id: string | null;
  store_name: string | null;
  terminal_name: string | null;
  enrolled_at: number | null;
  revoked_at: number | null;
  next_seq: number;
  acked_through: number;
  pushed_through: number;
  audit_through: number;
  /** Since migration 019: the restored audit head the next audit.append announces (JSON). */
  audit_fork: string | null;
  pull_cursor: string | null;
  pulled_at: number | null;
  last_contact_at: number | null;
  offline_since: number | null;
  last_error: string | null;
}

export function readSyncState(db: ReadDb): SyncStateRow {
  return stmt(db, 'SELECT * FROM sync_state WHERE id = 1').get() as SyncStateRow;
}

export const isEnrolled = (s: SyncStateRow) => s.enrolled_at !== null && s.server_url !== null;

/**
 * Outbox ops head office has not counted yet (bind `pushed_through`): what a chain balance
 * adds as "here" (status.ts#readChainBalance) and "expiring soon" adds to head office's dates.
 */
export const NOT_IN_HEAD_OFFICE = "seq > ? AND state IN ('pending', 'done')";

/** Chain mode: enrolled and capturing — the counter's balance, spends and tier are the chain's. One indexed read. */
export function inChainMode(db: ReadDb): boolean {
  const s = readSyncState(db);
  return s.capture === 1 && isEnrolled(s);
}

/**
 * A failure that stops a round: the network, or head office refusing this terminal. A
 * revoked terminal keeps recording its operations in the outbox (nothing is lost) and
 * pushes them once it is enrolled again.
 */
/** A failure that stops a round: the network, or head office refusing this terminal. */
export class SyncFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'revoked' | 'refused',
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export function recordContact(db: Db, now: number): void {
  db.transaction(() =>
    stmt(db, 'UPDATE sync_state SET last_contact_at = ?, offline_since = NULL, last_error = NULL WHERE id = 1').run(
      now,
    ),
  ).immediate();
}

export function recordFailure(db: Db, now: number, failure: SyncFailure): void {
  db.transaction(() => {
    stmt(
      db,
      `UPDATE sync_state SET offline_since = coalesce(offline_since, ?), last_error = ?,
         revoked_at = CASE WHEN ? THEN coalesce(revoked_at, ?) ELSE revoked_at END
       WHERE id = 1`,
    ).run(now, failure.message.slice(0, 500), failure.kind === 'revoked' ? 1 : 0, now);
  }).immediate();
}

/**
 * Runs `work` with the capture triggers off, in one transaction: what head office sent
 * is applied here without becoming an outbox operation of this terminal (no echo).
 */
export function withoutCapture<T>(db: Db, work: () => T): T {
  return db
    .transaction(() => {
      const was = stmt(db, 'SELECT capture FROM sync_state WHERE id = 1').pluck().get() as number;
      stmt(db, 'UPDATE sync_state SET capture = 0 WHERE id = 1').run();
      const out = work();
      stmt(db, 'UPDATE sync_state SET capture = ? WHERE id = 1').run(was);
      return out;
    })
    .immediate();
}
