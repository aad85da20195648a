-- Events: what happened to an organization that the vendor's product must
-- know (a person deprovisioned, a role changed, a plan changed …), written in
-- the same transaction as the change. Append-only: the only update ever made
-- is the one that gives a row its position.
--
-- `position` is the cursor of GET /v1/events and the delivery order of
-- webhooks. It is assigned when the writing transaction commits (a deferred
-- constraint trigger, under one advisory lock held only through the commit),
-- so positions grow in commit order: a reader that has seen position N never
-- later finds a committed event below N. `sequence` (insertion order) is kept
-- for ties inside one transaction.
CREATE SEQUENCE events_position_seq AS bigint;

CREATE TABLE events (
  sequence        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              text NOT NULL CHECK (id ~ '^evt_[0-9A-HJKMNP-TV-Z]{26}$'),
  organization_id uuid NOT NULL,
  type            text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  data            jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  position        bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_id_key UNIQUE (id)
);
CREATE UNIQUE INDEX events_position_key ON events (position);
CREATE INDEX events_organization_position_idx ON events (organization_id, position);

CREATE FUNCTION events_assign_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1163284052, 1);
  UPDATE events SET position = nextval('events_position_seq') WHERE sequence = NEW.sequence AND position IS NULL;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER events_assign_position AFTER INSERT ON events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION events_assign_position();

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.position IS NULL AND NEW.position IS NOT NULL
     AND (to_jsonb(NEW) - 'position') = (to_jsonb(OLD) - 'position') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- An application's webhook endpoints. The signing secret (`whsec_` + base64)
-- must be read back to sign, so it is SecretBox-sealed; the previous secret
-- keeps signing beside the new one until previous_secret_expires_at.
CREATE TABLE webhook_endpoints (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id              uuid NOT NULL REFERENCES applications (id),
  url                         text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  description                 text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  event_types                 text[] NOT NULL DEFAULT '{}',
  enabled                     boolean NOT NULL DEFAULT true,
  secret                      text NOT NULL,
  previous_secret             text,
  previous_secret_expires_at  timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_application_id_idx ON webhook_endpoints (application_id);

CREATE TYPE webhook_delivery_status AS ENUM ('pending', 'succeeded', 'failed');

-- One event to one endpoint, created with the event. Delivered in event
-- position order per (endpoint, organization): a delivery waits while an
-- earlier one of the same pair is pending. `tries` counts attempts since the
-- delivery was (re)queued and sets the backoff; `attempts` counts them all.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints (id),
  event_id         text NOT NULL REFERENCES events (id),
  organization_id  uuid NOT NULL,
  status           webhook_delivery_status NOT NULL DEFAULT 'pending',
  tries            integer NOT NULL DEFAULT 0,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  created_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz,
  CONSTRAINT webhook_deliveries_endpoint_event_key UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, organization_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_created_idx ON webhook_deliveries (endpoint_id, created_at DESC);

-- The delivery log: every attempt with what the receiver answered.
CREATE TABLE webhook_delivery_attempts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  delivery_id       uuid NOT NULL REFERENCES webhook_deliveries (id),
  attempt           integer NOT NULL CHECK (attempt >= 1),
  status_code       integer,
  duration_ms       integer NOT NULL CHECK (duration_ms >= 0),
  response_excerpt  text,
  error             text,
  attempted_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_delivery_attempts_delivery_attempt_key UNIQUE (delivery_id, attempt)
);
