-- Outgoing e-mail, written in the same transaction as the change that sends
-- it and delivered by the worker's email-outbox job. A notification on commit
-- wakes the worker so mail leaves within seconds; the job's schedule is the
-- safety net.
CREATE TYPE email_status AS ENUM ('pending', 'sent', 'failed');

CREATE TABLE email_outbox (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid REFERENCES organizations (id),
  to_address       citext NOT NULL CHECK (to_address ~ '^[^@\s]+@[^@\s]+$'),
  subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  text_body        text NOT NULL,
  html_body        text,
  template         text NOT NULL,
  status           email_status NOT NULL DEFAULT 'pending',
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz
);
CREATE INDEX email_outbox_pending_idx ON email_outbox (next_attempt_at) WHERE status = 'pending';

CREATE FUNCTION email_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('atrium_email_outbox', '');
  RETURN NULL;
END $$;

CREATE TRIGGER email_outbox_notify_after_insert
  AFTER INSERT ON email_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION email_outbox_notify();
