-- Stamp cards add up across the chain (issue 12). Each terminal kept its own goal balance
-- and head office summed them (goal_balances, 010) without telling anyone: stamps
-- collected at two stores never reached a goal. Now every change of a member's goal
-- balances is a pull change row, for every store: the member's whole card set in one row
-- (`goals_wire`), so a terminal applies it as one version; terminals add what they
-- recorded and head office has not counted yet (src/main/core/sync/chain-goals.ts) and
-- issue the voucher when the chain's card reaches the goal.
--
-- `goal_balances.version` comes from one sequence, so the newest row of a member's cards
-- is that member's version, growing whichever card moved. Rows recorded before this
-- migration get their change rows here, in this transaction: every terminal pulls them next.

ALTER TABLE sync_changes DROP CONSTRAINT sync_changes_entity_check;
ALTER TABLE sync_changes ADD CONSTRAINT sync_changes_entity_check
  CHECK (entity IN ('member', 'balance', 'rule', 'reward', 'voucher', 'purchase', 'referral', 'bonus', 'goal'));

CREATE SEQUENCE goal_versions;
ALTER TABLE goal_balances ADD COLUMN version bigint NOT NULL DEFAULT nextval('goal_versions');

CREATE FUNCTION goal_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := nextval('goal_versions');
  RETURN NEW;
END $$;
CREATE TRIGGER goal_balances_version BEFORE UPDATE ON goal_balances
  FOR EACH ROW EXECUTE FUNCTION goal_version();

CREATE FUNCTION goals_wire(member uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'memberId', member,
    'goals', coalesce(jsonb_agg(jsonb_build_object('goalKey', b.goal_key, 'balance', b.balance) ORDER BY b.goal_key),
      '[]'::jsonb),
    'version', coalesce(max(b.version), 0))
  FROM goal_balances b WHERE b.member_id = member
$$;

CREATE FUNCTION record_goal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NULL, 'goal', NEW.member_id, NEW.version, goals_wire(NEW.member_id));
  RETURN NULL;
END $$;
CREATE TRIGGER goal_balances_change AFTER INSERT OR UPDATE ON goal_balances
  FOR EACH ROW EXECUTE FUNCTION record_goal_change();

INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
SELECT NULL, 'goal', m.member_id, (w.data->>'version')::bigint, w.data
FROM (SELECT DISTINCT member_id FROM goal_balances) m, LATERAL (SELECT goals_wire(m.member_id) AS data) w;
