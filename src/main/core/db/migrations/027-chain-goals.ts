import type { Migration } from '../migration';

/**
 * Version 27 (issue 12): stamp cards add up across the chain. Head office sends each
 * member's chain goal balances (its migration 017), kept in `sync_goals` (one row per
 * member: the cards as JSON `[{goalKey, balance}]` and head office's version), and in
 * chain mode the counter progresses the chain's card (sync/chain-goals.ts): stamps from
 * North and South reach the goal together, and whichever store's purchase reaches it
 * issues the voucher.
 *
 * This terminal's own goal ledger is then its part of the chain's card, which can go below
 * zero (it issued a voucher from stamps another store collected), as its points ledger
 * already can in chain mode. SQLite cannot drop a CHECK in place, so `points_goal_ledger`
 * and `points_goal_balances` are rebuilt without `>= 0` (the documented table change of 023:
 * rows copied with their seq, indexes and triggers re-created from their stored SQL, so
 * the append-only guards and the capture trigger stay exactly what they were). A lone
 * terminal still never goes below zero: points/goals.ts#applyGoalEntry refuses it.
 */
function rebuild(db: Parameters<Migration['up']>[0], table: string, create: string, columns: string) {
  const kept = db
    .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL`)
    .pluck()
    .all(table) as string[];
  db.exec(`
    ${create.replace(`CREATE TABLE ${table} `, `CREATE TABLE ${table}_v27 `)};
    INSERT INTO ${table}_v27 (${columns}) SELECT ${columns} FROM ${table};
    DROP TABLE ${table};
    ALTER TABLE ${table}_v27 RENAME TO ${table};
  `);
  for (const sql of kept) db.exec(sql);
}

export const m027ChainGoals: Migration = {
  version: 27,
  name: '027-chain-goals',
  up(db) {
    rebuild(
      db,
      'points_goal_ledger',
      `CREATE TABLE points_goal_ledger (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        member_id TEXT NOT NULL REFERENCES members(id),
        goal_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('progress', 'issue', 'withdraw', 'clawback', 'merge')),
        amount INTEGER NOT NULL CHECK (amount <> 0),
        balance_after INTEGER NOT NULL,
        ref_id TEXT,
        voucher_id TEXT,
        op_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        staff_id TEXT,
        rule_version INTEGER,
        facts TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      `seq, id, member_id, goal_key, kind, amount, balance_after, ref_id, voucher_id, op_id, terminal_id, staff_id,
        rule_version, facts, created_at`,
    );
    rebuild(
      db,
      'points_goal_balances',
      `CREATE TABLE points_goal_balances (
        member_id TEXT NOT NULL REFERENCES members(id),
        goal_key TEXT NOT NULL,
        balance INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (member_id, goal_key)
      ) WITHOUT ROWID`,
      'member_id, goal_key, balance, updated_at',
    );
    db.exec(`
      CREATE TABLE sync_goals (
        member_id TEXT PRIMARY KEY,
        goals TEXT NOT NULL CHECK (json_valid(goals)),
        version INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
