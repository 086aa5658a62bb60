-- Chain-wide expiry (issue 12: "in chain mode expiry runs only on the server"). Each
-- terminal expiring its own lots expired, at the store that earned them, points already
-- spent at another store: a double debit. Now terminals push how each credit expires
-- (`journal.lots`: [{points, expiresAt}], NULL = never; any rest of the credit never
-- expires) and head office keeps the chain's lots and expires them (src/server/expiry).
--
-- `point_lots` is a cache of the journal kept ONLY by the trigger below, in the same
-- statement as the entry, by the terminal's rules (src/main/core/points/ledger.ts): a
-- credit pays the member's debt first from its soonest-expiring parts, the rest forms
-- lots; a debit consumes the soonest-expiring lots first, never-expiring last, and what
-- they cannot cover is a negative balance. `lots_check()` compares the lots with the
-- balances (sum of remaining = greatest(0, balance), always). The trigger's name sorts
-- before `journal_balance` so it runs first and reads the balance BEFORE this entry; it
-- locks that balance row, so two pushes for one member keep the lots in turn.

ALTER TABLE journal ADD COLUMN lots jsonb;

CREATE TABLE point_lots (
  id bigserial PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members(id),
  entry_id uuid NOT NULL,
  remaining bigint NOT NULL CHECK (remaining > 0),
  expires_at bigint
);
CREATE INDEX point_lots_spend ON point_lots(member_id, expires_at NULLS LAST, id);
CREATE INDEX point_lots_due ON point_lots(expires_at) WHERE expires_at IS NOT NULL;

CREATE FUNCTION journal_keep_lots() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before bigint;
  debt bigint;
  part record;
  lot record;
  left_over bigint;
  pay bigint;
  covered bigint;
BEGIN
  SELECT balance INTO before FROM balances WHERE member_id = NEW.member_id FOR UPDATE;
  before := coalesce(before, 0);
  IF NEW.points > 0 THEN
    debt := greatest(0, -before);
    covered := 0;
    FOR part IN
      SELECT (l->>'points')::bigint AS points, (l->>'expiresAt')::bigint AS expires_at
      FROM jsonb_array_elements(coalesce(NEW.lots, '[]'::jsonb)) l
      ORDER BY (l->>'expiresAt')::bigint NULLS LAST
    LOOP
      covered := covered + part.points;
      pay := least(debt, part.points);
      debt := debt - pay;
      IF part.points - pay > 0 THEN
        INSERT INTO point_lots (member_id, entry_id, remaining, expires_at)
        VALUES (NEW.member_id, NEW.id, part.points - pay, part.expires_at);
      END IF;
    END LOOP;
    -- The rest of the credit never expires (and pays what debt is left, last).
    left_over := NEW.points - covered - debt;
    IF left_over > 0 THEN
      INSERT INTO point_lots (member_id, entry_id, remaining, expires_at) VALUES (NEW.member_id, NEW.id, left_over, NULL);
    END IF;
  ELSE
    left_over := -NEW.points;
    FOR lot IN
      SELECT id, remaining FROM point_lots WHERE member_id = NEW.member_id ORDER BY expires_at NULLS LAST, id
    LOOP
      EXIT WHEN left_over = 0;
      pay := least(left_over, lot.remaining);
      IF pay = lot.remaining THEN
        DELETE FROM point_lots WHERE id = lot.id;
      ELSE
        UPDATE point_lots SET remaining = remaining - pay WHERE id = lot.id;
      END IF;
      left_over := left_over - pay;
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER journal_a_keep_lots AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION journal_keep_lots();

-- What was journaled before this step never expires: one lot per positive balance.
INSERT INTO point_lots (member_id, entry_id, remaining, expires_at)
SELECT member_id, '00000000-0000-0000-0000-000000000000', balance, NULL FROM balances WHERE balance > 0;

-- Members whose open lots do not add up to greatest(0, balance) (none, always).
CREATE FUNCTION lots_check() RETURNS TABLE (member_id uuid, balance bigint, lots bigint)
LANGUAGE sql STABLE AS $$
  SELECT b.member_id, b.balance, coalesce(l.total, 0)::bigint
  FROM balances b LEFT JOIN (SELECT member_id, sum(remaining) AS total FROM point_lots GROUP BY member_id) l
    ON l.member_id = b.member_id
  WHERE greatest(0, b.balance) <> coalesce(l.total, 0)
$$;

-- The balance sent to terminals also says when the member's points expire (soonest 12
-- moments): the counter's "expiring soon" in chain mode (terminal migration 025).
CREATE OR REPLACE FUNCTION balance_wire(b balances) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('memberId', b.member_id, 'balance', b.balance, 'held', b.held,
    'version', b.version, 'updatedAt', b.updated_at,
    'expiring', coalesce((
      SELECT jsonb_agg(jsonb_build_object('points', e.points, 'expiresAt', e.expires_at) ORDER BY e.expires_at)
      FROM (SELECT expires_at, sum(remaining)::bigint AS points FROM point_lots
            WHERE member_id = b.member_id AND expires_at IS NOT NULL
            GROUP BY expires_at ORDER BY expires_at LIMIT 12) e), '[]'::jsonb))
$$;
