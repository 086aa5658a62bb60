import type { Migration } from '../migration';

/**
 * Points: versioned rule sets, the append-only ledger, cached balances, expiry lots,
 * purchases and refunds, and the idempotency record of every write operation.
 *
 * - `points_ledger` is append-only (triggers refuse UPDATE and DELETE): corrections are
 *   new entries. `seq` is the local append order; `id` is a UUIDv7 so ledgers from
 *   several terminals can merge. The (member_id, seq, points) index covers both the
 *   member history and the start-up sum check.
 * - `points_balances` caches each member's sum of entries; it is written in the same
 *   transaction as the entry, and the start-up check compares it with the real sum.
 * - `points_lots`: earned points with their expiry; spending consumes the oldest first.
 *   Invariant: sum(remaining) = max(0, balance). `points_lot_uses` records which lot
 *   each debit consumed, so a void or a returned payment restores the same expiry.
 * - `points_rule_sets` rows are immutable too: a purchase names the version that
 *   awarded it, and that version must never change under it.
 */
/** Frozen here (not imported) so that editing today's defaults never changes this step. */
const VERSION_1_RULES = JSON.stringify({
  earnRate: { points: 1, perMinor: 100 },
  rounding: 'down',
  minSpendMinor: 0,
  redeemValue: { minor: 1, perPoints: 1 },
  payWithPointsAllowed: false,
  payWithPointsMaxPercent: 100,
  expiryMonths: 0,
  redeemRequiresPin: false,
  refundPolicy: 'clawBackNegative',
  tierWindowMonths: 12,
  tiers: [],
  categoryMultipliers: [],
  skuMultipliers: [],
  promotions: [],
});

export const m003Points: Migration = {
  version: 3,
  name: '003-points',
  up(db) {
    db.exec(`
      CREATE TABLE points_rule_sets (
        version INTEGER PRIMARY KEY,
        effective_from INTEGER NOT NULL,
        rules TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT REFERENCES staff(id)
      ) STRICT;
      CREATE INDEX points_rule_sets_effective ON points_rule_sets(effective_from, version);
      CREATE TRIGGER points_rule_sets_no_update BEFORE UPDATE ON points_rule_sets
      BEGIN SELECT RAISE(ABORT, 'rule sets are immutable: save a new version'); END;
      CREATE TRIGGER points_rule_sets_no_delete BEFORE DELETE ON points_rule_sets
      BEGIN SELECT RAISE(ABORT, 'rule sets are immutable: save a new version'); END;

      CREATE TABLE points_ledger (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        member_id TEXT NOT NULL REFERENCES members(id),
        kind TEXT NOT NULL CHECK (kind IN ('earn', 'pay', 'redeem', 'redeem_void', 'refund_return',
          'refund_clawback', 'expire', 'adjust', 'clear')),
        points INTEGER NOT NULL,
        balance_after INTEGER NOT NULL,
        op_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        staff_id TEXT REFERENCES staff(id),
        rule_version INTEGER REFERENCES points_rule_sets(version),
        ref_id TEXT,
        reason TEXT,
        explanation TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX points_ledger_member ON points_ledger(member_id, seq, points);
      CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
      BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;
      CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
      BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;

      CREATE TABLE points_balances (
        member_id TEXT PRIMARY KEY REFERENCES members(id),
        balance INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      -- A member's cached balance is updated, never removed: a missing row would hide a
      -- mismatch from the start-up check, which walks balances.
      CREATE TRIGGER points_balances_no_delete BEFORE DELETE ON points_balances
      BEGIN SELECT RAISE(ABORT, 'points_balances rows are never deleted'); END;

      CREATE TABLE points_lots (
        id INTEGER PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members(id),
        entry_id TEXT NOT NULL,
        points INTEGER NOT NULL CHECK (points > 0),
        remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= points),
        earned_at INTEGER NOT NULL,
        expires_at INTEGER
      ) STRICT;
      CREATE INDEX points_lots_open ON points_lots(member_id, earned_at, id) WHERE remaining > 0;
      CREATE INDEX points_lots_due ON points_lots(expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
      -- No index on entry_id: the one lookup by origin (a claw-back taking back the
      -- purchase's own lot) goes through points_purchases.earn_lot_id instead, which saves
      -- an index page on every award.

      CREATE TABLE points_lot_uses (
        entry_id TEXT NOT NULL,
        lot_id INTEGER NOT NULL REFERENCES points_lots(id),
        points INTEGER NOT NULL CHECK (points > 0),
        PRIMARY KEY (entry_id, lot_id)
      ) STRICT, WITHOUT ROWID;

      -- A rowid table in time order: results (up to ~1-2 KB of JSON) sit in append-only
      -- pages instead of overflowing a random-keyed index, and pruning the oldest is a
      -- range at the start. Only the small op_id key goes in the (random) unique index.
      CREATE TABLE points_operations (
        seq INTEGER PRIMARY KEY,
        op_id TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL,
        payload_hash TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE points_purchases (
        id TEXT PRIMARY KEY,
        receipt_no TEXT NOT NULL UNIQUE,
        member_id TEXT NOT NULL REFERENCES members(id),
        op_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        staff_id TEXT REFERENCES staff(id),
        total_minor INTEGER NOT NULL CHECK (total_minor > 0),
        discount_minor INTEGER NOT NULL CHECK (discount_minor >= 0),
        paid_minor INTEGER NOT NULL CHECK (paid_minor >= 0),
        points_used INTEGER NOT NULL CHECK (points_used >= 0),
        points_earned INTEGER NOT NULL CHECK (points_earned >= 0),
        rule_version INTEGER NOT NULL REFERENCES points_rule_sets(version),
        tier_name TEXT,
        explanation TEXT NOT NULL,
        breakdown TEXT NOT NULL,
        earn_entry_id TEXT,
        -- The lot this purchase's points formed (NULL when they only paid off a debt).
        earn_lot_id INTEGER,
        pay_entry_id TEXT,
        created_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      -- Clustered on the UUIDv7 id, i.e. in time order: "the last N purchases" (the rules
      -- preview) reads the end of the table, and the id needs no separate index.
      CREATE INDEX points_purchases_member ON points_purchases(member_id, created_at, paid_minor);
      -- Reports by period (appends at the end, so one page per award).
      CREATE INDEX points_purchases_created ON points_purchases(created_at);

      CREATE TABLE points_purchase_lines (
        purchase_id TEXT NOT NULL REFERENCES points_purchases(id),
        line_no INTEGER NOT NULL,
        sku TEXT,
        category TEXT,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
        amount_minor INTEGER NOT NULL,
        discount_minor INTEGER NOT NULL,
        points_earned INTEGER NOT NULL,
        points_used INTEGER NOT NULL,
        -- A line can never be returned more than was bought, even by a buggy caller.
        returned_quantity INTEGER NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0 AND returned_quantity <= quantity),
        PRIMARY KEY (purchase_id, line_no)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE points_refunds (
        id TEXT PRIMARY KEY,
        purchase_id TEXT NOT NULL REFERENCES points_purchases(id),
        member_id TEXT NOT NULL REFERENCES members(id),
        op_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        staff_id TEXT REFERENCES staff(id),
        amount_minor INTEGER NOT NULL,
        points_owed INTEGER NOT NULL,
        points_clawed_back INTEGER NOT NULL,
        shortfall INTEGER NOT NULL,
        points_returned INTEGER NOT NULL,
        policy TEXT NOT NULL,
        explanation TEXT NOT NULL,
        lines TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX points_refunds_purchase ON points_refunds(purchase_id);
      CREATE INDEX points_refunds_member ON points_refunds(member_id, created_at);
    `);
    // Version 1: the defaults a fresh store earns by, in force from the beginning of time.
    db.prepare(
      'INSERT INTO points_rule_sets (version, effective_from, rules, created_at, created_by) VALUES (1, 0, ?, 0, NULL)',
    ).run(VERSION_1_RULES);
  },
};
