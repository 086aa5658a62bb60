-- Members of the whole chain, the card number blocks issued to terminals, and merges of
-- duplicate registrations.
--
-- Phones are NOT unique: two stores can register the same person while offline, and
-- both registrations were confirmed to a cashier. Head office keeps both and a manager
-- merges them (member_merges) — the merged row stays, pointing at its survivor.
-- `field_clock` holds, per field, the [time, op id] of the update that set it, so
-- concurrent edits from two stores resolve last-writer-wins per field, the same way
-- whatever order they arrive in. `version` only grows (trigger): terminals keep the
-- newest version they were sent.

CREATE TABLE members (
  id uuid PRIMARY KEY,
  card_number text NOT NULL UNIQUE CHECK (card_number ~ '^[0-9]{13}$'),
  name text,
  phone text,
  email text,
  birthday text,
  marketing_consent boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  erased_at bigint,
  merged_into uuid REFERENCES members(id),
  home_store_id uuid REFERENCES stores(id),
  registered_by uuid REFERENCES terminals(id),
  field_clock jsonb NOT NULL DEFAULT '{}',
  version bigint NOT NULL DEFAULT 1,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  CHECK (merged_into IS NULL OR merged_into <> id),
  CHECK (erased_at IS NOT NULL OR name IS NOT NULL)
);
CREATE INDEX members_phone ON members(phone) WHERE phone IS NOT NULL;
CREATE INDEX members_email ON members(lower(email)) WHERE email IS NOT NULL;
CREATE INDEX members_merged_into ON members(merged_into) WHERE merged_into IS NOT NULL;

CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER members_version BEFORE UPDATE ON members FOR EACH ROW EXECUTE FUNCTION bump_version();

-- Card numbers: ranges of the 10-digit body after a 2-digit prefix. The counter row is
-- locked by each allocation, so blocks never overlap; the unique index says so too.
CREATE TABLE card_block_counter (
  prefix text PRIMARY KEY CHECK (prefix ~ '^[0-9]{2}$'),
  next_body bigint NOT NULL CHECK (next_body BETWEEN 0 AND 10000000000)
);
INSERT INTO card_block_counter (prefix, next_body) VALUES ('28', 0);

CREATE TABLE card_blocks (
  id uuid PRIMARY KEY,
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  store_id uuid NOT NULL REFERENCES stores(id),
  prefix text NOT NULL,
  first_body bigint NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  issued_at bigint NOT NULL,
  UNIQUE (prefix, first_body)
);
CREATE INDEX card_blocks_terminal ON card_blocks(terminal_id);

CREATE TABLE member_merges (
  id uuid PRIMARY KEY,
  merged_id uuid NOT NULL UNIQUE REFERENCES members(id),
  survivor_id uuid NOT NULL REFERENCES members(id),
  moved_points bigint NOT NULL,
  reason text NOT NULL,
  by_terminal uuid REFERENCES terminals(id),
  -- {id, name, role} claimed by the terminal, or null when head office's admin merged.
  by_staff jsonb,
  created_at bigint NOT NULL,
  CHECK (merged_id <> survivor_id)
);
CREATE INDEX member_merges_survivor ON member_merges(survivor_id);
