-- Rules and rewards authored at head office, for the whole chain (store_id NULL) or one
-- store. Rule sets are immutable (a new version is a new row) and effective-dated, as on
-- the terminal; rewards are edited in place and carry a growing version.

CREATE SEQUENCE rule_set_versions;

CREATE TABLE rule_sets (
  id uuid PRIMARY KEY,
  store_id uuid REFERENCES stores(id),
  version bigint NOT NULL UNIQUE DEFAULT nextval('rule_set_versions'),
  effective_from bigint NOT NULL,
  rules jsonb NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX rule_sets_scope ON rule_sets(store_id, effective_from);

CREATE FUNCTION rule_sets_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rule sets are immutable: save a new version';
END $$;
CREATE TRIGGER rule_sets_immutable BEFORE UPDATE OR DELETE ON rule_sets
  FOR EACH ROW EXECUTE FUNCTION rule_sets_refuse_change();

CREATE TABLE rewards (
  id uuid PRIMARY KEY,
  store_id uuid REFERENCES stores(id),
  name text NOT NULL,
  description text,
  kind text NOT NULL CHECK (kind IN ('goods', 'coupon', 'discount')),
  cost_points bigint NOT NULL CHECK (cost_points > 0),
  discount_minor bigint CHECK (discount_minor IS NULL OR discount_minor > 0),
  active_from bigint,
  active_until bigint,
  active boolean NOT NULL DEFAULT true,
  version bigint NOT NULL DEFAULT 1,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX rewards_store ON rewards(store_id);
CREATE TRIGGER rewards_version BEFORE UPDATE ON rewards FOR EACH ROW EXECUTE FUNCTION bump_version();
