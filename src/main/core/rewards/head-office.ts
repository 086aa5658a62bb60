import type { Db } from '../db/open-database';
import type { RewardKind } from '../../../shared/contract/rewards';

/**
 * A reward authored at head office (for the chain or this store), as core/sync pulls it:
 * written into the catalogue under head office's id, so the counter offers and redeems
 * it like a local one (the redemption is pushed as a ledger op). Head office keeps no
 * stock: its rewards have none here either. For core/sync, inside its transaction.
 */
export interface HeadOfficeReward {
  id: string;
  name: string;
  description: string | null;
  kind: RewardKind;
  costPoints: number;
  discountMinor: number | null;
  activeFrom: number | null;
  activeUntil: number | null;
  active: boolean;
  updatedAt: number;
}

export function applyHeadOfficeReward(db: Db, r: HeadOfficeReward, now: number): void {
  db.prepare(
    `INSERT INTO rewards (id, name, description, kind, cost_points, stock, discount_minor, active_from, active_until,
       active, created_at, updated_at, created_by)
     VALUES (@id, @name, @description, @kind, @cost_points, NULL, @discount_minor, @active_from, @active_until,
       @active, @created_at, @updated_at, NULL)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, kind = excluded.kind,
       cost_points = excluded.cost_points, discount_minor = excluded.discount_minor,
       active_from = excluded.active_from, active_until = excluded.active_until, active = excluded.active,
       updated_at = excluded.updated_at`,
  ).run({
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    cost_points: r.costPoints,
    discount_minor: r.discountMinor,
    active_from: r.activeFrom,
    active_until: r.activeUntil,
    active: r.active ? 1 : 0,
    created_at: now,
    updated_at: r.updatedAt,
  });
}
