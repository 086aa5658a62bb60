import type { Change, PullResult } from '../../shared/sync';
import type { ServiceContext, TerminalCaller } from '../context';
import type { PoolClient } from '../db/pool';
import { withTx } from '../db/tx';
import { decodeCursor, encodeCursor, type CursorState } from './cursor';

/**
 * Pull by snapshot (see migration 008 for why not `id > last`). One request:
 * 1. if the cursor holds no batch in progress, take the current snapshot `cur` — and, in
 *    the same statement, the terminal's last recorded op, so that `pushedThrough` is
 *    exactly what `cur` includes;
 * 2. return the next rows of the batch (visible in cur, not in prev) for this store
 *    (rows for every store, or for this one: never another store's), ordered by
 *    (txid, id);
 * 3. the batch done, the next cursor is `prev = cur`; otherwise it remembers where in
 *    the batch it is.
 * A cursor whose `prev` is older than what was pruned is told to resync.
 */
export const DEFAULT_PULL_LIMIT = 1000;

export async function pullChanges(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: { cursor: string; limit?: number; outbox?: OutboxReport },
): Promise<PullResult> {
  await recordPull(ctx, caller.terminalId, input.outbox);
  const state = decodeCursor(input.cursor);
  if (!state) return { kind: 'resync', reason: 'invalid' };
  const limit = input.limit ?? DEFAULT_PULL_LIMIT;
  return withTx(
    ctx.pool,
    async (db) => {
      if (await isExpired(db, state.prev)) return { kind: 'resync', reason: 'expired' } as const;
      let cur = state.cur;
      let pushedThrough = state.pushedThrough ?? 0;
      if (!cur) {
        const s = await currentSnapshot(db, caller.terminalId);
        cur = s.snapshot;
        pushedThrough = s.pushedThrough;
      }
      const after = state.after ?? ['0', 0];
      const r = await db.query(
        `SELECT c.id, c.txid::text AS tx, c.entity, c.data FROM sync_changes c
         WHERE c.txid >= pg_snapshot_xmin($1::pg_snapshot)
           AND pg_visible_in_snapshot(c.txid, $2::pg_snapshot)
           AND NOT pg_visible_in_snapshot(c.txid, $1::pg_snapshot)
           AND (c.txid, c.id) > ($3::xid8, $4::bigint)
           AND (c.store_id IS NULL OR c.store_id = $5)
         -- By the xid8 column itself (not its text, which sorts '1000' before '994').
         ORDER BY c.txid, c.id
         LIMIT $6`,
        [state.prev, cur, after[0], after[1], caller.storeId, limit + 1],
      );
      const rows = r.rows as { id: number; tx: string; entity: Change['entity']; data: never }[];
      const hasMore = rows.length > limit;
      const page = hasMore ? rows.slice(0, limit) : rows;
      const last = page[page.length - 1];
      const next: CursorState = hasMore
        ? { v: 1, prev: state.prev, cur, after: [last.tx, last.id], pushedThrough }
        : { v: 1, prev: cur };
      return {
        kind: 'changes',
        changes: page.map((row) => ({ entity: row.entity, data: row.data }) as Change),
        cursor: encodeCursor(next),
        hasMore,
        pushedThrough,
        serverTime: ctx.now(),
      } as const;
    },
    { readOnly: true },
  );
}

/** What a terminal says about its outbox on a push or pull (src/shared/sync/endpoints.ts). */
export type OutboxReport = { depth: number; oldestAt: number | null; allowancePoints?: number };

/** A pull is written down at most this often per terminal (idle terminals pull every ~15 s). */
const LAST_PULL_EVERY_MS = 30_000;

/**
 * When the terminal last pulled, and its outbox as it says (queue depth on the head office
 * page). Outside the pull's read-only transaction: it is a fact about the request, kept
 * even if the pull itself fails. A changed depth is written at once; the same depth at
 * most every 30 s, so idle terminals do not write their row on every pull.
 */
export async function recordPull(ctx: ServiceContext, terminalId: string, outbox?: OutboxReport) {
  const at = ctx.now();
  await ctx.pool.query(
    `UPDATE terminals SET last_pull_at = $2::bigint,
       outbox_depth = coalesce($3, outbox_depth),
       outbox_oldest_at = CASE WHEN $3::int IS NULL THEN outbox_oldest_at ELSE $4 END,
       outbox_reported_at = CASE WHEN $3::int IS NULL THEN outbox_reported_at ELSE $2 END,
       offline_allowance_points = coalesce($6::int, offline_allowance_points)
     WHERE id = $1
       AND (last_pull_at IS NULL OR last_pull_at <= $2::bigint - $5::bigint
         OR ($3::int IS NOT NULL AND outbox_depth IS DISTINCT FROM $3)
         OR ($6::int IS NOT NULL AND offline_allowance_points IS DISTINCT FROM $6))`,
    [
      terminalId,
      at,
      outbox?.depth ?? null,
      outbox?.oldestAt ?? null,
      LAST_PULL_EVERY_MS,
      outbox?.allowancePoints ?? null,
    ],
  );
}

export async function currentSnapshot(db: PoolClient, terminalId: string) {
  const r = await db.query(
    `SELECT pg_current_snapshot()::text AS snapshot,
       (SELECT next_seq - 1 FROM terminals WHERE id = $1) AS pushed_through`,
    [terminalId],
  );
  return { snapshot: r.rows[0].snapshot as string, pushedThrough: r.rows[0].pushed_through as number };
}

async function isExpired(db: PoolClient, prev: string): Promise<boolean> {
  const r = await db.query('SELECT pg_snapshot_xmin($1::pg_snapshot) < pruned_below AS expired FROM sync_horizon', [
    prev,
  ]);
  return r.rows[0].expired === true;
}
