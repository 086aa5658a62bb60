-- The pull change log: every committed change to a member, balance, rule set or reward
-- appends a row here from a trigger, in the same transaction, carrying the row as the
-- terminals receive it (`*_wire`, also used by the fresh download) and the writing
-- transaction's id (xid8).
--
-- Why not `id > last id`: ids are taken when a row is written, not when its transaction
-- commits, so a reader can see id 12 committed while id 11's transaction is still open —
-- and never come back for 11. The pull cursor is instead a PostgreSQL snapshot: a batch
-- is "the rows whose transaction is visible in this snapshot but was not visible in the
-- previous one" (pg_visible_in_snapshot), the way PgQ cuts batches. Every committed
-- transaction becomes visible in exactly one of the successive snapshots, so every row is
-- delivered exactly once, whatever order the writers commit in.
--
-- Retention: sync_ticks records a snapshot now and then; pruning deletes the rows of
-- transactions older than the xmin of the newest tick before the retention cut-off and
-- raises sync_horizon.pruned_below. A cursor whose snapshot xmin is below that may have
-- missed pruned rows: it is told to download afresh.

CREATE FUNCTION member_wire(m members) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', m.id, 'cardNumber', m.card_number, 'name', m.name, 'phone', m.phone, 'email', m.email,
    'birthday', m.birthday, 'marketingConsent', m.marketing_consent, 'active', m.active,
    'erased', m.erased_at IS NOT NULL, 'mergedInto', m.merged_into, 'homeStoreId', m.home_store_id,
    'version', m.version, 'createdAt', m.created_at, 'updatedAt', m.updated_at)
$$;

CREATE FUNCTION balance_wire(b balances) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('memberId', b.member_id, 'balance', b.balance, 'held', b.held,
    'version', b.version, 'updatedAt', b.updated_at)
$$;

CREATE FUNCTION rule_wire(r rule_sets) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', r.id, 'storeId', r.store_id, 'version', r.version,
    'effectiveFrom', r.effective_from, 'rules', r.rules, 'createdAt', r.created_at)
$$;

CREATE FUNCTION reward_wire(r rewards) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', r.id, 'storeId', r.store_id, 'name', r.name, 'description', r.description,
    'kind', r.kind, 'costPoints', r.cost_points, 'discountMinor', r.discount_minor,
    'activeFrom', r.active_from, 'activeUntil', r.active_until, 'active', r.active,
    'version', r.version, 'updatedAt', r.updated_at)
$$;

CREATE TABLE sync_changes (
  id bigserial PRIMARY KEY,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- NULL: every store receives it; otherwise only that store's terminals.
  store_id uuid,
  entity text NOT NULL CHECK (entity IN ('member', 'balance', 'rule', 'reward')),
  entity_id uuid NOT NULL,
  version bigint NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX sync_changes_tx ON sync_changes(txid, id);
CREATE INDEX sync_changes_entity ON sync_changes(entity_id) WHERE entity = 'member';

CREATE FUNCTION record_member_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NULL, 'member', NEW.id, NEW.version, member_wire(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER members_change AFTER INSERT OR UPDATE ON members FOR EACH ROW EXECUTE FUNCTION record_member_change();

CREATE FUNCTION record_balance_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NULL, 'balance', NEW.member_id, NEW.version, balance_wire(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER balances_change AFTER INSERT OR UPDATE ON balances FOR EACH ROW EXECUTE FUNCTION record_balance_change();

CREATE FUNCTION record_rule_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NEW.store_id, 'rule', NEW.id, NEW.version, rule_wire(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER rule_sets_change AFTER INSERT ON rule_sets FOR EACH ROW EXECUTE FUNCTION record_rule_change();

CREATE FUNCTION record_reward_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NEW.store_id, 'reward', NEW.id, NEW.version, reward_wire(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER rewards_change AFTER INSERT OR UPDATE ON rewards FOR EACH ROW EXECUTE FUNCTION record_reward_change();

CREATE TABLE sync_ticks (
  at bigint PRIMARY KEY,
  snapshot pg_snapshot NOT NULL
);

CREATE TABLE sync_horizon (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  pruned_below xid8 NOT NULL,
  pruned_at bigint
);
INSERT INTO sync_horizon (pruned_below) VALUES ('0');
