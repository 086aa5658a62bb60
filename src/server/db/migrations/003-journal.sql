-- The chain's points journal: append-only, one row per ledger entry any terminal wrote
-- (keeping the terminal's entry id, op id, terminal and store) or head office wrote
-- itself (terminal_id NULL: online redemptions, merges). Corrections are new entries.
--
-- `balances` caches each member's sum. It is moved ONLY by the trigger on journal
-- inserts, in the same statement as the entry, so no code path can append without
-- moving the balance; `journal_check()` compares every cached balance with the sum and
-- the tests call it after every scenario. `held` is the sum of the member's active holds
-- (migration 006 keeps it); available = balance − held.

CREATE TABLE journal (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  member_id uuid NOT NULL REFERENCES members(id),
  kind text NOT NULL CHECK (kind IN ('earn', 'pay', 'redeem', 'redeem_void', 'refund_return', 'refund_clawback',
    'expire', 'adjust', 'clear', 'merge_out', 'merge_in')),
  points bigint NOT NULL CHECK (points <> 0),
  op_id uuid NOT NULL,
  terminal_id uuid REFERENCES terminals(id),
  store_id uuid REFERENCES stores(id),
  ref_id text,
  occurred_at bigint NOT NULL,
  recorded_at bigint NOT NULL
);
CREATE INDEX journal_member ON journal(member_id, seq) INCLUDE (points);
CREATE INDEX journal_op ON journal(op_id);

CREATE TABLE balances (
  member_id uuid PRIMARY KEY REFERENCES members(id),
  balance bigint NOT NULL DEFAULT 0,
  held bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
  version bigint NOT NULL DEFAULT 1,
  updated_at bigint NOT NULL
);
CREATE TRIGGER balances_version BEFORE UPDATE ON balances FOR EACH ROW EXECUTE FUNCTION bump_version();

CREATE FUNCTION members_open_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO balances (member_id, updated_at) VALUES (NEW.id, NEW.created_at);
  RETURN NULL;
END $$;
CREATE TRIGGER members_balance AFTER INSERT ON members FOR EACH ROW EXECUTE FUNCTION members_open_balance();
-- Members registered before this step get their (zero) balance row too.
INSERT INTO balances (member_id, updated_at) SELECT id, created_at FROM members;

CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: write a correcting entry' USING ERRCODE = 'raise_exception';
END $$;
CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();

CREATE FUNCTION journal_move_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE balances SET balance = balance + NEW.points, updated_at = greatest(updated_at, NEW.recorded_at)
  WHERE member_id = NEW.member_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'member % has no balance row', NEW.member_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER journal_balance AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION journal_move_balance();

-- Members whose cached balance differs from the sum of their journal (none, always).
CREATE FUNCTION journal_check() RETURNS TABLE (member_id uuid, cached bigint, journal bigint)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(b.member_id, j.member_id), coalesce(b.balance, 0), coalesce(j.total, 0)::bigint
  FROM balances b
  FULL JOIN (SELECT member_id, sum(points) AS total FROM journal GROUP BY member_id) j ON j.member_id = b.member_id
  WHERE coalesce(b.balance, 0) <> coalesce(j.total, 0)
$$;
