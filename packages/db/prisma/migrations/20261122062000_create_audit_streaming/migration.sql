-- Log streaming: one SIEM destination per organization (Splunk HTTP Event
-- Collector, Datadog logs intake, or a generic JSON POST signed with
-- HMAC-SHA256), and the failures of its deliveries.
-- `cursor_seq` is the last sequence number of the organization's chain the
-- destination accepted; it advances in the same transaction that records a
-- successful batch, so a restart neither skips nor repeats events.
-- `credential` is secrets()-sealed; `credential_key_id` names the key that
-- sealed it (also inside the sealed value), so a rotation pass finds the rows
-- still under an old key.
CREATE TYPE stream_kind AS ENUM ('splunk_hec', 'datadog', 'generic');

CREATE TABLE audit_stream_destinations (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id       uuid NOT NULL REFERENCES organizations (id),
  kind                  stream_kind NOT NULL,
  url                   text NOT NULL CHECK (url ~ '^https?://'),
  credential            text NOT NULL,
  credential_key_id     text NOT NULL,
  enabled               boolean NOT NULL DEFAULT true,
  batch_size            integer NOT NULL DEFAULT 500 CHECK (batch_size BETWEEN 1 AND 5000),
  cursor_seq            bigint NOT NULL DEFAULT 0,
  delivered_events      bigint NOT NULL DEFAULT 0,
  last_success_at       timestamptz,
  last_attempt_at       timestamptz,
  last_error            text,
  consecutive_failures  integer NOT NULL DEFAULT 0,
  next_attempt_at       timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_stream_destinations_organization_id_key UNIQUE (organization_id)
);

CREATE TABLE audit_stream_failures (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  destination_id   uuid NOT NULL REFERENCES audit_stream_destinations (id) ON DELETE CASCADE,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  at               timestamptz NOT NULL DEFAULT now(),
  from_seq         bigint NOT NULL,
  to_seq           bigint NOT NULL,
  attempt          integer NOT NULL,
  error            text NOT NULL
);
CREATE INDEX audit_stream_failures_destination_idx ON audit_stream_failures (destination_id, at DESC);
