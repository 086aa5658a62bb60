-- What chain mode did not carry yet (issue 12): goal cards, vouchers, referrals, a
-- purchase's bill reward, programme bonuses once chain-wide, and an audit chain rewound
-- by a backup restore.
--
-- goal_journal / goal_balances: the chain's goal (stamp card) ledger, like the points
-- journal — append-only, one row per entry a terminal wrote (its entry id), balances moved
-- by the trigger in the same statement. A terminal's goal balance never goes below zero,
-- but two terminals' entries merge here, so the chain balance has no such CHECK.
--
-- vouchers: the vouchers goals issued, each changing once (used or withdrawn, never both;
-- the trigger allows nothing else). A voucher is used once chain-wide: the first use head
-- office records stands (used_op_id), a second is a rejected op. Every change is a pull
-- change row (entity 'voucher', every store: a member's voucher is good at any store).
--
-- member_referrals: who referred a member (one referrer per member).
--
-- bonus_claims: a programme bonus (welcome, birthday per year, referral: the terminal's
-- `bonus:…` ref id) is given once per member chain-wide — the primary key decides, inside
-- the op's savepoint, so two terminals racing the same key cannot both win.
--
-- store_receipts gains the purchase's bill reward: what a bill reward (or a voucher) took
-- off the bill, and which redemption or voucher it was.
--
-- audit_forks / audit_rewound: a terminal restored from a backup announces the restored
-- head; head office checks it holds that record, keeps the records after it (the span the
-- restore rewound) in audit_rewound and takes the new chain from there.

CREATE TABLE goal_journal (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  member_id uuid NOT NULL REFERENCES members(id),
  goal_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('progress', 'issue', 'withdraw', 'clawback')),
  amount bigint NOT NULL CHECK (amount <> 0),
  ref_id text,
  voucher_id uuid,
  op_id uuid NOT NULL,
  terminal_id uuid REFERENCES terminals(id),
  store_id uuid REFERENCES stores(id),
  occurred_at bigint NOT NULL,
  recorded_at bigint NOT NULL
);
CREATE INDEX goal_journal_member ON goal_journal(member_id, goal_key, seq);

CREATE TABLE goal_balances (
  member_id uuid NOT NULL REFERENCES members(id),
  goal_key text NOT NULL,
  balance bigint NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (member_id, goal_key)
);

CREATE TRIGGER goal_journal_no_update BEFORE UPDATE OR DELETE ON goal_journal
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER goal_journal_no_truncate BEFORE TRUNCATE ON goal_journal
  FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();

CREATE FUNCTION goal_journal_move_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO goal_balances (member_id, goal_key, balance, updated_at)
  VALUES (NEW.member_id, NEW.goal_key, NEW.amount, NEW.recorded_at)
  ON CONFLICT (member_id, goal_key) DO UPDATE
    SET balance = goal_balances.balance + EXCLUDED.balance,
        updated_at = greatest(goal_balances.updated_at, EXCLUDED.updated_at);
  RETURN NULL;
END $$;
CREATE TRIGGER goal_journal_balance AFTER INSERT ON goal_journal
  FOR EACH ROW EXECUTE FUNCTION goal_journal_move_balance();

-- Goal balances that differ from the sum of their journal (none, always).
CREATE FUNCTION goal_journal_check() RETURNS TABLE (member_id uuid, goal_key text, cached bigint, journal bigint)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(b.member_id, j.member_id), coalesce(b.goal_key, j.goal_key), coalesce(b.balance, 0),
    coalesce(j.total, 0)::bigint
  FROM goal_balances b
  FULL JOIN (SELECT member_id, goal_key, sum(amount) AS total FROM goal_journal GROUP BY member_id, goal_key) j
    ON j.member_id = b.member_id AND j.goal_key = b.goal_key
  WHERE coalesce(b.balance, 0) <> coalesce(j.total, 0)
$$;

CREATE TABLE vouchers (
  id uuid PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members(id),
  goal_key text NOT NULL,
  target bigint NOT NULL CHECK (target > 0),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('amountOff', 'freeItem')),
  value_minor bigint,
  sku text,
  purchase_id uuid NOT NULL,
  issue_entry_id uuid NOT NULL,
  available_from bigint NOT NULL,
  expires_at bigint,
  issued_at bigint NOT NULL,
  issued_op_id uuid NOT NULL,
  issued_store_id uuid REFERENCES stores(id),
  used_at bigint,
  used_op_id uuid,
  used_terminal_id uuid REFERENCES terminals(id),
  used_receipt_no text,
  withdrawn_at bigint,
  withdrawn_op_id uuid,
  version bigint NOT NULL DEFAULT 1,
  CHECK (used_at IS NULL OR withdrawn_at IS NULL),
  CHECK ((used_at IS NULL) = (used_op_id IS NULL))
);
CREATE INDEX vouchers_member ON vouchers(member_id);

CREATE FUNCTION vouchers_change_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.used_at IS NOT NULL OR OLD.withdrawn_at IS NOT NULL
     OR (NEW.id, NEW.member_id, NEW.goal_key, NEW.target, NEW.name, NEW.kind, NEW.purchase_id, NEW.issue_entry_id,
         NEW.available_from, NEW.issued_at, NEW.issued_op_id)
        IS DISTINCT FROM (OLD.id, OLD.member_id, OLD.goal_key, OLD.target, OLD.name, OLD.kind, OLD.purchase_id,
         OLD.issue_entry_id, OLD.available_from, OLD.issued_at, OLD.issued_op_id)
     OR NEW.value_minor IS DISTINCT FROM OLD.value_minor OR NEW.sku IS DISTINCT FROM OLD.sku
     OR NEW.expires_at IS DISTINCT FROM OLD.expires_at THEN
    RAISE EXCEPTION 'a voucher is used or withdrawn once, nothing else changes' USING ERRCODE = 'raise_exception';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER vouchers_once BEFORE UPDATE ON vouchers FOR EACH ROW EXECUTE FUNCTION vouchers_change_once();
CREATE TRIGGER vouchers_version BEFORE UPDATE ON vouchers FOR EACH ROW EXECUTE FUNCTION bump_version();
CREATE TRIGGER vouchers_no_delete BEFORE DELETE ON vouchers FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();

CREATE FUNCTION voucher_wire(v vouchers) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', v.id, 'memberId', v.member_id, 'goalKey', v.goal_key, 'target', v.target,
    'name', v.name, 'kind', v.kind, 'valueMinor', v.value_minor, 'sku', v.sku, 'purchaseId', v.purchase_id,
    'issueEntryId', v.issue_entry_id, 'availableFrom', v.available_from, 'expiresAt', v.expires_at,
    'issuedAt', v.issued_at, 'usedAt', v.used_at, 'usedReceiptNo', v.used_receipt_no,
    'withdrawnAt', v.withdrawn_at, 'version', v.version)
$$;

ALTER TABLE sync_changes DROP CONSTRAINT sync_changes_entity_check;
ALTER TABLE sync_changes ADD CONSTRAINT sync_changes_entity_check
  CHECK (entity IN ('member', 'balance', 'rule', 'reward', 'voucher'));

CREATE FUNCTION record_voucher_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NULL, 'voucher', NEW.id, NEW.version, voucher_wire(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER vouchers_change AFTER INSERT OR UPDATE ON vouchers FOR EACH ROW EXECUTE FUNCTION record_voucher_change();

CREATE TABLE member_referrals (
  member_id uuid PRIMARY KEY REFERENCES members(id),
  referrer_id uuid NOT NULL REFERENCES members(id),
  op_id uuid NOT NULL,
  recorded_at bigint NOT NULL,
  CHECK (member_id <> referrer_id)
);

CREATE TABLE bonus_claims (
  member_id uuid NOT NULL REFERENCES members(id),
  bonus_key text NOT NULL CHECK (bonus_key LIKE 'bonus:%'),
  op_id uuid NOT NULL,
  terminal_id uuid REFERENCES terminals(id),
  points bigint NOT NULL,
  claimed_at bigint NOT NULL,
  PRIMARY KEY (member_id, bonus_key)
);

ALTER TABLE store_receipts ADD COLUMN reward_discount_minor bigint NOT NULL DEFAULT 0
  CHECK (reward_discount_minor >= 0);
ALTER TABLE store_receipts ADD COLUMN redemption_id uuid;
ALTER TABLE store_receipts ADD COLUMN voucher_id uuid;

CREATE TABLE audit_forks (
  id bigserial PRIMARY KEY,
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  -- The restored head the new chain continues from (0: the genesis link).
  from_seq bigint NOT NULL,
  from_hash text NOT NULL,
  -- The last record of the span the restore rewound (from_seq + 1 … rewound_through).
  rewound_through bigint NOT NULL,
  op_id uuid NOT NULL,
  received_at bigint NOT NULL,
  CHECK (rewound_through >= from_seq)
);
CREATE INDEX audit_forks_terminal ON audit_forks(terminal_id, id);

CREATE TABLE audit_rewound (
  fork_id bigint NOT NULL REFERENCES audit_forks(id),
  LIKE audit_records,
  PRIMARY KEY (fork_id, seq)
);
