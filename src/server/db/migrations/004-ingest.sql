-- What terminals pushed, and the idempotency record of online requests.
--
-- sync_ops: one row per operation, keyed by its op id, with the terminal's sequence number
-- (unique per terminal: a slot is used once), a hash of its payload and its outcome.
-- Same op id + same hash → the recorded outcome again; same op id + another hash → a
-- conflict, recorded in sync_conflicts and reported, never applied. A rejected op is
-- recorded with its reason and still advances the terminal's sequence, so it can never
-- block the queue. A parked op waits for its member (registered at a terminal that has
-- not pushed yet) and is applied when that member arrives.
--
-- store_receipts: the receipt numbers awarded in each store (normalised), so a receipt is
-- awarded once per store even when two terminals of the store recorded it offline.

CREATE TABLE sync_ops (
  op_id uuid PRIMARY KEY,
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  store_id uuid NOT NULL REFERENCES stores(id),
  seq bigint NOT NULL,
  kind text NOT NULL,
  payload_hash text NOT NULL,
  payload jsonb NOT NULL,
  staff jsonb,
  occurred_at bigint NOT NULL,
  received_at bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'parked', 'rejected')),
  reason text,
  message text,
  balance bigint,
  parked_member_id uuid,
  parked_card text,
  applied_at bigint,
  UNIQUE (terminal_id, seq)
);
CREATE INDEX sync_ops_parked_member ON sync_ops(parked_member_id) WHERE status = 'parked';
CREATE INDEX sync_ops_parked_card ON sync_ops(parked_card) WHERE status = 'parked';
CREATE INDEX sync_ops_terminal_status ON sync_ops(terminal_id, status) WHERE status <> 'applied';

-- A sequence slot whose op was not stored in sync_ops: its op id had been used before,
-- with another payload ('opIdReused') or the same one under a new number ('opResent').
CREATE TABLE sync_conflicts (
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  seq bigint NOT NULL,
  op_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('opIdReused', 'opResent')),
  payload_hash text NOT NULL,
  payload jsonb NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (terminal_id, seq)
);

CREATE TABLE store_receipts (
  store_id uuid NOT NULL REFERENCES stores(id),
  receipt_key text NOT NULL,
  receipt_no text NOT NULL,
  op_id uuid NOT NULL,
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  PRIMARY KEY (store_id, receipt_key)
);

-- Online requests (card blocks, holds, redemptions, merges): a retry with the same op id
-- and request gets the first result; another request under the same op id is CONFLICT.
CREATE TABLE online_requests (
  op_id uuid PRIMARY KEY,
  endpoint text NOT NULL,
  caller text NOT NULL,
  request_hash text NOT NULL,
  result jsonb NOT NULL,
  created_at bigint NOT NULL
);
