import type { PushOpOf } from '../../shared/sync';
import type { PoolClient, Pool } from '../db/pool';
import { addMonths } from '../../main/core/points/exact-math';
import type { ApplyEnv } from '../push/apply';

/**
 * Chain-wide spend for tiers (issue 12, migration 013). Each pushed purchase is kept with
 * what it paid; each pushed refund takes its amount off its purchase. Both are keyed by
 * the terminal's own ids (purchase id, refund id), so a re-pushed op — or the same
 * purchase reported twice under another op — counts once (`ON CONFLICT DO NOTHING`), and
 * concurrent pushes for one member only insert rows: nothing is read-modified-written
 * outside a single statement, so no lost update. Terminals receive the rows on pull
 * (entity `purchase`) and count them with their own tier code.
 */

export async function recordChainPurchase(
  env: ApplyEnv,
  op: PushOpOf<'points.award'>,
  memberId: string,
): Promise<void> {
  await env.db.query(
    `INSERT INTO chain_purchases (purchase_id, member_id, op_id, terminal_id, store_id, paid_minor, occurred_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (purchase_id) DO NOTHING`,
    [op.payload.purchaseId, memberId, op.opId, env.terminalId, env.storeId, op.payload.paidMinor, op.at, env.at],
  );
}

export async function recordChainRefund(env: ApplyEnv, op: PushOpOf<'points.ledger'>, memberId: string) {
  const r = op.payload.refund;
  if (!r) return;
  await env.db.query(
    `INSERT INTO chain_refunds (refund_id, purchase_id, member_id, op_id, amount_minor, occurred_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (refund_id) DO NOTHING`,
    [r.refundId, r.purchaseId, memberId, op.opId, r.amountMinor, op.at, env.at],
  );
}

/**
 * A member's chain spend over the tier window ending at `at`, as the terminals define it
 * (points/tiers.ts `rollingSpend`: purchases made in [at − window months, at], net of their
 * refunds; the same `addMonths`). `windowMonths` null: lifetime.
 */
export async function chainSpendOf(
  db: PoolClient | Pool,
  memberId: string,
  at: number,
  windowMonths: number | null,
): Promise<number> {
  const from = windowMonths === null ? 0 : addMonths(at, -windowMonths);
  const r = await db.query(
    `SELECT coalesce(sum(paid_minor - refunded_minor), 0)::bigint AS s FROM chain_purchases
     WHERE member_id = $1 AND occurred_at >= $2 AND occurred_at <= $3`,
    [memberId, from, at],
  );
  return Number(r.rows[0].s);
}
