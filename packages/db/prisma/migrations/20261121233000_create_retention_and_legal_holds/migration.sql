-- Retention: how long each organization keeps each kind of data (null rows:
-- the plan's default), legal holds that suspend deletion of what they cover,
-- and the ledger of purged audit ranges. Each purged range records the hash of
-- its last event, so the chain stays verifiable across the gap.
CREATE TYPE retention_data_type AS ENUM ('audit_events', 'email_outbox', 'audit_exports');

CREATE TABLE retention_policies (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  data_type        retention_data_type NOT NULL,
  days             integer NOT NULL CHECK (days BETWEEN 1 AND 3650),
  updated_by       uuid REFERENCES users (id),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, data_type)
);

-- A hold covers the whole organization, or only events of one actor and/or a
-- time range.
CREATE TABLE legal_holds (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  actor_id         text,
  from_at          timestamptz,
  to_at            timestamptz,
  created_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  released_at      timestamptz,
  released_by      uuid REFERENCES users (id),
  CONSTRAINT legal_holds_range CHECK (from_at IS NULL OR to_at IS NULL OR from_at < to_at)
);
CREATE INDEX legal_holds_organization_id_idx ON legal_holds (organization_id);

CREATE TABLE audit_purges (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  from_seq         bigint NOT NULL,
  to_seq           bigint NOT NULL,
  last_hash        bytea NOT NULL,
  events           bigint NOT NULL,
  purged_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_purges_range CHECK (from_seq <= to_seq),
  CONSTRAINT audit_purges_organization_id_to_seq_key UNIQUE (organization_id, to_seq)
);
