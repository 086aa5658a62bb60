import type { Migration } from '../migration';

/**
 * Version 24 (issue 12): the programme bonuses the chain has already given a member, as
 * head office sends them (entity `bonus`, head office migration 014: one row per claim in
 * its `bonus_claims`). points/bonuses.ts#hasBonus reads them beside this terminal's own
 * ledger, so a welcome, birthday or referral bonus another store gave is not given again
 * here. No foreign key to members: a claim can arrive before its member does. A standalone
 * terminal never gets a row.
 */
export const m024ChainBonuses: Migration = {
  version: 24,
  name: '024-chain-bonuses',
  up(db) {
    db.exec(`
      CREATE TABLE points_chain_bonuses (
        member_id TEXT NOT NULL,
        bonus_key TEXT NOT NULL CHECK (bonus_key LIKE 'bonus:%'),
        PRIMARY KEY (member_id, bonus_key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
