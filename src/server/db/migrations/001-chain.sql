-- The chain: stores, the terminals enrolled in them, and the one-time codes that enrol
-- them. Times are epoch milliseconds from the service's clock (as on the terminals), so
-- tests move time instead of sleeping.
--
-- Secrets are random 256-bit values (enrolment codes ~80 bits, single use, short-lived):
-- a SHA-256 of them is as good as a slow hash and cheap to check on every request. Only
-- hashes are stored.

CREATE TABLE stores (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  created_at bigint NOT NULL
);

CREATE TABLE enrolment_codes (
  code_hash bytea PRIMARY KEY,
  store_id uuid NOT NULL REFERENCES stores(id),
  expires_at bigint NOT NULL,
  used_at bigint,
  used_by uuid,
  created_at bigint NOT NULL,
  CHECK ((used_at IS NULL) = (used_by IS NULL))
);

CREATE TABLE terminals (
  id uuid PRIMARY KEY,
  store_id uuid NOT NULL REFERENCES stores(id),
  name text NOT NULL,
  secret_hash bytea NOT NULL,
  enrolled_at bigint NOT NULL,
  revoked_at bigint,
  last_seen_at bigint,
  -- The next sequence number head office expects from this terminal: every op below it is
  -- recorded (applied, parked, rejected or a recorded conflict).
  next_seq bigint NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
  -- What the terminal last said about its outbox (ops waiting, oldest one's time), for
  -- head office's view of queue depth and lag.
  outbox_depth integer,
  outbox_oldest_at bigint,
  outbox_reported_at bigint
);
CREATE INDEX terminals_store ON terminals(store_id);
