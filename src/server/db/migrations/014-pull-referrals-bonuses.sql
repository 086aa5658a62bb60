-- Referrals and bonus claims reach every store (issue 12).
--
-- Referrals: a member registered at store A with a referrer pays the referral bonuses at
-- their first purchase wherever it is made — before this, only the registering terminal
-- knew the referrer (member_referrals was pushed, never pulled).
--
-- Bonus claims: which programme bonuses (welcome, birthday of a year, referral) the chain
-- has already given a member. A terminal checks them beside its own ledger before it gives
-- one, so a bonus another store gave is not given (and shown) again here only to be taken
-- back after the push — the more so now that every terminal knows every referral. Offline,
-- or before the claim is pulled, head office's bonus_claims still decides (010).
--
-- One pull change row per referral and per claim, for every store (store_id NULL); neither
-- ever changes, so the version is 1. Those recorded before this migration get their rows
-- here, in this transaction: every terminal pulls them next.

ALTER TABLE sync_changes DROP CONSTRAINT sync_changes_entity_check;
ALTER TABLE sync_changes ADD CONSTRAINT sync_changes_entity_check
  CHECK (entity IN ('member', 'balance', 'rule', 'reward', 'voucher', 'purchase', 'referral', 'bonus'));

CREATE FUNCTION referral_wire(r member_referrals) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('memberId', r.member_id, 'referrerId', r.referrer_id, 'recordedAt', r.recorded_at)
$$;

CREATE FUNCTION record_referral_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NULL, 'referral', NEW.member_id, 1, referral_wire(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER member_referrals_change AFTER INSERT ON member_referrals
  FOR EACH ROW EXECUTE FUNCTION record_referral_change();

INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  SELECT NULL, 'referral', r.member_id, 1, referral_wire(r) FROM member_referrals r ORDER BY r.member_id;

-- A claim goes out as the member's keys (one here; the fresh download groups a member's).
CREATE FUNCTION bonus_claims_wire(member uuid, keys jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('memberId', member, 'bonusKeys', keys)
$$;

CREATE FUNCTION record_bonus_claim_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  VALUES (NULL, 'bonus', NEW.member_id, 1, bonus_claims_wire(NEW.member_id, jsonb_build_array(NEW.bonus_key)));
  RETURN NULL;
END $$;
CREATE TRIGGER bonus_claims_change AFTER INSERT ON bonus_claims
  FOR EACH ROW EXECUTE FUNCTION record_bonus_claim_change();

INSERT INTO sync_changes (store_id, entity, entity_id, version, data)
  SELECT NULL, 'bonus', c.member_id, 1, bonus_claims_wire(c.member_id, jsonb_agg(c.bonus_key ORDER BY c.bonus_key))
  FROM bonus_claims c GROUP BY c.member_id ORDER BY c.member_id;
