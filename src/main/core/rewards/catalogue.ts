import type { Db, ReadDb } from '../db/open-database';
import type { Refuser } from '../context';
import type { RewardDto, RewardKind } from '../../../shared/contract/rewards';
import { stmt } from '../db/statements';
import type { Minor, Points } from '../../../shared/units';
import type { BillRewardTerms } from '../../../shared/rewards/bill-discount';

export interface RewardRow {
  id: string;
  name: string;
  description: string | null;
  kind: RewardKind;
  cost_points: Points;
  stock: number | null;
  discount_minor: Minor | null;
  percent_bp: number | null;
  max_discount_minor: Minor | null;
  product_sku: string | null;
  product_units: number | null;
  active_from: number | null;
  active_until: number | null;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface RewardFields {
  name: string;
  description?: string;
  kind: RewardKind;
  costPoints: Points;
  stock?: number | null;
  discountMinor?: Minor | null;
  percentBp?: number | null;
  maxDiscountMinor?: Minor | null;
  productSku?: string | null;
  productUnits?: number | null;
  activeFrom?: number | null;
  activeUntil?: number | null;
  active?: boolean;
}

/** Active flag on, inside its window (from inclusive, until exclusive), and in stock. */
export function isAvailable(r: RewardRow, now: number): boolean {
  return (
    r.active === 1 &&
    (r.active_from === null || r.active_from <= now) &&
    (r.active_until === null || now < r.active_until) &&
    (r.stock === null || r.stock > 0)
  );
}

export function toRewardDto(r: RewardRow, now: number): RewardDto {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    costPoints: r.cost_points,
    stock: r.stock,
    discountMinor: r.discount_minor,
    percentBp: r.percent_bp,
    maxDiscountMinor: r.max_discount_minor,
    productSku: r.product_sku,
    productUnits: r.product_units,
    activeFrom: r.active_from,
    activeUntil: r.active_until,
    active: r.active === 1,
    availableNow: isAvailable(r, now),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function findReward(db: ReadDb, id: string): RewardRow | undefined {
  return stmt(db, 'SELECT * FROM rewards WHERE id = ?').get(id) as RewardRow | undefined;
}

export function loadReward(ctx: Refuser<'rewardNotFound'>, id: string): RewardRow {
  const row = findReward(ctx.db, id);
  if (!row) throw ctx.refuse('rewardNotFound', { field: 'rewardId', rewardId: id });
  return row;
}

export function listRewards(db: ReadDb, includeInactive: boolean): RewardRow[] {
  return db
    .prepare(`SELECT * FROM rewards ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY cost_points, name, id`)
    .all() as RewardRow[];
}

/** The editable columns, as named parameters: insert and update write them alike. */
function fieldParams(f: RewardFields) {
  return {
    name: f.name.trim(),
    description: f.description?.trim() || null,
    kind: f.kind,
    cost_points: f.costPoints,
    stock: f.stock ?? null,
    discount_minor: f.discountMinor ?? null,
    percent_bp: f.percentBp ?? null,
    max_discount_minor: f.maxDiscountMinor ?? null,
    product_sku: f.productSku?.trim() || null,
    // A free product gives one unit unless the manager says more.
    product_units: f.kind === 'freeProduct' ? (f.productUnits ?? 1) : null,
    active_from: f.activeFrom ?? null,
    active_until: f.activeUntil ?? null,
    active: f.active === false ? 0 : 1,
  };
}

export function insertReward(db: Db, id: string, f: RewardFields, now: number, staffId: string | null): void {
  db.prepare(
    `INSERT INTO rewards (id, name, description, kind, cost_points, stock, discount_minor, percent_bp,
       max_discount_minor, product_sku, product_units, active_from, active_until, active, created_at, updated_at,
       created_by)
     VALUES (@id, @name, @description, @kind, @cost_points, @stock, @discount_minor, @percent_bp,
       @max_discount_minor, @product_sku, @product_units, @active_from, @active_until, @active, @created_at,
       @updated_at, @created_by)`,
  ).run({ ...fieldParams(f), id, created_at: now, updated_at: now, created_by: staffId });
}

export function updateReward(db: Db, id: string, f: RewardFields, now: number): void {
  db.prepare(
    `UPDATE rewards SET name = @name, description = @description, kind = @kind, cost_points = @cost_points,
       stock = @stock, discount_minor = @discount_minor, percent_bp = @percent_bp,
       max_discount_minor = @max_discount_minor, product_sku = @product_sku, product_units = @product_units,
       active_from = @active_from, active_until = @active_until,
       active = @active, updated_at = @updated_at WHERE id = @id`,
  ).run({ ...fieldParams(f), updated_at: now, id });
}

/** A bill reward's terms as the shared calculation reads them (shared/rewards/bill-discount.ts). */
export function billTermsOf(r: RewardRow): BillRewardTerms {
  return {
    kind: r.kind as BillRewardTerms['kind'],
    discountMinor: r.discount_minor,
    percentBp: r.percent_bp,
    maxDiscountMinor: r.max_discount_minor,
    productSku: r.product_sku,
    productUnits: r.product_units,
  };
}
