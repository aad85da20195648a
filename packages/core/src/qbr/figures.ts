/**
 * The figures of a QBR, each one a named SQL query over the source tables.
 * Every query takes the same three parameters — $1 the customer's subtree
 * (ltree path), $2 the first day of the period, $3 the day after it — and
 * returns one row with a column `v`. The QBR stores each value with its SQL
 * and parameters, so every number is traceable to (and re-runnable on) its
 * source data.
 */
export interface FigureSpec {
  label: string;
  unit: "count" | "percent" | "hours" | "score" | "minor" | "ms";
  sql: string;
}

const inTree = "o.path <@ $1::ltree";

export const FIGURES = {
  api_calls: {
    label: "API calls",
    unit: "count",
    sql: `SELECT coalesce(sum(r.quantity), 0)::float8 AS v FROM usage_daily_rollups r JOIN organizations o ON o.id = r.organization_id
           WHERE ${inTree} AND r.metric = 'api_calls' AND r.day >= $2::date AND r.day < $3::date`,
  },
  operations: {
    label: "Operations",
    unit: "count",
    sql: `SELECT coalesce(sum(r.quantity), 0)::float8 AS v FROM usage_daily_rollups r JOIN organizations o ON o.id = r.organization_id
           WHERE ${inTree} AND r.metric = 'operations' AND r.day >= $2::date AND r.day < $3::date`,
  },
  usage_days: {
    label: "Days with usage data",
    unit: "count",
    sql: `SELECT count(DISTINCT r.day)::float8 AS v FROM usage_daily_rollups r JOIN organizations o ON o.id = r.organization_id
           WHERE ${inTree} AND r.metric IN ('api_calls', 'operations') AND r.day >= $2::date AND r.day < $3::date`,
  },
  peak_active_users: {
    label: "Peak active users",
    unit: "count",
    sql: `SELECT coalesce(max(d.users), 0)::float8 AS v FROM (
            SELECT r.day, sum(r.quantity) AS users FROM usage_daily_rollups r JOIN organizations o ON o.id = r.organization_id
             WHERE ${inTree} AND r.metric = 'seats' AND r.day >= $2::date AND r.day < $3::date GROUP BY r.day) d`,
  },
  contracted_seats: {
    label: "Contracted seats",
    unit: "count",
    sql: `SELECT coalesce(sum(c.seats), 0)::float8 AS v FROM contracts c JOIN organizations o ON o.id = c.organization_id
           WHERE ${inTree} AND c.status IN ('active', 'renewal_pending', 'expired') AND c.start_date < $3::date AND c.end_date >= $2::date`,
  },
  key_features_used: {
    label: "Key features used",
    unit: "count",
    sql: `SELECT count(DISTINCT e.properties ->> 'feature')::float8 AS v FROM usage_events e JOIN organizations o ON o.id = e.organization_id
           WHERE ${inTree} AND e.occurred_at >= $2::date AND e.occurred_at < $3::date
             AND e.properties ->> 'feature' IN (SELECT jsonb_array_elements_text(thresholds -> 'key_features') FROM health_config WHERE id = 1)`,
  },
  tickets_opened: {
    label: "Tickets opened",
    unit: "count",
    sql: `SELECT count(*)::float8 AS v FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
           WHERE ${inTree} AND t.created_at >= $2::date AND t.created_at < $3::date`,
  },
  tickets_resolved: {
    label: "Tickets resolved",
    unit: "count",
    sql: `SELECT count(*)::float8 AS v FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
           WHERE ${inTree} AND t.resolved_at >= $2::date AND t.resolved_at < $3::date`,
  },
  resolved_in_sla_pct: {
    label: "Resolved within SLA",
    unit: "percent",
    sql: `SELECT round(100.0 * count(*) FILTER (WHERE t.resolved_at <= t.resolution_due_at) / nullif(count(*), 0), 1)::float8 AS v
            FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
           WHERE ${inTree} AND t.resolved_at >= $2::date AND t.resolved_at < $3::date`,
  },
  avg_resolution_hours: {
    label: "Average time to resolve",
    unit: "hours",
    sql: `SELECT round(avg(extract(epoch FROM t.resolved_at - t.created_at) / 3600)::numeric, 1)::float8 AS v
            FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
           WHERE ${inTree} AND t.resolved_at >= $2::date AND t.resolved_at < $3::date`,
  },
  nps: {
    label: "NPS",
    unit: "score",
    sql: `SELECT round(100.0 * (count(*) FILTER (WHERE n.score >= 9) - count(*) FILTER (WHERE n.score <= 6)) / nullif(count(*), 0))::float8 AS v
            FROM nps_responses n JOIN organizations o ON o.id = n.organization_id
           WHERE ${inTree} AND n.created_at >= $2::date AND n.created_at < $3::date`,
  },
  nps_responses: {
    label: "NPS answers",
    unit: "count",
    sql: `SELECT count(*)::float8 AS v FROM nps_responses n JOIN organizations o ON o.id = n.organization_id
           WHERE ${inTree} AND n.created_at >= $2::date AND n.created_at < $3::date`,
  },
  avg_uptime_pct: {
    label: "Average uptime",
    unit: "percent",
    sql: `SELECT round(avg(s.uptime_pct)::numeric, 3)::float8 AS v FROM sla_monthly s
           WHERE s.organization_id = replace(subpath($1::ltree, -1)::text, '_', '-')::uuid AND s.month >= $2::date AND s.month < $3::date`,
  },
  worst_p99_ms: {
    label: "Worst monthly p99 latency",
    unit: "ms",
    sql: `SELECT max(s.p99_latency_ms)::float8 AS v FROM sla_monthly s
           WHERE s.organization_id = replace(subpath($1::ltree, -1)::text, '_', '-')::uuid AND s.month >= $2::date AND s.month < $3::date`,
  },
  health_start: {
    label: "Health at the start",
    unit: "score",
    sql: `SELECT h.score::float8 AS v FROM health_scores h
           WHERE h.organization_id = replace(subpath($1::ltree, -1)::text, '_', '-')::uuid AND h.scored_on >= $2::date AND h.scored_on < $3::date
           ORDER BY h.scored_on LIMIT 1`,
  },
  health_end: {
    label: "Health at the end",
    unit: "score",
    sql: `SELECT h.score::float8 AS v FROM health_scores h
           WHERE h.organization_id = replace(subpath($1::ltree, -1)::text, '_', '-')::uuid AND h.scored_on >= $2::date AND h.scored_on < $3::date
           ORDER BY h.scored_on DESC LIMIT 1`,
  },
} as const satisfies Record<string, FigureSpec>;

export type FigureKey = keyof typeof FIGURES;

/** Monthly series for the charts, same parameters; one row per month. */
export const SERIES = {
  usage_by_month: `
    SELECT to_char(m.month, 'YYYY-MM') AS month,
           coalesce(sum(r.quantity) FILTER (WHERE r.metric = 'api_calls'), 0)::float8 AS api_calls,
           coalesce(sum(r.quantity) FILTER (WHERE r.metric = 'operations'), 0)::float8 AS operations
      FROM generate_series($2::date, $3::date - 1, interval '1 month') AS m(month)
      LEFT JOIN (usage_daily_rollups r JOIN organizations o ON o.id = r.organization_id AND o.path <@ $1::ltree)
        ON date_trunc('month', r.day) = m.month
     GROUP BY m.month ORDER BY m.month`,
  sla_by_month: `
    SELECT to_char(m.month, 'YYYY-MM') AS month, s.uptime_pct, s.p99_latency_ms,
           c.sla_uptime_percent::float8 AS uptime_target, c.sla_p99_latency_ms AS p99_target
      FROM generate_series($2::date, $3::date - 1, interval '1 month') AS m(month)
      LEFT JOIN sla_monthly s ON s.organization_id = replace(subpath($1::ltree, -1)::text, '_', '-')::uuid AND s.month = m.month::date
      LEFT JOIN LATERAL (SELECT k.sla_uptime_percent, k.sla_p99_latency_ms FROM contracts k
                          WHERE k.organization_id = replace(subpath($1::ltree, -1)::text, '_', '-')::uuid
                            AND k.start_date <= m.month::date AND k.end_date > m.month::date
                          ORDER BY k.start_date DESC LIMIT 1) c ON true
     ORDER BY m.month`,
  health_by_week: `
    SELECT to_char(date_trunc('week', h.scored_on), 'YYYY-MM-DD') AS week, (array_agg(h.score ORDER BY h.scored_on DESC))[1]::float8 AS score
      FROM health_scores h
     WHERE h.organization_id = replace(subpath($1::ltree, -1)::text, '_', '-')::uuid AND h.scored_on >= $2::date AND h.scored_on < $3::date
     GROUP BY 1 ORDER BY 1`,
} as const;
