import type { RuleSet } from '../../shared/contract/points';
import type { RuleSetWire } from '../../shared/sync';
import type { ServiceContext } from '../context';
import type { Pool, PoolClient } from '../db/pool';
import { recordAdminAction } from '../admin/actions';
import { withTx } from '../db/tx';
import { notFound } from '../errors';
import { newId } from '../ids';

/**
 * Rules and rewards authored at head office, chain-wide (storeId null) or for one store.
 * Saving writes a row; the change log's trigger takes it to the terminals that may see it.
 */

async function requireStore(ctx: ServiceContext, storeId: string | null) {
  if (storeId === null) return;
  const r = await ctx.pool.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
  if (r.rowCount === 0) throw notFound('Store', { storeId });
}

export async function saveRules(
  ctx: ServiceContext,
  input: { storeId: string | null; effectiveFrom: number; rules: RuleSet },
): Promise<{ id: string; version: number }> {
  await requireStore(ctx, input.storeId);
  const id = newId();
  const at = ctx.now();
  return withTx(ctx.pool, async (db) => {
    const r = await db.query(
      `INSERT INTO rule_sets (id, store_id, effective_from, rules, created_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING version`,
      [id, input.storeId, input.effectiveFrom, JSON.stringify(input.rules), at],
    );
    const version = r.rows[0].version as number;
    await recordAdminAction(db, at, { action: 'rules.saved', storeId: input.storeId, details: { version } });
    return { id, version };
  });
}

/** A head office rule set by its version (the number terminals quote when they earned by it). */
export async function ruleSetByVersion(db: Pool | PoolClient, version: number): Promise<RuleSetWire | null> {
  const r = await db.query('SELECT rule_wire(r) AS w FROM rule_sets r WHERE version = $1', [version]);
  return (r.rows[0]?.w as RuleSetWire | undefined) ?? null;
}

export interface RewardFields {
  name: string;
  description?: string | null;
  kind: 'goods' | 'coupon' | 'discount';
  costPoints: number;
  discountMinor?: number | null;
  activeFrom?: number | null;
  activeUntil?: number | null;
  active?: boolean;
  stock?: number | null;
}

export async function saveReward(
  ctx: ServiceContext,
  input: { id?: string; storeId: string | null; reward: RewardFields },
): Promise<{ id: string; version: number }> {
  await requireStore(ctx, input.storeId);
  const id = input.id ?? newId();
  const at = ctx.now();
  const f = input.reward;
  return withTx(ctx.pool, async (db) => {
    const r = await db.query(
      `INSERT INTO rewards (id, store_id, name, description, kind, cost_points, discount_minor, active_from, active_until,
       active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (id) DO UPDATE SET store_id = EXCLUDED.store_id, name = EXCLUDED.name,
       description = EXCLUDED.description, kind = EXCLUDED.kind, cost_points = EXCLUDED.cost_points,
       discount_minor = EXCLUDED.discount_minor, active_from = EXCLUDED.active_from,
       active_until = EXCLUDED.active_until, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
     RETURNING version`,
      [
        id,
        input.storeId,
        f.name.trim(),
        f.description ?? null,
        f.kind,
        f.costPoints,
        f.discountMinor ?? null,
        f.activeFrom ?? null,
        f.activeUntil ?? null,
        f.active ?? true,
        at,
      ],
    );
    const version = r.rows[0].version as number;
    await recordAdminAction(db, at, {
      action: 'reward.saved',
      storeId: input.storeId,
      details: { name: f.name.trim(), version },
    });
    return { id, version };
  });
}
