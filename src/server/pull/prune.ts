import type { ServiceContext } from '../context';
import { withTx } from '../db/tx';

/**
 * Retention of the pull change log. A tick records the current snapshot (the service
 * does it every minute); pruning with a retention R deletes the changes of transactions
 * below the xmin of the newest tick older than R — every one of them had finished by
 * then — and raises the horizon, so a cursor from before then resyncs instead of silently
 * missing rows.
 */
export async function recordTick(ctx: ServiceContext): Promise<void> {
  await ctx.pool.query(
    'INSERT INTO sync_ticks (at, snapshot) VALUES ($1, pg_current_snapshot()) ON CONFLICT (at) DO NOTHING',
    [ctx.now()],
  );
}

export async function pruneChanges(
  ctx: ServiceContext,
  input: { retentionMinutes: number },
): Promise<{ deleted: number; prunedBelow: string }> {
  return withTx(ctx.pool, async (db) => {
    const cutoff = ctx.now() - input.retentionMinutes * 60_000;
    const tick = await db.query(
      `SELECT at, pg_snapshot_xmin(snapshot)::text AS xmin FROM sync_ticks WHERE at <= $1 ORDER BY at DESC LIMIT 1`,
      [cutoff],
    );
    if (tick.rowCount === 0) {
      const h = await db.query('SELECT pruned_below::text AS p FROM sync_horizon');
      return { deleted: 0, prunedBelow: h.rows[0].p as string };
    }
    const { at, xmin } = tick.rows[0] as { at: number; xmin: string };
    const deleted = await db.query('DELETE FROM sync_changes WHERE txid < $1::xid8', [xmin]);
    const h = await db.query(
      `UPDATE sync_horizon SET pruned_below = greatest(pruned_below, $1::xid8), pruned_at = $2
       RETURNING pruned_below::text AS p`,
      [xmin, ctx.now()],
    );
    await db.query('DELETE FROM sync_ticks WHERE at < $1', [at]);
    return { deleted: deleted.rowCount ?? 0, prunedBelow: h.rows[0].p as string };
  });
}
