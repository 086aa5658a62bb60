import type { Migration } from '../migration';

/**
 * Rewards catalogue and redemptions. Stock is decremented with a guarded UPDATE
 * (`stock > 0`) inside the redeem transaction; the CHECK makes a negative stock
 * impossible even for a buggy caller. Coupon codes are unique across all redemptions.
 */
export const m004Rewards: Migration = {
  version: 4,
  name: '004-rewards',
  up(db) {
    db.exec(`
      CREATE TABLE rewards (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('goods', 'coupon', 'discount')),
        cost_points INTEGER NOT NULL CHECK (cost_points > 0),
        stock INTEGER CHECK (stock IS NULL OR stock >= 0),
        discount_minor INTEGER CHECK (discount_minor IS NULL OR discount_minor > 0),
        active_from INTEGER,
        active_until INTEGER,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        created_by TEXT REFERENCES staff(id)
      ) STRICT;
      CREATE INDEX rewards_cost ON rewards(active, cost_points);

      CREATE TABLE reward_redemptions (
        id TEXT PRIMARY KEY,
        op_id TEXT NOT NULL,
        member_id TEXT NOT NULL REFERENCES members(id),
        reward_id TEXT NOT NULL REFERENCES rewards(id),
        reward_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        points INTEGER NOT NULL CHECK (points > 0),
        coupon_code TEXT UNIQUE,
        discount_minor INTEGER,
        status TEXT NOT NULL CHECK (status IN ('active', 'voided')),
        void_reason TEXT,
        entry_id TEXT NOT NULL,
        void_entry_id TEXT,
        terminal_id TEXT NOT NULL,
        staff_id TEXT REFERENCES staff(id),
        voided_by TEXT REFERENCES staff(id),
        created_at INTEGER NOT NULL,
        voided_at INTEGER
      ) STRICT;
      CREATE INDEX reward_redemptions_member ON reward_redemptions(member_id, created_at);
      CREATE INDEX reward_redemptions_reward ON reward_redemptions(reward_id);
    `);
  },
};
