-- What head office itself did: stores created, enrolment codes issued, terminals revoked,
-- rule sets and rewards saved. The terminals' audit chains say what happened at the
-- counters; this says who let which terminal in and when one was shut out, which a chain
-- asks after a lost or stolen till. Written in the same transaction as the action, never
-- changed afterwards (the trigger refuses UPDATE and DELETE, as for the journal): the
-- page lists it newest first by id.
--
-- An enrolment code is never stored here (nor anywhere in clear): only its store and expiry.

CREATE TABLE admin_actions (
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  action text NOT NULL,
  store_id uuid REFERENCES stores (id),
  terminal_id uuid REFERENCES terminals (id),
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE FUNCTION admin_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'admin_actions is append-only' USING ERRCODE = 'raise_exception';
END $$;

CREATE TRIGGER admin_actions_append_only BEFORE UPDATE OR DELETE ON admin_actions
  FOR EACH ROW EXECUTE FUNCTION admin_actions_append_only();
