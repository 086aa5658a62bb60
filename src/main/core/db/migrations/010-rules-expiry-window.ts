import type { Migration } from '../migration';

/**
 * Rules that real programmes need (issue 11): expiry by date, programme windows.
 * Stored rule sets are NOT rewritten (they are immutable, and every field added to the
 * rule schema in 010 is optional, absent meaning exactly what a version meant before),
 * so every existing version parses and prices as it always did.
 *
 * - `points_rule_sets.effective_until`: a version's programme window end (its rules'
 *   `endsAt`, exclusive), so "which version is in force" stays one indexed lookup.
 *   Existing versions have none (NULL: open-ended), as before. ADD COLUMN is not an
 *   UPDATE: the immutability triggers stay as they are.
 * - `points_lots_spend`: spending now takes the soonest-expiring lot first and the
 *   never-expiring last (ledger.ts#consumeLots), and a spend first expires the member's
 *   due lots; both read one member's open lots in exactly this key order.
 */
export const m010RulesExpiryWindow: Migration = {
  version: 10,
  name: '010-rules-expiry-window',
  up(db) {
    db.exec(`
      ALTER TABLE points_rule_sets ADD COLUMN effective_until INTEGER;
      CREATE INDEX points_lots_spend ON points_lots(member_id, expires_at IS NULL, expires_at, earned_at, id)
        WHERE remaining > 0;
    `);
  },
};
