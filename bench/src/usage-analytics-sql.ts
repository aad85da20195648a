/**
 * Hand-written SQL baselines of the usage analytics bench (usage-analytics.ts). Each query
 * answers the same figures as the product's call straight from the rollups, in one statement,
 * percentiles included (nearest rank over merged sketch buckets, by window sums), with no
 * validation, scope lookup or result shaping. Each reads the same rollup level as the product's query. Parameters: $1 the organizations (uuid[]),
 * $2 the first day read (the previous period's when comparing), $3 the last day, $4 the first
 * day of the current period.
 */
/** Sketch rows `src (key…, latency_buckets, latency_counts)` → nearest-rank p50/p95/p99 bucket per key, by window sums over merged buckets. */
const percentiles = (keys: string) => `
b AS (SELECT ${keys}, s.k, sum(s.n) AS n FROM src, unnest(src.latency_buckets, src.latency_counts) AS s (k, n) GROUP BY ${keys}, s.k),
c AS (SELECT ${keys}, k, sum(n) OVER (PARTITION BY ${keys} ORDER BY k) AS cum, sum(n) OVER (PARTITION BY ${keys}) AS total FROM b),
p AS (SELECT ${keys}, min(k) FILTER (WHERE cum >= ceil(0.5 * total)) AS p50, min(k) FILTER (WHERE cum >= ceil(0.95 * total)) AS p95,
             min(k) FILTER (WHERE cum >= ceil(0.99 * total)) AS p99 FROM c GROUP BY ${keys})`;

/**
 * Per operation and period, from the same levels as the product reads: each period's whole calendar months from
 * usage_analytics_operations_monthly, its other days from usage_analytics_operations_daily.
 */
const OPERATIONS = `
WITH periods AS (SELECT $4::date AS lo, $3::date AS hi UNION ALL SELECT $2::date, $4::date - 1 WHERE $2::date < $4::date),
months AS (
  SELECT m::date AS month FROM periods, generate_series(date_trunc('month', lo), hi, interval '1 month') AS m
   WHERE m >= lo AND (m + interval '1 month' - interval '1 day')::date <= hi),
days AS (
  SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') AS d
   WHERE date_trunc('month', d)::date NOT IN (SELECT month FROM months)),
src AS MATERIALIZED (
  SELECT x.day >= $4::date AS current, x.* FROM (
    SELECT month AS day, operation, events, errors, rated, metrics, metric_quantities, metric_peaks, latency_buckets, latency_counts
      FROM usage_analytics_operations_monthly WHERE organization_id = ANY($1::uuid[]) AND month IN (SELECT month FROM months)
    UNION ALL
    SELECT day, operation, events, errors, rated, metrics, metric_quantities, metric_peaks, latency_buckets, latency_counts
      FROM usage_analytics_operations_daily WHERE organization_id = ANY($1::uuid[]) AND day IN (SELECT day FROM days)) x),
f AS (SELECT current, operation, sum(events) AS events, sum(errors) AS errors, sum(rated) AS rated FROM src GROUP BY 1, 2),
q AS (SELECT current, operation, u.metric, sum(u.q) AS quantity, max(u.p) AS peak
        FROM src, unnest(src.metrics, src.metric_quantities, src.metric_peaks) AS u (metric, q, p) GROUP BY 1, 2, 3),
${percentiles("current, operation")}
SELECT f.*, q.metric, q.quantity, q.peak, p.p50, p.p95 FROM f JOIN q USING (current, operation) LEFT JOIN p USING (current, operation)`;

/** Per day and per period, from usage_analytics_quality_daily (as the product). */
const QUALITY = `
WITH src AS MATERIALIZED (
  SELECT day, events, errors, rated, latency_buckets, latency_counts FROM usage_analytics_quality_daily
   WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date),
f AS (SELECT day, sum(events) AS events, sum(errors) AS errors, sum(rated) AS rated FROM src GROUP BY 1),
${percentiles("day")},
per AS (SELECT day >= $4::date AS current, s.k, sum(s.n) AS n FROM src, unnest(src.latency_buckets, src.latency_counts) AS s (k, n) GROUP BY 1, 2),
cp AS (SELECT current, k, sum(n) OVER (PARTITION BY current ORDER BY k) AS cum, sum(n) OVER (PARTITION BY current) AS total FROM per),
pp AS (SELECT current, min(k) FILTER (WHERE cum >= ceil(0.5 * total)) AS p50, min(k) FILTER (WHERE cum >= ceil(0.95 * total)) AS p95,
              min(k) FILTER (WHERE cum >= ceil(0.99 * total)) AS p99 FROM cp GROUP BY 1)
SELECT f.day::text AS key, f.events, f.errors, f.rated, p.p50, p.p95, p.p99 FROM f LEFT JOIN p USING (day)
UNION ALL
SELECT current::text, sum(f.events), sum(f.errors), sum(f.rated), min(pp.p50), min(pp.p95), min(pp.p99)
  FROM f JOIN pp ON pp.current = (f.day >= $4::date) GROUP BY current`;

export const BASELINES = {
  /**
   * The same rows as the job writes (counts, sums, sketches, each day's top resources, and the coarse levels merged from
   * the daily rows: per operation and day, per day, per operation and month), set-based over every event in one statement.
   */
  rollup: `
    WITH d AS (
      INSERT INTO baseline_rollup (organization_id, day, metric, operation, status, events, quantity, quantity_max, duration_count, duration_sum, latency_buckets, latency_counts)
      SELECT organization_id, day, metric, operation, status, sum(n), sum(q), max(qmax), sum(dn), sum(ds),
             coalesce(array_agg(bucket) FILTER (WHERE bucket IS NOT NULL), '{}'), coalesce(array_agg(dn) FILTER (WHERE bucket IS NOT NULL), '{}')
        FROM (SELECT organization_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, metric, operation, coalesce(status, 'none') AS status,
                     CASE WHEN duration_ms < 1 THEN 0 ELSE 1 + floor(ln(duration_ms) / ln(1.08))::int END AS bucket,
                     count(*) AS n, sum(quantity) AS q, max(quantity) AS qmax, count(duration_ms) AS dn, coalesce(sum(duration_ms), 0) AS ds
                FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6) g
       GROUP BY 1, 2, 3, 4, 5
      RETURNING *),
    od AS (
      INSERT INTO baseline_operations_daily
      SELECT f.organization_id, f.day, f.operation, f.events, f.errors, f.rated, f.dn, f.ds, f.metrics, f.quantities, f.peaks,
             coalesce(s.buckets, '{}'), coalesce(s.counts, '{}')
        FROM (SELECT organization_id, day, operation, sum(events) AS events, sum(errors) AS errors, sum(rated) AS rated, sum(dn) AS dn, sum(ds) AS ds,
                     array_agg(metric) AS metrics, array_agg(q) AS quantities, array_agg(p) AS peaks
                FROM (SELECT organization_id, day, operation, metric, sum(events) AS events, coalesce(sum(events) FILTER (WHERE status = 'error'), 0) AS errors,
                             coalesce(sum(events) FILTER (WHERE status <> 'none'), 0) AS rated, sum(duration_count) AS dn, sum(duration_sum) AS ds,
                             sum(quantity) AS q, max(quantity_max) AS p
                        FROM d GROUP BY 1, 2, 3, 4) pm GROUP BY 1, 2, 3) f
        LEFT JOIN (SELECT organization_id, day, operation, array_agg(k) AS buckets, array_agg(n) AS counts
                     FROM (SELECT organization_id, day, operation, u.k, sum(u.n) AS n FROM d, unnest(d.latency_buckets, d.latency_counts) AS u (k, n) GROUP BY 1, 2, 3, 4) b
                    GROUP BY 1, 2, 3) s USING (organization_id, day, operation)
      RETURNING *),
    qd AS (
      INSERT INTO baseline_quality_daily
      SELECT f.*, coalesce(s.buckets, '{}'), coalesce(s.counts, '{}')
        FROM (SELECT organization_id, day, sum(events), sum(errors), sum(rated), sum(duration_count), sum(duration_sum) FROM od GROUP BY 1, 2) f
        LEFT JOIN (SELECT organization_id, day, array_agg(k) AS buckets, array_agg(n) AS counts
                     FROM (SELECT organization_id, day, u.k, sum(u.n) AS n FROM od, unnest(od.latency_buckets, od.latency_counts) AS u (k, n) GROUP BY 1, 2, 3) b
                    GROUP BY 1, 2) s USING (organization_id, day)),
    om AS (
      INSERT INTO baseline_operations_monthly
      SELECT f.*, m.metrics, m.quantities, m.peaks, coalesce(s.buckets, '{}'), coalesce(s.counts, '{}')
        FROM (SELECT organization_id, date_trunc('month', day)::date AS month, operation, sum(events), sum(errors), sum(rated), sum(duration_count), sum(duration_sum)
                FROM od GROUP BY 1, 2, 3) f
        JOIN (SELECT organization_id, month, operation, array_agg(metric) AS metrics, array_agg(q) AS quantities, array_agg(p) AS peaks
                FROM (SELECT organization_id, date_trunc('month', day)::date AS month, operation, u.metric, sum(u.q) AS q, max(u.p) AS p
                        FROM od, unnest(od.metrics, od.metric_quantities, od.metric_peaks) AS u (metric, q, p) GROUP BY 1, 2, 3, 4) x GROUP BY 1, 2, 3) m
          USING (organization_id, month, operation)
        LEFT JOIN (SELECT organization_id, month, operation, array_agg(k) AS buckets, array_agg(n) AS counts
                     FROM (SELECT organization_id, date_trunc('month', day)::date AS month, operation, u.k, sum(u.n) AS n
                             FROM od, unnest(od.latency_buckets, od.latency_counts) AS u (k, n) GROUP BY 1, 2, 3, 4) b
                    GROUP BY 1, 2, 3) s USING (organization_id, month, operation))
    INSERT INTO baseline_resources (organization_id, day, resource_id, operation, events, errors)
    SELECT organization_id, day, resource_id, operation, events, errors
      FROM (SELECT organization_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, resource_id, operation, count(*) AS events,
                   count(*) FILTER (WHERE status = 'error') AS errors,
                   row_number() OVER (PARTITION BY organization_id, (occurred_at AT TIME ZONE 'UTC')::date ORDER BY count(*) DESC, resource_id, operation) AS rank
              FROM usage_events WHERE resource_id IS NOT NULL GROUP BY 1, 2, 3, 4) r
     WHERE rank <= 200`,
  summary: `
    SELECT day, metric, sum(events) AS events, sum(quantity) AS quantity, sum(peak) AS peak
      FROM (SELECT organization_id, day, metric, sum(events) AS events, sum(quantity) AS quantity, max(quantity_max) AS peak
              FROM usage_analytics_daily WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date AND $4::date IS NOT NULL
             GROUP BY 1, 2, 3) o
     GROUP BY 1, 2`,
  operations: OPERATIONS,
  quality: QUALITY,
  /** Cost's reads: the allocation weights (the same level as the product's) and each month's billed usage (pricing itself is billing's TypeScript). */
  cost: `
    WITH w AS (
      SELECT organization_id, m.metric, operation, day, m.quantity FROM usage_analytics_operations_daily, unnest(metrics, metric_quantities) AS m (metric, quantity)
       WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN date_trunc('month', $2::date)::date AND $3::date AND m.metric <> 'seats' AND m.quantity > 0
         AND $4::date IS NOT NULL),
    u AS (
      SELECT date_trunc('month', day) AS month, organization_id, metric,
             CASE WHEN metric = 'storage_bytes' THEN max(quantity) ELSE sum(quantity) END AS quantity
        FROM usage_daily_rollups WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN date_trunc('month', $2::date)::date AND $3::date AND metric <> 'seats'
       GROUP BY 1, 2, 3)
    SELECT (SELECT count(*) FROM w) AS cells, (SELECT sum(quantity) FROM u) AS usage`,
  topResources: `
    SELECT resource_id, operation, sum(events) AS events, sum(errors) AS errors FROM usage_analytics_resources_daily
     WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN $4::date AND $3::date AND $2::date IS NOT NULL
     GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 10`,
} as const;
