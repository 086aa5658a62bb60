import type { Migration } from '../migration';

/**
 * Version 23 (issue 12): a provisional member's stamp cards move to the real member at
 * the merge (points/provisional-transfer.ts), by two appended goal entries of a new kind
 * `merge` — out of the provisional member's card, onto the real member's — as its points
 * already move by two `adjust` entries. SQLite cannot change a CHECK in place, so
 * `points_goal_ledger` is rebuilt (its documented table change): rows copied with their
 * seq, then its indexes and triggers — the append-only guards and 019's capture trigger —
 * re-created from their own stored SQL, so they stay exactly what they were.
 *
 * The merge runs inside a pull, with the capture off: head office already applied the
 * card's goal moves to the real member (its `goals.move` ops named the card), so a
 * `merge` entry is never captured or pushed.
 */
export const m023GoalCardMerge: Migration = {
  version: 23,
  name: '023-goal-card-merge',
  up(db) {
    const kept = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'points_goal_ledger' AND type IN ('index', 'trigger') AND sql IS NOT NULL",
      )
      .pluck()
      .all() as string[];
    db.exec(`
      CREATE TABLE points_goal_ledger_v23 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        member_id TEXT NOT NULL REFERENCES members(id),
        goal_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('progress', 'issue', 'withdraw', 'clawback', 'merge')),
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
      INSERT INTO points_goal_ledger_v23 SELECT seq, id, member_id, goal_key, kind, amount, balance_after, ref_id,
        voucher_id, op_id, terminal_id, staff_id, rule_version, facts, created_at FROM points_goal_ledger;
      DROP TABLE points_goal_ledger;
      ALTER TABLE points_goal_ledger_v23 RENAME TO points_goal_ledger;
    `);
    for (const sql of kept) db.exec(sql);
  },
};
