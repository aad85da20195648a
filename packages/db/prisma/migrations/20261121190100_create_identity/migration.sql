-- Users, sessions (Lucia-guide style: only the SHA-256 of the token is stored)
-- and the login throttle shared by every API instance.
CREATE TYPE platform_role AS ENUM ('super_admin', 'csm', 'support', 'finance', 'sales');
CREATE TYPE user_status AS ENUM ('active', 'deactivated');

CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email          citext NOT NULL,
  name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  password_hash  text,
  platform_role  platform_role,
  status         user_status NOT NULL DEFAULT 'active',
  last_login_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_email_format CHECK (email ~ '^[^@\s]+@[^@\s]+$')
);

CREATE TABLE sessions (
  id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  ip          text,
  user_agent  text
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- One row per throttled key ("email:<address>" or "ip:<address>"): failures
-- inside the current window, and the time the key is locked until.
CREATE TABLE login_throttles (
  key                text PRIMARY KEY,
  failures           integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  window_started_at  timestamptz NOT NULL DEFAULT now(),
  locked_until       timestamptz
);
