-- Events stay append-only, with one exception like the audit log's: GDPR erasure
-- (atrium.event_erasure set for its transaction) may rewrite an event's data, and
-- nothing else, to replace a person's e-mail address and name with a pseudonym.
-- Webhook deliveries build their payload from the event when they are sent, so a
-- pending delivery sends the erased data.
CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.position IS NULL AND NEW.position IS NOT NULL
     AND (to_jsonb(NEW) - 'position') = (to_jsonb(OLD) - 'position') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND current_setting('atrium.event_erasure', true) = 'on'
     AND (to_jsonb(NEW) - 'data') = (to_jsonb(OLD) - 'data') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'restrict_violation';
END $$;
