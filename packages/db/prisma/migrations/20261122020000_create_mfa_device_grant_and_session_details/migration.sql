-- MFA (TOTP with recovery codes), per-organization MFA policy, the RFC 8628
-- device authorization grant and the tokens it issues, and what the sessions
-- page shows about each browser session (public id, last seen, MFA).

ALTER TABLE sessions
  ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN last_seen_at timestamptz,
  ADD COLUMN mfa_verified_at timestamptz,
  ADD CONSTRAINT sessions_public_id_key UNIQUE (public_id);

-- One TOTP factor per user. The seed is AES-256-GCM sealed (SecretBox, bound
-- to `user_totp.secret:<user id>`); confirmed_at is null while enrolling.
-- last_used_step refuses a second use of the same code.
CREATE TABLE user_totp (
  user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_sealed   text NOT NULL CHECK (secret_sealed LIKE 'v1.%'),
  confirmed_at    timestamptz,
  last_used_step  bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- One-time recovery codes, stored as SHA-256 only.
CREATE TABLE mfa_recovery_codes (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash   text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mfa_recovery_codes_user_id_code_hash_key UNIQUE (user_id, code_hash)
);

-- The second step of a password login: a short-lived challenge (token kept
-- as SHA-256) to verify a code, or to enrol first when the policy requires MFA.
CREATE TABLE mfa_challenges (
  id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('verify', 'enroll')),
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_challenges_user_id_idx ON mfa_challenges (user_id);

-- MFA policy per organization (no row: off).
CREATE TABLE mfa_policies (
  organization_id  uuid PRIMARY KEY REFERENCES organizations (id),
  required         boolean NOT NULL DEFAULT false,
  updated_by       uuid REFERENCES users (id),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- RFC 8628 device authorizations: the device code is kept as SHA-256, the
-- user code (8 letters, stored without the dash) is unique while it lives.
CREATE TABLE device_authorizations (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_code_hash  text NOT NULL CHECK (device_code_hash ~ '^[0-9a-f]{64}$'),
  user_code         text NOT NULL CHECK (user_code ~ '^[BCDFGHJKLMNPQRSTVWXZ]{8}$'),
  client_id         text NOT NULL,
  scopes            text[] NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
  interval_seconds  integer NOT NULL CHECK (interval_seconds BETWEEN 1 AND 600),
  last_polled_at    timestamptz,
  user_id           uuid REFERENCES users (id) ON DELETE CASCADE,
  organization_id   uuid REFERENCES organizations (id),
  mfa_verified_at   timestamptz,
  decided_at        timestamptz,
  ip                text,
  user_agent        text,
  expires_at        timestamptz NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT device_authorizations_device_code_hash_key UNIQUE (device_code_hash),
  CONSTRAINT device_authorizations_user_code_key UNIQUE (user_code),
  CONSTRAINT device_authorizations_decided_check CHECK (status = 'pending' OR user_id IS NOT NULL)
);
CREATE INDEX device_authorizations_expires_at_idx ON device_authorizations (expires_at);

-- Bearer tokens issued by the device grant: one user, one organization, a
-- scope list; stored as SHA-256 with a visible prefix (`atd_xxxxxxxx`).
CREATE TABLE device_tokens (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  client_id        text NOT NULL,
  scopes           text[] NOT NULL CHECK (cardinality(scopes) > 0),
  prefix           text NOT NULL CHECK (prefix ~ '^atd_[a-z2-7]{8}$'),
  secret_hash      text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  mfa_verified_at  timestamptz,
  ip               text,
  user_agent       text,
  last_used_at     timestamptz,
  last_used_ip     text,
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT device_tokens_prefix_key UNIQUE (prefix),
  CONSTRAINT device_tokens_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX device_tokens_user_id_idx ON device_tokens (user_id);
CREATE INDEX device_tokens_organization_id_idx ON device_tokens (organization_id);
