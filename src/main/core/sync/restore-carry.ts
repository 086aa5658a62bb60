import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import type { SyncStateRow } from './state';
import { deleteMeta, metaWithPrefix, writeMeta } from '../meta';

/**
 * A restore in chain mode must not rewind what head office has been told (issue 12).
 * The outbox is not this store's data but the record of operations cashiers saw
 * confirmed, numbered 1, 2, 3 … for head office: an older copy would hand out sequence
 * numbers head office already holds under other op ids (it reports them as conflicts),
 * and ops written since the backup — already pushed or not — would be lost. So the live
 * outbox and its high-water marks are taken before the copy and put back after it:
 * the restored store goes on numbering after the last op it ever wrote, pushes what
 * still waits, and downloads head office's data afresh (its pulled members and
 * balances are as old as the backup).
 *
 * The audit chain is restored with the backup (its records after the backup's head are
 * gone here), but head office may hold some of them already. So `audit_through` is
 * carried too, lowered to the backup's head, and when head office was told more than
 * the backup holds the restore is announced: `audit_fork` keeps the backup's head, and
 * the next `audit.append` says it continues from there (`restoredFrom`). Head office
 * checks that it holds exactly that record, keeps the rewound span as such (audit_forks)
 * and takes the restored chain on — a recorded, verifiable fork instead of a break.
 */
type CarriedState = Pick<
  SyncStateRow,
  | 'capture'
  | 'server_url'
  | 'store_id'
  | 'store_name'
  | 'terminal_name'
  | 'enrolled_at'
  | 'revoked_at'
  | 'next_seq'
  | 'acked_through'
  | 'pushed_through'
  | 'audit_through'
>;

export interface CarriedOutbox {
  /** sync_state's enrolment and sequence columns (not the pull cursor: it starts afresh). */
  state: CarriedState;
  rows: Record<string, unknown>[];
  /** This terminal's holds (sync/holds.ts, `chain_hold:` meta rows): what they have left is live, not the backup's. */
  holds: { key: string; value: string }[];
}

/** Before the copy: the live outbox, or null on a terminal that never joined a head office. */
export function takeOutbox(db: Db): CarriedOutbox | null {
  const state = stmt(
    db,
    `SELECT capture, server_url, store_id, store_name, terminal_name, enrolled_at, revoked_at,
       next_seq, acked_through, pushed_through, audit_through FROM sync_state WHERE id = 1`,
  ).get() as CarriedOutbox['state'] | undefined;
  if (!state || state.enrolled_at === null) return null;
  return {
    state,
    rows: stmt(db, 'SELECT * FROM sync_outbox ORDER BY seq').all() as Record<string, unknown>[],
    holds: metaWithPrefix(db, 'chain_hold:'),
  };
}

/** After the copy (and its migration): the outbox as it was, the sequence never lower. */
export function putBackOutbox(
  db: Db,
  carried: CarriedOutbox | null,
  restoredHead: { seq: number; hash: string } | null = null,
): void {
  if (!carried) return;
  db.transaction(() => {
    const restored = stmt(db, 'SELECT next_seq FROM sync_state WHERE id = 1').pluck().get() as number;
    const s = carried.state;
    const headSeq = restoredHead?.seq ?? 0;
    // Head office was told records the backup does not hold: announce the fork.
    const fork =
      s.audit_through > headSeq ? JSON.stringify({ seq: headSeq, hash: restoredHead?.hash ?? '0'.repeat(64) }) : null;
    stmt(
      db,
      `UPDATE sync_state SET capture = @capture, server_url = @server_url, store_id = @store_id,
         store_name = @store_name, terminal_name = @terminal_name, enrolled_at = @enrolled_at,
         revoked_at = @revoked_at, next_seq = @next_seq, acked_through = @acked_through,
         pushed_through = @pushed_through, audit_through = @audit_through, audit_fork = @audit_fork,
         pull_cursor = NULL
       WHERE id = 1`,
    ).run({
      ...s,
      next_seq: Math.max(s.next_seq, restored),
      audit_through: Math.min(s.audit_through, headSeq),
      audit_fork: fork,
    });
    stmt(db, 'DELETE FROM sync_outbox').run();
    // Captures the backup held belong to operations already in the live outbox.
    stmt(db, "DELETE FROM sync_capture WHERE what <> 'invalid'").run();
    for (const h of metaWithPrefix(db, 'chain_hold:')) deleteMeta(db, h.key);
    for (const h of carried.holds ?? []) writeMeta(db, h.key, h.value);
    if (carried.rows.length === 0) return;
    const cols = Object.keys(carried.rows[0]);
    const insert = stmt(
      db,
      `INSERT INTO sync_outbox (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
    );
    for (const r of carried.rows) insert.run(r);
  }).immediate();
}
