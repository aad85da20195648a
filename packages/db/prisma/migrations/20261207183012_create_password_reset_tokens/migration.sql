-- "Forgot password": a single-use, short-lived reset token per request, stored only as its SHA-256
-- (the token itself exists only in the e-mail). A newer request for the same person voids older ones.
CREATE TABLE password_reset_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  requested_ip  text,
  CHECK (expires_at > created_at)
);
CREATE INDEX password_reset_tokens_user_id_idx ON password_reset_tokens (user_id);
