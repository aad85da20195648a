-- Self-hosted licences (docs/LICENSING.md).
--
-- This installation's id: one row, made here, so a licence can be bound to
-- the one database it was issued for.
CREATE TABLE atrium_installation (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO atrium_installation DEFAULT VALUES;

-- The vendor's licence signing keys: Ed25519 private JWKs sealed with the
-- SecretBox, bound to "license_signing_keys.private_jwk:<id>"; kid is the
-- public key's RFC 7638 thumbprint. `active` signs; `verifying` (an older
-- key after a rotation) no longer signs but its licences still verify;
-- `retired` no longer verifies.
CREATE TABLE license_signing_keys (
  id           uuid PRIMARY KEY,
  kid          text NOT NULL CHECK (length(kid) BETWEEN 8 AND 128),
  public_jwk   jsonb NOT NULL,
  private_jwk  text NOT NULL,
  status       text NOT NULL CHECK (status IN ('active', 'verifying', 'retired')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  retired_at   timestamptz,
  CONSTRAINT license_signing_keys_kid_key UNIQUE (kid)
);
CREATE UNIQUE INDEX license_signing_keys_one_active_idx ON license_signing_keys (status) WHERE status = 'active';

-- Licences issued by the vendor's staff to customer organizations: the token
-- as signed, its terms for listing, and its revocation (the revocation list
-- this instance checks; offline verifiers cannot).
CREATE TABLE licenses (
  id               uuid PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  token            text NOT NULL,
  edition          text NOT NULL CHECK (length(edition) BETWEEN 1 AND 60),
  plan             text NOT NULL CHECK (plan IN ('free', 'team', 'business', 'enterprise')),
  features         text[] NOT NULL DEFAULT '{}',
  seats            integer NOT NULL CHECK (seats > 0),
  not_before       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  grace_days       integer NOT NULL CHECK (grace_days BETWEEN 0 AND 365),
  installation_id  text,
  key_id           text NOT NULL,
  renews_id        uuid,
  issued_by_id     uuid,
  issued_at        timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz,
  revoked_by_id    uuid,
  revoke_reason    text,
  CHECK (expires_at > not_before)
);
CREATE INDEX licenses_organization_id_idx ON licenses (organization_id, issued_at DESC);

-- The licence installed on this installation for an organization (from
-- ATRIUM_LICENSE or pasted by its owner), and the state last applied to the
-- organization's plan (so a change of state — into grace, past grace — is
-- applied once and audited once).
CREATE TABLE installed_licenses (
  organization_id uuid PRIMARY KEY REFERENCES organizations (id),
  token           text NOT NULL,
  license_id      text NOT NULL,
  source          text NOT NULL CHECK (source IN ('environment', 'console')),
  applied_state   text NOT NULL CHECK (applied_state IN ('valid', 'grace', 'expired', 'invalid')),
  applied_plan    text NOT NULL CHECK (applied_plan IN ('free', 'team', 'business', 'enterprise')),
  installed_by_id uuid,
  installed_at    timestamptz NOT NULL DEFAULT now(),
  applied_at      timestamptz NOT NULL DEFAULT now()
);
