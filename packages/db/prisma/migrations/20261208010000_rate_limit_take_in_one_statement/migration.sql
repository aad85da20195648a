-- The token bucket taken in one statement instead of four (INSERT … DO NOTHING, SELECT … FOR
-- UPDATE, UPDATE, and the state read again): every /v1, API-key and SCIM request takes a token,
-- and the four statements of the PL/pgSQL version were a third of PostgreSQL's work on a
-- one-check /v1/authorize. Same bucket, same answers:
--  * a new bucket starts full (`burst`) and gives its first token at once;
--  * an existing one refills at per_minute/60 tokens a second up to `burst`, computed on the
--    latest committed row under its row lock (ON CONFLICT DO UPDATE locks and re-reads it, so
--    concurrent requests on every instance still share one bucket);
--  * a refused request takes nothing and writes nothing: leaving the row as it was is the same
--    bucket as writing back its refilled level with the current time (the level is below 1,
--    never capped by `burst`). Its wait and remaining level are computed from the row as the
--    statement's snapshot saw it (a refusal's Retry-After, not the decision).

CREATE OR REPLACE FUNCTION rate_limit_take_with_state(bucket text, per_minute integer, burst integer,
  OUT wait double precision, OUT remaining double precision, OUT full_in double precision)
LANGUAGE sql VOLATILE AS $$
  WITH taken AS (
    INSERT INTO rate_limit_buckets AS b (key, tokens, updated_at) VALUES (bucket, burst - 1, clock_timestamp())
    ON CONFLICT (key) DO UPDATE
       SET tokens = least(burst, b.tokens + extract(epoch FROM EXCLUDED.updated_at - b.updated_at) * per_minute / 60.0) - 1,
           updated_at = EXCLUDED.updated_at
     WHERE least(burst, b.tokens + extract(epoch FROM EXCLUDED.updated_at - b.updated_at) * per_minute / 60.0) >= 1
    RETURNING b.tokens),
  refused AS (
    SELECT coalesce((SELECT least(burst, s.tokens + extract(epoch FROM clock_timestamp() - s.updated_at) * per_minute / 60.0)
                       FROM rate_limit_buckets s WHERE s.key = bucket), 0) AS available
     WHERE NOT EXISTS (SELECT FROM taken))
  SELECT 0::double precision, t.tokens, (burst - t.tokens) * 60.0 / per_minute FROM taken t
  UNION ALL
  SELECT (1 - r.available) * 60.0 / per_minute, r.available, (burst - r.available) * 60.0 / per_minute FROM refused r
$$;

CREATE OR REPLACE FUNCTION rate_limit_take(bucket text, per_minute integer, burst integer) RETURNS double precision
LANGUAGE sql VOLATILE AS $$
  SELECT wait FROM rate_limit_take_with_state(bucket, per_minute, burst)
$$;
