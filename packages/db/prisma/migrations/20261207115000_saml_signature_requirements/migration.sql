-- SAML signature requirements per connection.
-- want_assertions_signed: existing connections keep accepting a response-level signature alone
-- (false; their SP metadata now says so), new ones require the assertion's own signature (true).
ALTER TABLE sso_connections ADD COLUMN want_assertions_signed boolean NOT NULL DEFAULT false;
ALTER TABLE sso_connections ALTER COLUMN want_assertions_signed SET DEFAULT true;
-- allow_sha1_signatures: RSA-SHA1 and SHA-1 digests are refused unless an admin opts in.
ALTER TABLE sso_connections ADD COLUMN allow_sha1_signatures boolean NOT NULL DEFAULT false;
