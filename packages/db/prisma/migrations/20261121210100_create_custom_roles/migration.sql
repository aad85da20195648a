-- Custom roles: per-organization permission sets, optionally with ABAC
-- conditions. A membership holds either a system role or a custom role.
-- Members also carry directory attributes (department, title, …) that
-- conditions can test.
CREATE TABLE roles (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  name             citext NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  description      text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  permissions      text[] NOT NULL CHECK (cardinality(permissions) > 0),
  conditions       jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(conditions) = 'array'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT roles_organization_id_name_key UNIQUE (organization_id, name)
);

ALTER TABLE memberships
  ALTER COLUMN role DROP NOT NULL,
  ADD COLUMN custom_role_id uuid REFERENCES roles (id),
  ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
  ADD CONSTRAINT memberships_one_role CHECK ((role IS NULL) <> (custom_role_id IS NULL));
CREATE INDEX memberships_custom_role_id_idx ON memberships (custom_role_id);
