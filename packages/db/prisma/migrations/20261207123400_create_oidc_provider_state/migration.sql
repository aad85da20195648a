-- Atrium as OpenID Provider (oidc-provider) for the vendor's applications.
--
-- oidc_provider_records: the provider's own state (sessions, interactions,
-- grants, authorization codes, access and refresh tokens …), one row per
-- (model, id), the library's payload kept as it gave it. Expired rows are
-- purged by the worker's oidc-cleanup job in batches.
CREATE TABLE oidc_provider_records (
  model        text NOT NULL CHECK (length(model) BETWEEN 1 AND 64),
  id           text NOT NULL CHECK (length(id) BETWEEN 1 AND 256),
  payload      jsonb NOT NULL,
  grant_id     text,
  user_code    text,
  uid          text,
  account_id   text,
  expires_at   timestamptz,
  consumed_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_provider_records_model_grant_id_idx ON oidc_provider_records (model, grant_id);
CREATE INDEX oidc_provider_records_uid_idx ON oidc_provider_records (uid);
CREATE INDEX oidc_provider_records_user_code_idx ON oidc_provider_records (user_code);
CREATE INDEX oidc_provider_records_expires_at_idx ON oidc_provider_records (expires_at);
CREATE INDEX oidc_provider_records_model_account_id_idx ON oidc_provider_records (model, account_id);

-- The provider's signing keys (JWK private keys sealed with the SecretBox,
-- bound to "oidc_signing_keys.private_jwk:<id>"). `next` is published in the
-- JWKS before it signs; `active` signs; `retired` stays in the JWKS until
-- its grace period ends, so tokens it signed still verify.
CREATE TABLE oidc_signing_keys (
  id           uuid PRIMARY KEY,
  kid          text NOT NULL CHECK (length(kid) BETWEEN 8 AND 128),
  alg          text NOT NULL CHECK (alg IN ('RS256', 'ES256')),
  private_jwk  text NOT NULL,
  status       text NOT NULL CHECK (status IN ('next', 'active', 'retired')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  retired_at   timestamptz,
  CONSTRAINT oidc_signing_keys_kid_key UNIQUE (kid)
);
-- One active key per algorithm.
CREATE UNIQUE INDEX oidc_signing_keys_one_active_idx ON oidc_signing_keys (alg) WHERE status = 'active';

-- Back-channel logout requests: written in the same transaction as the change
-- that ends a person's sessions (SCIM deactivation, removal from an
-- organization, "sign out everywhere"); the worker's oidc-backchannel-logout
-- job sends a logout token to every application where the person has a
-- session and revokes their grants there.
CREATE TABLE oidc_logout_requests (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id),
  reason        text NOT NULL CHECK (reason IN ('scim_deactivated', 'member_removed', 'signed_out_everywhere')),
  organization_id uuid REFERENCES organizations (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  processed_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0
);
CREATE INDEX oidc_logout_requests_pending_idx ON oidc_logout_requests (created_at) WHERE processed_at IS NULL;

CREATE FUNCTION notify_oidc_logout_requests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('atrium_oidc_logout', '');
  RETURN NULL;
END $$;
CREATE TRIGGER oidc_logout_requests_notify AFTER INSERT ON oidc_logout_requests
  FOR EACH STATEMENT EXECUTE FUNCTION notify_oidc_logout_requests();
