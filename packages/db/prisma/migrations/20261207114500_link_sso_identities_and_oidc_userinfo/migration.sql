-- An SSO identity is linked to an Atrium account by (connection, subject)
-- after its first sign-in: the link, not the e-mail, decides the account on
-- later sign-ins, so an IdP account that later claims someone else's e-mail
-- cannot take over that person's account. One link per account and
-- connection: a second subject claiming the same account is refused, never
-- silently re-linked. Links go with their connection or their user.
CREATE TABLE sso_identities (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  connection_id    uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
  subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 1024),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_login_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sso_identities_connection_id_subject_key ON sso_identities (connection_id, subject);
CREATE UNIQUE INDEX sso_identities_connection_id_user_id_key ON sso_identities (connection_id, user_id);
CREATE INDEX sso_identities_organization_id_idx ON sso_identities (organization_id);
CREATE INDEX sso_identities_user_id_idx ON sso_identities (user_id);

-- OIDC: the UserInfo endpoint (from discovery, or given), read when the
-- id_token lacks the mapped claims (OIDC Core §5.4); and the admin's explicit
-- statement that the OP is authoritative for the organization's verified
-- domains, so an e-mail it does not mark verified is still accepted.
ALTER TABLE sso_connections ADD COLUMN oidc_userinfo_url text;
ALTER TABLE sso_connections ADD COLUMN trust_unverified_email boolean NOT NULL DEFAULT false;
