-- An organization's IP allowlist: when it has entries, requests to the
-- organization (sessions and API keys) must come from one of the ranges.
CREATE TABLE ip_allowlist_entries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  cidr             text NOT NULL CHECK (cidr::cidr IS NOT NULL),
  description      text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  created_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ip_allowlist_entries_organization_id_cidr_key UNIQUE (organization_id, cidr)
);
