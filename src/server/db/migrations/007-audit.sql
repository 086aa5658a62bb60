-- Terminals' audit chains as pushed (see the anchored audit chain, issue 10): head office
-- holds each terminal's records, so a terminal whose chain is later rewritten can no
-- longer extend what head office already has — the next push shows the break.

CREATE TABLE audit_records (
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  seq bigint NOT NULL,
  id uuid NOT NULL,
  at bigint NOT NULL,
  actor_id text,
  actor_name text,
  action text NOT NULL,
  target text,
  details text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  scheme text NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (terminal_id, seq)
);

CREATE TABLE audit_breaks (
  id bigserial PRIMARY KEY,
  terminal_id uuid NOT NULL REFERENCES terminals(id),
  seq bigint NOT NULL,
  reason text NOT NULL,
  op_id uuid NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX audit_breaks_terminal ON audit_breaks(terminal_id, seq);
