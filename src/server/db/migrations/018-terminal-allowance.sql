-- The worst case of offline spending, shown at head office (issue 12: "the worst-case
-- exposure is documented and shown at head office"). Offline, a terminal lets each member
-- spend at most its store's allowance per outage (chainOfflineAllowancePoints, a terminal
-- setting head office did not know). Terminals now say it with every pull and fresh
-- download, beside their outbox depth; the head office page adds up the allowances of the
-- terminals offline now: what one member could overdraw meanwhile (src/server/admin/overview.ts).
-- NULL: the terminal has not said (not pulled since, or older than this).

ALTER TABLE terminals ADD COLUMN offline_allowance_points integer
  CHECK (offline_allowance_points IS NULL OR offline_allowance_points >= 0);
