import type { Migration } from '../migration';

/**
 * Goals with automatic rewards and promo codes (issue 11 items 4 and 7). Only new
 * tables: stored rule sets are NOT rewritten (immutable; `goals` and a promotion's
 * `promoProgramme` are optional, absent meaning exactly what a version meant before), so every
 * existing version parses and prices as it always did.
 *
 * - `points_goal_ledger`: append-only, one entry per move of a member's goal balance
 *   (progress from a purchase, a reward issued = −target, a withdrawn pending reward =
 *   +target, a refund's claw-back), each with its facts (shared/explain/goal-facts.ts).
 *   `points_goal_balances` caches the sum per member and goal; never below zero.
 * - `points_vouchers`: the rewards a goal issued, held by the member. A row changes once:
 *   used, or withdrawn by a refund while pending — the trigger allows nothing else.
 * - `points_promo_batches` / `points_promo_codes` / `points_promo_code_uses`: codes and
 *   every use (append-only); `use_no` ≤ max_uses and UNIQUE(code, use_no) make a second
 *   use of a single-use code impossible even if a check were skipped.
 */
export const m014GoalsPromoCodes: Migration = {
  version: 14,
  name: '014-goals-promo-codes',
  up(db) {
    db.exec(`
      CREATE TABLE points_goal_ledger (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        member_id TEXT NOT NULL REFERENCES members(id),
        goal_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('progress', 'issue', 'withdraw', 'clawback')),
        amount INTEGER NOT NULL CHECK (amount <> 0),
        balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
        ref_id TEXT,
        voucher_id TEXT,
        op_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        staff_id TEXT,
        rule_version INTEGER,
        facts TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX points_goal_ledger_member ON points_goal_ledger(member_id, goal_key, seq);
      CREATE INDEX points_goal_ledger_ref ON points_goal_ledger(ref_id) WHERE ref_id IS NOT NULL;
      CREATE TRIGGER points_goal_ledger_no_update BEFORE UPDATE ON points_goal_ledger
      BEGIN SELECT RAISE(ABORT, 'points_goal_ledger is append-only'); END;
      CREATE TRIGGER points_goal_ledger_no_delete BEFORE DELETE ON points_goal_ledger
      BEGIN SELECT RAISE(ABORT, 'points_goal_ledger is append-only'); END;

      CREATE TABLE points_goal_balances (
        member_id TEXT NOT NULL REFERENCES members(id),
        goal_key TEXT NOT NULL,
        balance INTEGER NOT NULL CHECK (balance >= 0),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (member_id, goal_key)
      ) WITHOUT ROWID;
      CREATE TRIGGER points_goal_balances_no_delete BEFORE DELETE ON points_goal_balances
      BEGIN SELECT RAISE(ABORT, 'points_goal_balances rows are never deleted'); END;

      CREATE TABLE points_vouchers (
        id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members(id),
        goal_key TEXT NOT NULL,
        target INTEGER NOT NULL CHECK (target > 0),
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('amountOff', 'freeItem')),
        value_minor INTEGER,
        sku TEXT,
        purchase_id TEXT NOT NULL,
        issue_entry_id TEXT NOT NULL,
        available_from INTEGER NOT NULL,
        expires_at INTEGER,
        created_at INTEGER NOT NULL,
        used_at INTEGER,
        used_op_id TEXT,
        used_by TEXT,
        used_receipt_no TEXT,
        withdrawn_at INTEGER,
        withdraw_entry_id TEXT,
        CHECK (used_at IS NULL OR withdrawn_at IS NULL)
      );
      CREATE INDEX points_vouchers_member ON points_vouchers(member_id, goal_key, created_at);
      CREATE TRIGGER points_vouchers_once BEFORE UPDATE ON points_vouchers
      WHEN OLD.used_at IS NOT NULL OR OLD.withdrawn_at IS NOT NULL
        OR NEW.id IS NOT OLD.id OR NEW.member_id IS NOT OLD.member_id OR NEW.goal_key IS NOT OLD.goal_key
        OR NEW.target IS NOT OLD.target OR NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind
        OR NEW.value_minor IS NOT OLD.value_minor OR NEW.sku IS NOT OLD.sku
        OR NEW.purchase_id IS NOT OLD.purchase_id OR NEW.issue_entry_id IS NOT OLD.issue_entry_id
        OR NEW.available_from IS NOT OLD.available_from OR NEW.expires_at IS NOT OLD.expires_at
        OR NEW.created_at IS NOT OLD.created_at
      BEGIN SELECT RAISE(ABORT, 'a voucher is used or withdrawn once, nothing else changes'); END;
      CREATE TRIGGER points_vouchers_no_delete BEFORE DELETE ON points_vouchers
      BEGIN SELECT RAISE(ABORT, 'vouchers are never deleted'); END;

      CREATE TABLE points_promo_batches (
        id TEXT PRIMARY KEY,
        code_key TEXT NOT NULL,
        max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
        generated INTEGER NOT NULL CHECK (generated IN (0, 1)),
        count INTEGER NOT NULL CHECK (count > 0),
        created_at INTEGER NOT NULL,
        created_by TEXT
      );
      CREATE TABLE points_promo_codes (
        code TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL REFERENCES points_promo_batches(id),
        code_key TEXT NOT NULL,
        max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
        generated INTEGER NOT NULL CHECK (generated IN (0, 1))
      ) WITHOUT ROWID;
      CREATE INDEX points_promo_codes_batch ON points_promo_codes(batch_id);
      CREATE TRIGGER points_promo_codes_no_update BEFORE UPDATE ON points_promo_codes
      BEGIN SELECT RAISE(ABORT, 'promo codes never change'); END;
      CREATE TRIGGER points_promo_codes_no_delete BEFORE DELETE ON points_promo_codes
      BEGIN SELECT RAISE(ABORT, 'promo codes are never deleted'); END;

      CREATE TABLE points_promo_code_uses (
        code TEXT NOT NULL REFERENCES points_promo_codes(code),
        use_no INTEGER NOT NULL CHECK (use_no > 0),
        purchase_id TEXT NOT NULL UNIQUE,
        member_id TEXT NOT NULL,
        op_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (code, use_no)
      ) WITHOUT ROWID;
      CREATE TRIGGER points_promo_code_uses_limit BEFORE INSERT ON points_promo_code_uses
      WHEN NEW.use_no > coalesce((SELECT max_uses FROM points_promo_codes WHERE code = NEW.code), NEW.use_no)
      BEGIN SELECT RAISE(ABORT, 'promo code used up'); END;
      CREATE TRIGGER points_promo_code_uses_no_update BEFORE UPDATE ON points_promo_code_uses
      BEGIN SELECT RAISE(ABORT, 'promo code uses are append-only'); END;
      CREATE TRIGGER points_promo_code_uses_no_delete BEFORE DELETE ON points_promo_code_uses
      BEGIN SELECT RAISE(ABORT, 'promo code uses are append-only'); END;
    `);
  },
};
