-- Groups of members (managed here or provisioned by SCIM), workspaces (team
-- spaces, private or visible to the whole organization) and resource-level
-- grants: permissions on one resource for a user or a group, optionally
-- until a date and under conditions.
CREATE TYPE group_source AS ENUM ('manual', 'scim');
CREATE TYPE workspace_visibility AS ENUM ('private', 'organization');
CREATE TYPE grant_subject_type AS ENUM ('user', 'group');

CREATE TABLE groups (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  name             citext NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  description      text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  source           group_source NOT NULL DEFAULT 'manual',
  external_id      text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT groups_organization_id_name_key UNIQUE (organization_id, name)
);

CREATE TABLE group_members (
  group_id    uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_id_idx ON group_members (user_id);

CREATE TABLE workspaces (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  description      text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  visibility       workspace_visibility NOT NULL DEFAULT 'organization',
  created_by       uuid REFERENCES users (id),
  archived_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workspaces_organization_id_idx ON workspaces (organization_id);

CREATE TABLE resource_grants (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  resource_type    text NOT NULL CHECK (resource_type ~ '^[a-z_]+$'),
  resource_id      uuid NOT NULL,
  subject_type     grant_subject_type NOT NULL,
  subject_id       uuid NOT NULL,
  permissions      text[] NOT NULL CHECK (cardinality(permissions) > 0),
  conditions       jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(conditions) = 'array'),
  expires_at       timestamptz,
  granted_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resource_grants_resource_idx ON resource_grants (organization_id, resource_type, resource_id);
CREATE INDEX resource_grants_subject_idx ON resource_grants (subject_type, subject_id);
