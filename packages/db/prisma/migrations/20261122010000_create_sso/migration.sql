-- Single sign-on: SAML and OIDC connections per organization (several
-- allowed), IdP group → role mappings, verified e-mail domains for home-realm
-- discovery, per-organization enforcement with a break-glass owner, pending
-- sign-in requests (SAML AuthnRequest IDs, OIDC state) and the SAML replay
-- cache. Sessions record how they were authenticated.
CREATE TABLE sso_connections (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id         uuid NOT NULL REFERENCES organizations (id),
  name                    text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  protocol                text NOT NULL CHECK (protocol IN ('saml', 'oidc')),
  provider                text NOT NULL CHECK (provider IN ('okta', 'entra', 'google', 'onelogin', 'generic_saml', 'generic_oidc', 'sandbox')),
  -- test: only admins' test sign-ins; live: routes users by domain.
  status                  text NOT NULL DEFAULT 'test' CHECK (status IN ('test', 'live')),
  -- SAML: the IdP. Up to two signing certificates are trusted at once (rollover).
  idp_entity_id           text,
  idp_sso_url             text,
  idp_certificates        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(idp_certificates) <= 2),
  allow_idp_initiated     boolean NOT NULL DEFAULT false,
  -- OIDC: the OpenID Provider and our client there.
  oidc_issuer             text,
  oidc_discovery_url      text,
  oidc_authorization_url  text,
  oidc_token_url          text,
  oidc_jwks_url           text,
  oidc_client_id          text,
  -- AES-256-GCM (SecretBox), bound to 'sso_connections.oidc_client_secret:<id>'.
  oidc_client_secret      text,
  oidc_scopes             text NOT NULL DEFAULT 'openid email profile',
  -- Which claim or attribute carries email, name, department, title, groups.
  attribute_mapping       jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attribute_mapping) = 'object'),
  default_role            system_role DEFAULT 'member' CHECK (default_role IS DISTINCT FROM 'owner'),
  default_custom_role_id  uuid REFERENCES roles (id),
  created_by              uuid REFERENCES users (id),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  last_login_at           timestamptz,
  CONSTRAINT sso_connections_one_default_role CHECK ((default_role IS NULL) <> (default_custom_role_id IS NULL))
);
CREATE INDEX sso_connections_organization_id_idx ON sso_connections (organization_id);

CREATE TABLE sso_role_mappings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  connection_id    uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
  idp_group        text NOT NULL CHECK (length(btrim(idp_group)) BETWEEN 1 AND 256),
  role             system_role CHECK (role IS DISTINCT FROM 'owner'),
  custom_role_id   uuid REFERENCES roles (id),
  CONSTRAINT sso_role_mappings_one_role CHECK ((role IS NULL) <> (custom_role_id IS NULL)),
  CONSTRAINT sso_role_mappings_connection_id_idp_group_key UNIQUE (connection_id, idp_group)
);
CREATE INDEX sso_role_mappings_organization_id_idx ON sso_role_mappings (organization_id);

-- A domain is claimed by adding a TXT record with its token; once verified it
-- belongs to one organization only.
CREATE TABLE sso_domains (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  domain           citext NOT NULL CHECK (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  token            text NOT NULL,
  verified_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sso_domains_organization_id_domain_key UNIQUE (organization_id, domain)
);
CREATE UNIQUE INDEX sso_domains_verified_domain_key ON sso_domains (domain) WHERE verified_at IS NOT NULL;

CREATE TABLE sso_enforcement (
  organization_id      uuid PRIMARY KEY REFERENCES organizations (id),
  enforced             boolean NOT NULL DEFAULT false,
  break_glass_user_id  uuid REFERENCES users (id),
  updated_by           uuid REFERENCES users (id),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Sign-ins in flight: the SAML AuthnRequest ID (checked as InResponseTo) or
-- the OIDC state with its PKCE verifier and nonce. Used once, then deleted.
CREATE TABLE sso_requests (
  id               text PRIMARY KEY,
  connection_id    uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
  code_verifier    text,
  nonce            text,
  -- Set when an admin runs "test connection": the result goes to the test view.
  test_by_user_id  uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL
);
CREATE INDEX sso_requests_expires_at_idx ON sso_requests (expires_at);

-- Assertion IDs already consumed, kept until the assertion would have expired.
CREATE TABLE sso_replay_cache (
  connection_id    uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
  assertion_id     text NOT NULL,
  expires_at       timestamptz NOT NULL,
  PRIMARY KEY (connection_id, assertion_id)
);
CREATE INDEX sso_replay_cache_expires_at_idx ON sso_replay_cache (expires_at);

-- The latest "test connection" outcomes shown to admins.
CREATE TABLE sso_test_results (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  connection_id    uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
  user_id          uuid REFERENCES users (id),
  ok               boolean NOT NULL,
  error            text,
  attributes       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sso_test_results_connection_id_idx ON sso_test_results (connection_id, created_at);

ALTER TABLE sessions
  ADD COLUMN auth_method text NOT NULL DEFAULT 'password' CHECK (auth_method IN ('password', 'saml', 'oidc', 'other')),
  ADD COLUMN sso_connection_id uuid REFERENCES sso_connections (id) ON DELETE SET NULL;
