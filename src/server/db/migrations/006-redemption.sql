-- Online redemption and holds. Head office decides an online redemption with one
-- statement that appends the debit only if `balance − held ≥ cost` on the member's
-- locked balance row, so concurrent redemptions (any store) never overdraw.
--
-- A hold reserves points for one terminal to spend while offline, until it expires.
-- Invariant: balances.held = sum(remaining) of the member's active holds; every statement
-- that changes a hold's remaining or state moves `held` in the same transaction, and
-- `holds_check()` lists members where it does not hold.

CREATE TABLE holds (
  id uuid PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members(id),
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  points bigint NOT NULL CHECK (points > 0),
  remaining bigint NOT NULL CHECK (remaining >= 0 AND remaining <= points),
  state text NOT NULL CHECK (state IN ('active', 'used', 'released', 'expired')),
  expires_at bigint NOT NULL,
  created_at bigint NOT NULL,
  closed_at bigint,
  CHECK ((state = 'active') = (closed_at IS NULL))
);
CREATE INDEX holds_member_active ON holds(member_id, expires_at) WHERE state = 'active';

CREATE TABLE online_redemptions (
  id uuid PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members(id),
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  store_id uuid NOT NULL REFERENCES stores(id),
  reward_id uuid,
  points bigint NOT NULL CHECK (points > 0),
  hold_id uuid REFERENCES holds(id),
  entry_id uuid NOT NULL REFERENCES journal(id),
  -- The pushed op that later reported this redemption from the terminal's ledger.
  linked_op_id uuid UNIQUE,
  created_at bigint NOT NULL
);
CREATE INDEX online_redemptions_member ON online_redemptions(member_id);

CREATE FUNCTION holds_check() RETURNS TABLE (member_id uuid, cached_held bigint, holds bigint)
LANGUAGE sql STABLE AS $$
  SELECT b.member_id, b.held, coalesce(h.total, 0)::bigint
  FROM balances b
  LEFT JOIN (SELECT member_id, sum(remaining) AS total FROM holds WHERE state = 'active' GROUP BY member_id) h
    ON h.member_id = b.member_id
  WHERE b.held <> coalesce(h.total, 0)
$$;
