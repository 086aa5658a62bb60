import type { Migration } from '../migration';

/**
 * Rewards that change the bill (issue 11 item 2).
 *
 * - `rewards` is rebuilt for its kind CHECK (adds `percentOff` and `freeProduct`) with
 *   the new kinds' terms: `percent_bp` (basis points, 1–10,000) and `max_discount_minor`
 *   for percentOff, `product_sku` and `product_units` for freeProduct. Every existing
 *   row is copied unchanged (its new columns NULL), ids, stock and dates included.
 *   The rows go through a temporary copy, so reward_redemptions' REFERENCES keep naming
 *   `rewards` (a RENAME would repoint them at the old table); no trigger or view names it.
 * - `reward_redemptions.purchase_id`: a bill reward's redemption is linked to the
 *   receipt it was redeemed on; `points_returned` / `discount_returned_minor` are what
 *   refunds of that receipt have given back so far (0 for every existing row).
 * - `points_purchases.reward_discount_minor` / `redemption_id` and
 *   `points_purchase_lines.reward_discount_minor`: the bill reward's discount, split onto
 *   the lines (0 for every existing purchase, so what it paid is unchanged);
 *   `points_refunds.reward_points_returned`: what a refund gave back of that reward.
 *   ADD COLUMN only: the sync capture triggers (migration 012) stay as they are.
 */
export const m013BillRewards: Migration = {
  version: 13,
  name: '013-bill-rewards',
  up(db) {
    // Redemptions reference rewards: their check waits for the commit, by when every row
    // they name is back (inserting a parent row settles the deferred check).
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
      CREATE TEMP TABLE rewards_v4 AS SELECT * FROM rewards;
      DROP TABLE rewards;
      CREATE TABLE rewards (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('goods', 'coupon', 'discount', 'percentOff', 'freeProduct')),
        cost_points INTEGER NOT NULL CHECK (cost_points > 0),
        stock INTEGER CHECK (stock IS NULL OR stock >= 0),
        discount_minor INTEGER CHECK (discount_minor IS NULL OR discount_minor > 0),
        active_from INTEGER,
        active_until INTEGER,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        created_by TEXT REFERENCES staff(id),
        percent_bp INTEGER CHECK (percent_bp IS NULL OR (percent_bp >= 1 AND percent_bp <= 10000)),
        max_discount_minor INTEGER CHECK (max_discount_minor IS NULL OR max_discount_minor > 0),
        product_sku TEXT,
        product_units INTEGER CHECK (product_units IS NULL OR product_units > 0),
        CHECK (kind <> 'percentOff' OR percent_bp IS NOT NULL),
        CHECK (kind <> 'freeProduct' OR product_sku IS NOT NULL)
      ) STRICT;
      INSERT INTO rewards (id, name, description, kind, cost_points, stock, discount_minor, active_from, active_until,
                           active, created_at, updated_at, created_by)
        SELECT id, name, description, kind, cost_points, stock, discount_minor, active_from, active_until,
               active, created_at, updated_at, created_by
        FROM rewards_v4;
      DROP TABLE rewards_v4;
      CREATE INDEX rewards_cost ON rewards(active, cost_points);

      ALTER TABLE reward_redemptions ADD COLUMN purchase_id TEXT REFERENCES points_purchases(id);
      ALTER TABLE reward_redemptions ADD COLUMN points_returned INTEGER NOT NULL DEFAULT 0 CHECK (points_returned >= 0);
      ALTER TABLE reward_redemptions ADD COLUMN discount_returned_minor INTEGER NOT NULL DEFAULT 0
        CHECK (discount_returned_minor >= 0);
      CREATE INDEX reward_redemptions_purchase ON reward_redemptions(purchase_id) WHERE purchase_id IS NOT NULL;

      ALTER TABLE points_purchases ADD COLUMN reward_discount_minor INTEGER NOT NULL DEFAULT 0
        CHECK (reward_discount_minor >= 0);
      ALTER TABLE points_purchases ADD COLUMN redemption_id TEXT;
      ALTER TABLE points_purchase_lines ADD COLUMN reward_discount_minor INTEGER NOT NULL DEFAULT 0
        CHECK (reward_discount_minor >= 0);
      ALTER TABLE points_refunds ADD COLUMN reward_points_returned INTEGER NOT NULL DEFAULT 0
        CHECK (reward_points_returned >= 0);
    `);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`013: ${broken.length} foreign key problems after rebuilding rewards`);
  },
};
