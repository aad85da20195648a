-- Alert rules on an organization's audit log, and each time one fired.
-- A rule matches actions (exact, or a prefix with `.*`) and optionally a
-- status; it fires when at least `threshold` matching events fall within
-- `window_seconds` (threshold 1: every match). `evaluated_seq` is how far
-- the worker has read the organization's chain for this rule.
-- The webhook secret is AES-256-GCM encrypted (secrets(), key id inside the
-- sealed value); the plain secret is shown once, when created or rotated.
CREATE TABLE audit_alert_rules (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations (id),
  name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  preset             text,
  actions            text[] NOT NULL CHECK (cardinality(actions) BETWEEN 1 AND 50),
  status             audit_status,
  threshold          integer NOT NULL DEFAULT 1 CHECK (threshold BETWEEN 1 AND 10000),
  window_seconds     integer NOT NULL DEFAULT 0 CHECK (window_seconds BETWEEN 0 AND 604800),
  notify_admins      boolean NOT NULL DEFAULT true,
  webhook_url        text CHECK (webhook_url IS NULL OR webhook_url ~ '^https?://'),
  webhook_secret     text,
  enabled            boolean NOT NULL DEFAULT true,
  evaluated_seq      bigint NOT NULL DEFAULT 0,
  last_fired_at      timestamptz,
  created_by         uuid REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_alert_rules_webhook CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);
CREATE INDEX audit_alert_rules_organization_id_idx ON audit_alert_rules (organization_id);

CREATE TYPE alert_delivery_status AS ENUM ('none', 'pending', 'delivered', 'failed');

CREATE TABLE audit_alert_firings (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id             uuid NOT NULL REFERENCES audit_alert_rules (id) ON DELETE CASCADE,
  organization_id     uuid NOT NULL REFERENCES organizations (id),
  fired_at            timestamptz NOT NULL DEFAULT now(),
  event_count         integer NOT NULL,
  first_seq           bigint NOT NULL,
  last_seq            bigint NOT NULL,
  summary             jsonb NOT NULL DEFAULT '{}'::jsonb,
  emails              integer NOT NULL DEFAULT 0,
  webhook_status      alert_delivery_status NOT NULL DEFAULT 'none',
  webhook_attempts    integer NOT NULL DEFAULT 0,
  webhook_next_at     timestamptz,
  webhook_error       text,
  webhook_response    integer
);
CREATE INDEX audit_alert_firings_rule_idx ON audit_alert_firings (organization_id, fired_at DESC);
CREATE INDEX audit_alert_firings_pending_idx ON audit_alert_firings (webhook_next_at) WHERE webhook_status = 'pending';
