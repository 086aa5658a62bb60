-- Member PINs across the stores of a chain (issue 12; src/shared/sync/pins.ts). Before
-- this a PIN lived only in the terminal that set it: at every other store the member's
-- points could be spent with no PIN at all.
--
-- `members.pin_hash`: what terminals check — a chain hash ('pc1$' + bcrypt of the PIN
-- HMACed with the chain PIN key; head office cannot check it without the PIN) or the
-- set-elsewhere mark 'px1$' (a hash only its own terminal can check), NULL for none.
-- Last writer wins by (operation time, op id) like every member field (`field_clock`'s
-- 'pinHash'); an erasure clears it.
--
-- `chain_keys`: the chain PIN key terminals receive at enrolment. Kept here so every
-- service process hands out the same one (src/server/auth/pin-key.ts makes it on first use).
-- Whoever holds this database holds the key and the hashes together: each PIN can then be
-- guessed at bcrypt's speed — the README's threat notes say so.

ALTER TABLE members ADD COLUMN pin_hash text
  CHECK (pin_hash IS NULL OR pin_hash = 'px1$' OR pin_hash ~ '^pc1\$\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$');

CREATE TABLE chain_keys (
  name text PRIMARY KEY CHECK (name IN ('pin')),
  secret bytea NOT NULL CHECK (octet_length(secret) = 32),
  created_at bigint NOT NULL
);

-- The member as terminals receive it now carries the PIN. The admin's lookups strip it
-- (src/server/members/lookup.ts).
CREATE OR REPLACE FUNCTION member_wire(m members) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', m.id, 'cardNumber', m.card_number, 'name', m.name, 'phone', m.phone, 'email', m.email,
    'birthday', m.birthday, 'marketingConsent', m.marketing_consent, 'active', m.active,
    'erased', m.erased_at IS NOT NULL, 'mergedInto', m.merged_into, 'homeStoreId', m.home_store_id,
    'pinHash', m.pin_hash,
    'version', m.version, 'createdAt', m.created_at, 'updatedAt', m.updated_at)
$$;
