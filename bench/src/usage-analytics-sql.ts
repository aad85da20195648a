/**
 * Hand-written SQL baselines of the usage analytics bench (usage-analytics.ts). Each query
 * answers the same figures as the product's call straight from the rollups, in one statement,
 * percentiles included (nearest rank over merged sketch buckets, by window sums), with no
 * validation, scope lookup or result shaping. Parameters: $1 the organizations (uuid[]),
 * $2 the first day read (the previous period's when comparing), $3 the last day, $4 the first
 * day of the current period.
 */
const OPERATIONS = `
WITH f AS (
  SELECT day >= $4::date AS current, operation, metric, sum(events) AS events,
         sum(events) FILTER (WHERE status = 'error') AS errors, sum(events) FILTER (WHERE status <> 'none') AS rated,
         sum(quantity) AS quantity, max(quantity_max) AS peak
    FROM usage_analytics_daily WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date GROUP BY 1, 2, 3),
b AS (
  SELECT day >= $4::date AS current, operation, s.k, sum(s.n) AS n
    FROM usage_analytics_daily d, unnest(d.latency_buckets, d.latency_counts) AS s (k, n)
   WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date GROUP BY 1, 2, 3),
c AS (
  SELECT current, operation, k, sum(n) OVER (PARTITION BY current, operation ORDER BY k) AS cum, sum(n) OVER (PARTITION BY current, operation) AS total FROM b),
p AS (
  SELECT current, operation, min(k) FILTER (WHERE cum >= ceil(0.5 * total)) AS p50, min(k) FILTER (WHERE cum >= ceil(0.95 * total)) AS p95 FROM c GROUP BY 1, 2)
SELECT f.*, p.p50, p.p95 FROM f LEFT JOIN p USING (current, operation)`;

const QUALITY = `
WITH f AS (
  SELECT day, sum(events) AS events, sum(events) FILTER (WHERE status = 'error') AS errors, sum(events) FILTER (WHERE status <> 'none') AS rated
    FROM usage_analytics_daily WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date GROUP BY 1),
b AS (
  SELECT day, s.k, sum(s.n) AS n
    FROM usage_analytics_daily d, unnest(d.latency_buckets, d.latency_counts) AS s (k, n)
   WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date GROUP BY 1, 2),
periods AS (SELECT day >= $4::date AS current, k, sum(n) AS n FROM b GROUP BY 1, 2),
cd AS (SELECT day, k, sum(n) OVER (PARTITION BY day ORDER BY k) AS cum, sum(n) OVER (PARTITION BY day) AS total FROM b),
cp AS (SELECT current, k, sum(n) OVER (PARTITION BY current ORDER BY k) AS cum, sum(n) OVER (PARTITION BY current) AS total FROM periods),
pd AS (SELECT day, min(k) FILTER (WHERE cum >= ceil(0.5 * total)) AS p50, min(k) FILTER (WHERE cum >= ceil(0.95 * total)) AS p95,
              min(k) FILTER (WHERE cum >= ceil(0.99 * total)) AS p99 FROM cd GROUP BY 1),
pp AS (SELECT current, min(k) FILTER (WHERE cum >= ceil(0.5 * total)) AS p50, min(k) FILTER (WHERE cum >= ceil(0.95 * total)) AS p95,
              min(k) FILTER (WHERE cum >= ceil(0.99 * total)) AS p99 FROM cp GROUP BY 1)
SELECT f.day::text AS key, f.events, f.errors, f.rated, pd.p50, pd.p95, pd.p99 FROM f LEFT JOIN pd USING (day)
UNION ALL
SELECT current::text, sum(f.events), sum(f.errors), sum(f.rated), min(pp.p50), min(pp.p95), min(pp.p99)
  FROM f JOIN pp ON pp.current = (f.day >= $4::date) GROUP BY current`;

export const BASELINES = {
  /** The same rows as the job writes (counts, sums, sketches, each day's top resources), set-based over every event. */
  rollup: `
    WITH d AS (
      INSERT INTO baseline_rollup (organization_id, day, metric, operation, status, events, quantity, quantity_max, duration_count, duration_sum, latency_buckets, latency_counts)
      SELECT organization_id, day, metric, operation, status, sum(n), sum(q), max(qmax), sum(dn), sum(ds),
             coalesce(array_agg(bucket) FILTER (WHERE bucket IS NOT NULL), '{}'), coalesce(array_agg(dn) FILTER (WHERE bucket IS NOT NULL), '{}')
        FROM (SELECT organization_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, metric, operation, coalesce(status, 'none') AS status,
                     CASE WHEN duration_ms < 1 THEN 0 ELSE 1 + floor(ln(duration_ms) / ln(1.08))::int END AS bucket,
                     count(*) AS n, sum(quantity) AS q, max(quantity) AS qmax, count(duration_ms) AS dn, coalesce(sum(duration_ms), 0) AS ds
                FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6) g
       GROUP BY 1, 2, 3, 4, 5)
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
  /** Cost's reads: the allocation weights and each month's billed usage (pricing itself is billing's TypeScript). */
  cost: `
    WITH w AS (
      SELECT organization_id, metric, operation, day, sum(quantity) AS quantity FROM usage_analytics_daily
       WHERE organization_id = ANY($1::uuid[]) AND day BETWEEN date_trunc('month', $2::date)::date AND $3::date AND metric <> 'seats' AND $4::date IS NOT NULL
       GROUP BY 1, 2, 3, 4 HAVING sum(quantity) > 0),
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
