-- Usage analytics: daily rollups of usage events by their dimensions, kept apart from
-- usage_daily_rollups (what billing and quotas read, written in the metering transaction) so
-- analytics can be rebuilt from the raw events at any time without touching an invoice's inputs.

-- The latency sketch: fixed log-scale buckets of a duration in milliseconds, gamma = 1.08.
-- Bucket 0 holds 0 ms; bucket k >= 1 holds [1.08^(k-1), 1.08^k) ms. A row keeps its sketch sparse:
-- its non-empty buckets (latency_buckets, each once, in no particular order) and their counts at the
-- same positions (latency_counts), the dense count vector without its zeros; sketches merge by adding the counts of equal buckets
-- (element-wise sum of the dense vectors). Reading bucket k as 2 * 1.08^k / 2.08 is within
-- (1.08 - 1) / (1.08 + 1) = 3.85 % of any value in it (packages/core/src/analytics/usage-sketch.ts).
-- (Not STRICT, so the planner inlines it; null in, null out all the same.)
CREATE FUNCTION usage_sketch_bucket(duration_ms integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN duration_ms < 1 THEN 0 ELSE 1 + floor(ln(duration_ms::float8) / ln(1.08::float8))::integer END;

-- Per organization, UTC day, metric, operation and status (`ok`, `error`, or `none` when the event
-- said nothing): events, quantity (the plain sum) and its largest single report (a gauge's peak),
-- durations reported and their sum, and the latency sketch of those durations.
CREATE TABLE usage_analytics_daily (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  day              date NOT NULL,
  metric           usage_metric NOT NULL,
  operation        text NOT NULL,
  status           text NOT NULL CHECK (status IN ('ok', 'error', 'none')),
  events           bigint NOT NULL CHECK (events >= 0),
  quantity         bigint NOT NULL CHECK (quantity >= 0),
  quantity_max     bigint NOT NULL CHECK (quantity_max >= 0),
  duration_count   bigint NOT NULL CHECK (duration_count >= 0),
  duration_sum     bigint NOT NULL CHECK (duration_sum >= 0),
  latency_buckets  integer[] NOT NULL DEFAULT '{}',
  latency_counts   bigint[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (organization_id, day, metric, operation, status),
  CHECK (cardinality(latency_buckets) = cardinality(latency_counts))
);

-- Per organization and UTC day, the 200 (resource, operation) pairs with the most events.
CREATE TABLE usage_analytics_resources_daily (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  day              date NOT NULL,
  resource_id      text NOT NULL,
  operation        text NOT NULL,
  events           bigint NOT NULL CHECK (events >= 0),
  errors           bigint NOT NULL CHECK (errors >= 0),
  PRIMARY KEY (organization_id, day, resource_id, operation)
);

-- (organization, day) pairs whose events changed since they were last rolled up. Statement
-- triggers on usage_events mark them; the usage-analytics-rollup job recomputes each marked day
-- from the raw events and unmarks it in one transaction. A mark upserts (never a no-op insert),
-- so a change racing the job waits for the job's lock and marks the day again after it.
CREATE TABLE usage_analytics_dirty (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  day              date NOT NULL,
  marked_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, day)
);

CREATE FUNCTION usage_analytics_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_analytics_dirty (organization_id, day)
  SELECT DISTINCT organization_id, (occurred_at AT TIME ZONE 'UTC')::date FROM changed
  ON CONFLICT (organization_id, day) DO UPDATE SET marked_at = now();
  RETURN NULL;
END $$;

CREATE TRIGGER usage_events_analytics_insert AFTER INSERT ON usage_events
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION usage_analytics_mark_new();
CREATE TRIGGER usage_events_analytics_delete AFTER DELETE ON usage_events
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION usage_analytics_mark_new();
CREATE TRIGGER usage_events_analytics_update_old AFTER UPDATE ON usage_events
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION usage_analytics_mark_new();
CREATE TRIGGER usage_events_analytics_update_new AFTER UPDATE ON usage_events
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION usage_analytics_mark_new();

-- Events recorded before this migration are rolled up by the job's first runs.
INSERT INTO usage_analytics_dirty (organization_id, day)
SELECT DISTINCT organization_id, (occurred_at AT TIME ZONE 'UTC')::date FROM usage_events;
