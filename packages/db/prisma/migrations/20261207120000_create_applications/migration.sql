-- Applications: the vendor's product (or one of its back ends), registered by
-- platform staff. Platform-level, not tenant-owned: one application serves
-- every customer organization. Its slug becomes its OIDC client id; the
-- redirect, post-logout and back-channel logout URIs are kept now for the
-- OpenID Provider that signs people into it.
CREATE TABLE applications (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug                      text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name                      text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  description               text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  redirect_uris             text[] NOT NULL DEFAULT '{}',
  post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
  backchannel_logout_uri    text,
  rate_limit_per_minute     integer CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000),
  rate_limit_burst          integer CHECK (rate_limit_burst BETWEEN 1 AND 1000000),
  created_at                timestamptz NOT NULL DEFAULT now(),
  archived_at               timestamptz,
  CONSTRAINT applications_slug_key UNIQUE (slug)
);

-- Secret keys of an application (`atrium_sk_…`): shown once, kept as a
-- SHA-256 with a visible prefix. A rotated key may keep working until
-- expires_at (overlap); revocation is immediate.
CREATE TABLE application_secret_keys (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL REFERENCES applications (id),
  prefix          text NOT NULL CHECK (prefix ~ '^atrium_sk_[A-Za-z0-9_-]{1,12}$'),
  secret_hash     text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz,
  revoked_at      timestamptz,
  last_used_at    timestamptz,
  CONSTRAINT application_secret_keys_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX application_secret_keys_application_id_idx ON application_secret_keys (application_id);

-- Idempotency keys of /v1 POSTs: the first response to (application, key) is
-- replayed for the same request and refused (409) for another. An in-flight
-- request has no status yet. Rows older than 24 h no longer count.
CREATE TABLE idempotency_keys (
  application_id   uuid NOT NULL REFERENCES applications (id),
  key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash     text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  response_status  integer,
  response_body    jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- rate_limit_take() and what is left: the tokens remaining after this request
-- and the seconds until the bucket is full again (RateLimit-* headers).
CREATE FUNCTION rate_limit_take_with_state(bucket text, per_minute integer, burst integer,
  OUT wait double precision, OUT remaining double precision, OUT full_in double precision)
LANGUAGE plpgsql AS $$
BEGIN
  wait := rate_limit_take(bucket, per_minute, burst);
  SELECT b.tokens INTO remaining FROM rate_limit_buckets b WHERE b.key = bucket;
  full_in := (burst - remaining) * 60.0 / per_minute;
END $$;
