-- Per-organization exceptions to the plan's feature matrix (a trial of SSO,
-- a feature switched off), set by platform staff, optionally until a date.
CREATE TABLE feature_overrides (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  feature          text NOT NULL CHECK (feature ~ '^[a-z_]+$'),
  enabled          boolean NOT NULL,
  expires_at       timestamptz,
  reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  created_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT feature_overrides_organization_id_feature_key UNIQUE (organization_id, feature)
);
