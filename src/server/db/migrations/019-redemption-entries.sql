-- Redemptions by reward at head office (issue 12: "the existing reports computed on
-- PostgreSQL"; the terminal's reports page has them, reports/period-reports.ts). Terminals
-- name, on each `redeem` and `redeem_void` entry they push, the redemption it belongs to and
-- the reward (terminal migration 028). One row per such journal entry, beside the journal
-- (which stays append-only and unchanged). A redemption decided online is journaled by head
-- office itself; its row comes with the terminal's copy of it, keyed by head office's entry.
-- The report counts a redemption as voided when a `redeem_void` row names the same redemption.
-- Redemptions pushed before this, or by older terminals, have no row: reported unnamed.

CREATE TABLE redemption_entries (
  entry_id uuid PRIMARY KEY REFERENCES journal(id),
  redemption_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('redeem', 'redeem_void')),
  reward_id uuid,
  reward_name text NOT NULL CHECK (length(reward_name) BETWEEN 1 AND 80)
);
CREATE INDEX redemption_entries_voids ON redemption_entries(redemption_id) WHERE kind = 'redeem_void';
