-- Organization settings and branding. Data residency (region) is chosen at
-- creation and can never change afterwards.
ALTER TABLE organizations
  ADD COLUMN inherit_roles_to_children boolean NOT NULL DEFAULT false,
  ADD COLUMN logo_url text CHECK (logo_url ~ '^https://[^\s]{1,2040}$'),
  ADD COLUMN brand_color text CHECK (brand_color ~ '^(atrium|blue|cyan|teal|green|lime|yellow|orange|red|pink|grape|violet|indigo|gray)$'),
  ADD COLUMN support_email citext CHECK (support_email ~ '^[^@\s]+@[^@\s]+$'),
  ADD COLUMN archived_at timestamptz;

CREATE FUNCTION organizations_keep_region() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the data region of organization % is fixed after creation', OLD.id
    USING ERRCODE = 'check_violation', CONSTRAINT = 'organizations_region_fixed';
END $$;

CREATE TRIGGER organizations_region_fixed
  BEFORE UPDATE OF region ON organizations
  FOR EACH ROW WHEN (OLD.region IS DISTINCT FROM NEW.region)
  EXECUTE FUNCTION organizations_keep_region();
