-- API keys per organization, scoped to a permission set. The secret is shown
-- once; the database keeps its SHA-256 and a visible prefix. Rate limits are
-- per organization (requests per minute and burst), enforced with token
-- buckets kept here so every API instance shares them.
CREATE TABLE api_keys (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  prefix           text NOT NULL CHECK (prefix ~ '^atr_[a-z2-7]{8}$'),
  secret_hash      text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  permissions      text[] NOT NULL CHECK (cardinality(permissions) > 0),
  expires_at       timestamptz,
  last_used_at     timestamptz,
  last_used_ip     text,
  created_by       uuid REFERENCES users (id),
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT api_keys_prefix_key UNIQUE (prefix),
  CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id);

ALTER TABLE organizations
  ADD COLUMN rate_limit_per_minute integer CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000),
  ADD COLUMN rate_limit_burst integer CHECK (rate_limit_burst BETWEEN 1 AND 1000000);

CREATE UNLOGGED TABLE rate_limit_buckets (
  key         text PRIMARY KEY,
  tokens      double precision NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Takes one token from the bucket `key`, which refills at per_minute/60
-- tokens a second up to `burst`. Returns 0 when allowed, otherwise the
-- seconds until a token is available (nothing is taken). The row lock makes
-- concurrent requests on every instance share one bucket.
CREATE FUNCTION rate_limit_take(bucket text, per_minute integer, burst integer) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
  now_ts timestamptz := clock_timestamp();
  available double precision;
BEGIN
  INSERT INTO rate_limit_buckets (key, tokens, updated_at) VALUES (bucket, burst, now_ts)
  ON CONFLICT (key) DO NOTHING;
  SELECT least(burst, tokens + extract(epoch FROM now_ts - updated_at) * per_minute / 60.0)
    INTO available FROM rate_limit_buckets WHERE key = bucket FOR UPDATE;
  IF available >= 1 THEN
    UPDATE rate_limit_buckets SET tokens = available - 1, updated_at = now_ts WHERE key = bucket;
    RETURN 0;
  END IF;
  UPDATE rate_limit_buckets SET tokens = available, updated_at = now_ts WHERE key = bucket;
  RETURN (1 - available) * 60.0 / per_minute;
END $$;
