import type { Migration } from '../migration';

/**
 * Version 25 (issue 12): in chain mode head office expires the chain's points (its
 * migration 015), so "expiring soon" at the counter comes from head office too: each
 * balance it sends carries the member's soonest expiry dates (`expiring`, JSON
 * `[{points, expiresAt}]`), kept here beside the balance (sync/kept-balance.ts) and read
 * by sync/chain-expiring.ts. NULL: head office sent none (an older head office, or the
 * member has no expiring points there).
 */
export const m025ChainExpiring: Migration = {
  version: 25,
  name: '025-chain-expiring',
  up(db) {
    db.exec(`ALTER TABLE sync_balances ADD COLUMN expiring TEXT CHECK (expiring IS NULL OR json_valid(expiring));`);
  },
};
