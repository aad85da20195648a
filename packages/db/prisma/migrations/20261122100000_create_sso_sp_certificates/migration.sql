-- Our side of a SAML connection gets its own key pair: an RSA-2048 key and a
-- self-signed certificate, published in the SP metadata for signing
-- (AuthnRequests) and encryption (assertions). Rotation: a 'next' certificate
-- is published next to the 'active' one, then activated (the old one becomes
-- 'retired' and still decrypts for a grace period until removed). Rows are
-- created by code (on connection creation, or lazily for older connections).
CREATE TABLE sso_sp_certificates (
  id               uuid PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  connection_id    uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
  certificate      text NOT NULL,
  -- AES-256-GCM (SecretBox) PKCS#8 PEM, bound to 'sso_sp_certificates.private_key:<id>'.
  private_key      text NOT NULL,
  fingerprint      text NOT NULL,
  not_before       timestamptz NOT NULL,
  not_after        timestamptz NOT NULL,
  status           text NOT NULL CHECK (status IN ('next', 'active', 'retired')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  activated_at     timestamptz,
  retired_at       timestamptz,
  CONSTRAINT sso_sp_certificates_retired_at CHECK ((status = 'retired') = (retired_at IS NOT NULL))
);
CREATE INDEX sso_sp_certificates_connection_id_idx ON sso_sp_certificates (connection_id);
CREATE INDEX sso_sp_certificates_organization_id_idx ON sso_sp_certificates (organization_id);
-- At most one active and one next certificate per connection.
CREATE UNIQUE INDEX sso_sp_certificates_one_active_key ON sso_sp_certificates (connection_id) WHERE status = 'active';
CREATE UNIQUE INDEX sso_sp_certificates_one_next_key ON sso_sp_certificates (connection_id) WHERE status = 'next';

-- Sign AuthnRequests (HTTP-Redirect signature, RSA-SHA256) with the active key.
ALTER TABLE sso_connections ADD COLUMN sign_authn_requests boolean NOT NULL DEFAULT false;
