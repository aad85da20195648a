-- SCIM 2.0 provisioning (RFC 7643/7644). Per organization: bearer tokens
-- (SHA-256 with a visible prefix, shown once), one connection row with the
-- default role and the sync statistics, the provisioned users (the SCIM
-- resource as sent, linked to a user and its membership), the group → role
-- mapping (groups themselves are rows of `groups` with source 'scim'), and a
-- request log kept for a bounded time.
CREATE TABLE scim_tokens (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  prefix           text NOT NULL CHECK (prefix ~ '^atrium_scim_[a-z0-9_]{4,16}$'),
  secret_hash      text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  expires_at       timestamptz,
  last_used_at     timestamptz,
  last_used_ip     text,
  created_by       uuid REFERENCES users (id),
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT scim_tokens_prefix_key UNIQUE (prefix),
  CONSTRAINT scim_tokens_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX scim_tokens_organization_id_idx ON scim_tokens (organization_id);

CREATE TABLE scim_connections (
  organization_id     uuid PRIMARY KEY REFERENCES organizations (id),
  default_role        system_role NOT NULL DEFAULT 'member' CHECK (default_role <> 'owner'),
  last_sync_at        timestamptz,
  last_reconciled_at  timestamptz,
  users_created       integer NOT NULL DEFAULT 0,
  users_updated       integer NOT NULL DEFAULT 0,
  users_deactivated   integer NOT NULL DEFAULT 0,
  users_deleted       integer NOT NULL DEFAULT 0,
  groups_changed      integer NOT NULL DEFAULT 0,
  jobs_failed         integer NOT NULL DEFAULT 0,
  last_error          text,
  last_error_at       timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scim_users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_name        citext NOT NULL CHECK (length(user_name) BETWEEN 1 AND 320),
  external_id      text,
  active           boolean NOT NULL DEFAULT true,
  resource         jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT scim_users_organization_id_user_name_key UNIQUE (organization_id, user_name),
  CONSTRAINT scim_users_organization_id_user_id_key UNIQUE (organization_id, user_id)
);
CREATE INDEX scim_users_organization_id_external_id_idx ON scim_users (organization_id, external_id);
CREATE INDEX scim_users_organization_id_created_at_idx ON scim_users (organization_id, created_at, id);

-- Exactly one of role (system) and custom_role_id; the mapping with the highest priority wins.
CREATE TABLE scim_group_roles (
  group_id         uuid PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  role             system_role CHECK (role <> 'owner'),
  custom_role_id   uuid REFERENCES roles (id) ON DELETE CASCADE,
  priority         integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((role IS NULL) <> (custom_role_id IS NULL))
);
CREATE INDEX scim_group_roles_organization_id_idx ON scim_group_roles (organization_id);

CREATE TABLE scim_requests (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  token_prefix     text,
  method           text NOT NULL,
  path             text NOT NULL,
  status           smallint NOT NULL,
  scim_type        text,
  duration_ms      integer NOT NULL,
  body_excerpt     text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scim_requests_organization_id_created_at_idx ON scim_requests (organization_id, created_at DESC);
