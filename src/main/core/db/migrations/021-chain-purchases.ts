import type { Migration } from '../migration';

/**
 * Version 21 (issue 12, chain-wide tiers): the chain's purchases as head office sends them
 * (entity `purchase`, head office migration 013) — each with what it paid and what refunds
 * took back from it — so a member's tier here is measured over what they spent at every
 * store. Tier code (points/tier-policy.ts) reads this terminal's own purchases plus the
 * rows here whose purchase it does not hold itself; a standalone terminal never gets a
 * row, so its tiers read exactly as before.
 *
 * No foreign key to members: a row can arrive before its member does (or for a member
 * this terminal only meets later), and must count once it does. `at` is the recording
 * terminal's clock, like `points_purchases.created_at`.
 *
 * `points_refunds_op`: the outbox step looks up the refunds an operation wrote by its op id
 * (a refund that moved no points has no ledger entry to find it by), on every chain write.
 */
export const m021ChainPurchases: Migration = {
  version: 21,
  name: '021-chain-purchases',
  up(db) {
    db.exec(`
      CREATE TABLE sync_chain_purchases (
        purchase_id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL,
        terminal_id TEXT,
        at INTEGER NOT NULL,
        paid_minor INTEGER NOT NULL CHECK (paid_minor >= 0),
        refunded_minor INTEGER NOT NULL CHECK (refunded_minor >= 0),
        version INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sync_chain_purchases_member ON sync_chain_purchases(member_id, at);
      CREATE INDEX points_refunds_op ON points_refunds(op_id);
    `);
  },
};
