-- Organizations form a hierarchy of at most five levels. parent_id is the
-- truth; path (ltree of id labels) and depth are maintained by triggers so
-- subtree queries can use `path <@ ancestor_path` on a GiST index.
CREATE TYPE plan_tier AS ENUM ('free', 'team', 'business', 'enterprise');
CREATE TYPE org_status AS ENUM ('active', 'suspended', 'archived');
CREATE TYPE data_region AS ENUM ('us', 'eu', 'uk', 'ca', 'au', 'jp');
CREATE TYPE system_role AS ENUM ('owner', 'admin', 'member', 'viewer');
CREATE TYPE membership_status AS ENUM ('active', 'deactivated');

CREATE TABLE organizations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id      uuid REFERENCES organizations (id),
  path           ltree NOT NULL DEFAULT ''::ltree,
  depth          smallint NOT NULL DEFAULT 1,
  name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  slug           citext NOT NULL,
  plan           plan_tier NOT NULL DEFAULT 'free',
  region         data_region NOT NULL DEFAULT 'us',
  status         org_status NOT NULL DEFAULT 'active',
  is_enterprise  boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz,
  CONSTRAINT organizations_slug_key UNIQUE (slug),
  CONSTRAINT organizations_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  CONSTRAINT organizations_depth_range CHECK (depth BETWEEN 1 AND 5),
  CONSTRAINT organizations_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX organizations_path_gist ON organizations USING gist (path);
CREATE INDEX organizations_parent_id_idx ON organizations (parent_id);

CREATE FUNCTION organizations_label(org_id uuid) RETURNS ltree
LANGUAGE sql IMMUTABLE AS $$ SELECT text2ltree(replace(org_id::text, '-', '_')) $$;

-- Before insert, or when parent_id changes: compute path and depth from the
-- parent, refusing a parent inside the organization's own subtree.
CREATE FUNCTION organizations_set_path() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  parent_path ltree;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := organizations_label(NEW.id);
  ELSE
    SELECT path INTO parent_path FROM organizations WHERE id = NEW.parent_id;
    IF parent_path IS NULL THEN
      RAISE EXCEPTION 'parent organization % does not exist', NEW.parent_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND parent_path <@ OLD.path THEN
      RAISE EXCEPTION 'organization % cannot move under its own subtree', NEW.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'organizations_no_cycle';
    END IF;
    NEW.path := parent_path || organizations_label(NEW.id);
  END IF;
  NEW.depth := nlevel(NEW.path);
  RETURN NEW;
END $$;

CREATE TRIGGER organizations_set_path_on_insert
  BEFORE INSERT ON organizations
  FOR EACH ROW EXECUTE FUNCTION organizations_set_path();
CREATE TRIGGER organizations_set_path_on_move
  BEFORE UPDATE OF parent_id ON organizations
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
  EXECUTE FUNCTION organizations_set_path();

-- After a move, re-path the whole subtree in the same statement's transaction;
-- the depth check constraint rejects a move that would exceed five levels.
CREATE FUNCTION organizations_repath_subtree() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE organizations
     SET path = NEW.path || subpath(path, nlevel(OLD.path)),
         depth = nlevel(NEW.path || subpath(path, nlevel(OLD.path)))
   WHERE path <@ OLD.path AND id <> NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER organizations_repath_subtree_after_move
  AFTER UPDATE OF parent_id ON organizations
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
  EXECUTE FUNCTION organizations_repath_subtree();

CREATE TABLE memberships (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role             system_role NOT NULL,
  status           membership_status NOT NULL DEFAULT 'active',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memberships_organization_id_user_id_key UNIQUE (organization_id, user_id)
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);
