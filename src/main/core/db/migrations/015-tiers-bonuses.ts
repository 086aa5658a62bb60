import type { Migration } from '../migration';

/**
 * Version 15 (issue 11 items 3, 5, 6: several spend rules, labels, 3-decimal multipliers,
 * tier settings, programme bonuses).
 *
 * Stored rule sets are carried forward UNCHANGED: every new rule field is optional and
 * absent means exactly what it meant before (one spend rate, whole-percent multipliers,
 * the purchase not counting towards its own tier, the rolling window, downgrade at once,
 * no bonuses), so no row is touched — test/core/migrations/015-tiers-bonuses.test.ts
 * checks that every earlier shape parses and prices as before.
 *
 * - `points_referrals`: who referred a member, recorded at registration; both are paid
 *   at the referred member's first qualifying purchase (points/bonuses.ts). One referrer
 *   per member, never the member themself.
 * - `points_ledger_bonus_once`: a programme bonus (ref_id `bonus:…`) exists at most once
 *   per member — the code looks before it writes, this makes a second write impossible.
 */
export const m015TiersBonuses: Migration = {
  version: 15,
  name: '015-tiers-bonuses',
  up(db) {
    db.exec(`
      CREATE TABLE points_referrals (
        member_id TEXT PRIMARY KEY REFERENCES members(id),
        referrer_id TEXT NOT NULL REFERENCES members(id),
        created_at INTEGER NOT NULL,
        CHECK (member_id <> referrer_id)
      ) STRICT;
      CREATE INDEX points_referrals_referrer ON points_referrals(referrer_id);
      CREATE UNIQUE INDEX points_ledger_bonus_once ON points_ledger(member_id, ref_id) WHERE ref_id LIKE 'bonus:%';
    `);
  },
};
