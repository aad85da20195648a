-- Coarser levels of usage analytics, so that long ranges merge few sketches: the rows of
-- usage_analytics_daily (organization, day, metric, operation, status) merged
-- - per organization, day and operation (usage_analytics_operations_daily),
-- - per organization, month and operation (usage_analytics_operations_monthly: the merge of the
--   month's usage_analytics_operations_daily rows),
-- - per organization and day (usage_analytics_quality_daily).
-- The usage-analytics-rollup job rewrites them in the same transaction as the daily rows they come
-- from (each marked day, then each month it falls in). Sketches are stored as in
-- usage_analytics_daily (sparse: non-empty buckets in no particular order, counts at the same
-- positions) and merged by adding the counts of equal buckets, which is exact: a coarse row's sketch
-- is the sketch of the same durations.
-- events: all events; errors: status `error`; rated: events that reported a status (`ok`/`error`).
-- Per metric reported under the operation (metrics, each once, in no particular order), at the same
-- positions: the sum of the quantities and the largest single report (a gauge's peak).

CREATE TABLE usage_analytics_operations_daily (
  organization_id   uuid NOT NULL REFERENCES organizations (id),
  day               date NOT NULL,
  operation         text NOT NULL,
  events            bigint NOT NULL CHECK (events >= 0),
  errors            bigint NOT NULL CHECK (errors >= 0),
  rated             bigint NOT NULL CHECK (rated >= 0),
  duration_count    bigint NOT NULL CHECK (duration_count >= 0),
  duration_sum      bigint NOT NULL CHECK (duration_sum >= 0),
  metrics           usage_metric[] NOT NULL,
  metric_quantities bigint[] NOT NULL,
  metric_peaks      bigint[] NOT NULL,
  latency_buckets   integer[] NOT NULL DEFAULT '{}',
  latency_counts    bigint[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (organization_id, day, operation),
  CHECK (cardinality(metrics) = cardinality(metric_quantities) AND cardinality(metrics) = cardinality(metric_peaks)),
  CHECK (cardinality(latency_buckets) = cardinality(latency_counts))
);

-- The same columns, keyed by month (its first day) instead of day.
CREATE TABLE usage_analytics_operations_monthly (LIKE usage_analytics_operations_daily INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
ALTER TABLE usage_analytics_operations_monthly RENAME COLUMN day TO month;
ALTER TABLE usage_analytics_operations_monthly
  ADD FOREIGN KEY (organization_id) REFERENCES organizations (id),
  ADD CHECK (extract(day FROM month) = 1);

CREATE TABLE usage_analytics_quality_daily (
  organization_id   uuid NOT NULL REFERENCES organizations (id),
  day               date NOT NULL,
  events            bigint NOT NULL CHECK (events >= 0),
  errors            bigint NOT NULL CHECK (errors >= 0),
  rated             bigint NOT NULL CHECK (rated >= 0),
  duration_count    bigint NOT NULL CHECK (duration_count >= 0),
  duration_sum      bigint NOT NULL CHECK (duration_sum >= 0),
  latency_buckets   integer[] NOT NULL DEFAULT '{}',
  latency_counts    bigint[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (organization_id, day),
  CHECK (cardinality(latency_buckets) = cardinality(latency_counts))
);

-- Days already rolled up get their coarse rows from the job's next runs.
INSERT INTO usage_analytics_dirty (organization_id, day)
SELECT DISTINCT organization_id, day FROM usage_analytics_daily
ON CONFLICT (organization_id, day) DO NOTHING;
