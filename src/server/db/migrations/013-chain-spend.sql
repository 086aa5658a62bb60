-- Chain-wide spend for tiers (issue 12): every purchase a terminal pushed (`points.award`)
-- with what it paid, and what refunds (`points.ledger` with `refund`) took back from it.
-- Terminals compute a member's tier over their own purchases plus these rows (not their
-- own: a purchase they hold locally is counted from their own tables), with the same tier
-- code, window and downgrade policy as a standalone terminal — so head office sends the
-- facts, not a sum that would go stale as the window slides.
--
-- Idempotent: a purchase is keyed by its purchase id, a refund by its refund id, so a
-- re-pushed op (or the same purchase under another op) counts once. `refunded_minor` is
-- moved only by the trigger on chain_refunds, in the same statement as the refund, and
-- `chain_spend_check()` compares it with the sum (none, always). A refund that arrives
-- before its purchase (parked ops applied out of order) is counted when the purchase row
-- is inserted.

CREATE TABLE chain_purchases (
  purchase_id uuid PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members(id),
  op_id uuid NOT NULL,
  terminal_id uuid REFERENCES terminals(id),
  store_id uuid REFERENCES stores(id),
  paid_minor bigint NOT NULL CHECK (paid_minor >= 0),
  refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
  occurred_at bigint NOT NULL,
  recorded_at bigint NOT NULL,
  version bigint NOT NULL DEFAULT 1
);
CREATE INDEX chain_purchases_member ON chain_purchases(member_id, occurred_at);
CREATE TRIGGER chain_purchases_version BEFORE UPDATE ON chain_purchases FOR EACH ROW EXECUTE FUNCTION bump_version();

CREATE TABLE chain_refunds (
  refund_id uuid PRIMARY KEY,
  purchase_id uuid NOT NULL,
  member_id uuid NOT NULL REFERENCES members(id),
  op_id uuid NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  occurred_at bigint NOT NULL,
  recorded_at bigint NOT NULL
);
CREATE INDEX chain_refunds_purchase ON chain_refunds(purchase_id);
CREATE TRIGGER chain_refunds_no_update BEFORE UPDATE OR DELETE ON chain_refunds
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();

CREATE FUNCTION chain_refund_moves_purchase() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE chain_purchases SET refunded_minor = refunded_minor + NEW.amount_minor WHERE purchase_id = NEW.purchase_id;
  RETURN NULL;
END $$;
CREATE TRIGGER chain_refunds_move AFTER INSERT ON chain_refunds
  FOR EACH ROW EXECUTE FUNCTION chain_refund_moves_purchase();

CREATE FUNCTION chain_purchase_takes_refunds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.refunded_minor := (SELECT coalesce(sum(amount_minor), 0) FROM chain_refunds WHERE purchase_id = NEW.purchase_id);
  RETURN NEW;
END $$;
CREATE TRIGGER chain_purchases_refunds BEFORE INSERT ON chain_purchases
  FOR EACH ROW EXECUTE FUNCTION chain_purchase_takes_refunds();

-- Purchases whose refunded total differs from their refunds (none, always).
CREATE FUNCTION chain_spend_check() RETURNS TABLE (purchase_id uuid, cached bigint, refunds bigint)
LANGUAGE sql STABLE AS $$
  SELECT p.purchase_id, p.refunded_minor, coalesce(r.total, 0)::bigint
  FROM chain_purchases p
  LEFT JOIN (SELECT purchase_id, sum(amount_minor) AS total FROM chain_refunds GROUP BY purchase_id) r
    ON r.purchase_id = p.purchase_id
  WHERE p.refunded_minor <> coalesce(r.total, 0)
$$;

CREATE FUNCTION purchase_wire(p chain_purchases) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('purchaseId', p.purchase_id, 'memberId', p.member_id, 'terminalId', p.terminal_id,
    'at', p.occurred_at, 'paidMinor', p.paid_minor, 'refundedMinor', p.refunded_minor, 'version', p.version)
$$;

ALTER TABLE sync_changes DROP CONSTRAINT sync_changes_entity_check;
ALTER TABLE sync_changes ADD CONSTRAINT sync_changes_entity_check
  CHECK (entity IN ('member', 'balance', 'rule', 'reward', 'voucher', 'purchase'));

CREATE FUNCTION record_purchase_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NULL, 'purchase', NEW.purchase_id, NEW.version, purchase_wire(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER chain_purchases_change AFTER INSERT OR UPDATE ON chain_purchases
  FOR EACH ROW EXECUTE FUNCTION record_purchase_change();
