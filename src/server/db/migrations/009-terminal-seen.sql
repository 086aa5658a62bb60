-- When head office last heard each terminal push and pull, for the head office page's
-- "online / last synced" view. `last_seen_at` (001) moves on any authenticated request
-- and only every 30 s; these two say when the terminal last SYNCED, which is what a
-- manager asks when figures look stale. Written at most every 30 s for pulls (an idle
-- terminal pulls every ~15 s), on every push (a push writes the terminal's row anyway).

ALTER TABLE terminals
  ADD COLUMN last_push_at bigint,
  ADD COLUMN last_pull_at bigint;
