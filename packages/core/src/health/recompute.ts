/**
 * The health-score recompute: ONE set-based statement scores every
 * enterprise organization in scope (all of them, or one customer's tree) for
 * a day, from the usage rollups and events, contracts, invoices and billing
 * accounts, support tickets, NPS responses and identity adoption, and upserts
 * the day's row in health_scores with its breakdown. No per-organization
 * queries: the nightly job over 10,000 organizations is one round trip.
 *
 * Component scores are 0–1; the own score is Σ weight·score over the
 * components that apply (seat utilization needs contracted seats, NPS needs
 * answers), rescaled to 100. NPS is the organization's subtree's, computed as
 * the customer card computes it (support/nps.ts). Each component's impact is the points it costs:
 * −weight·(1−score), rescaled the same way, so 100 + Σ impacts = the score.
 * A parent's score rolls up its subtree's own scores (ARR-weighted by default).
 */
import type { DbOrTx } from "@atrium/db";
import { NPS_POINTS_SQL, npsWindowSql } from "../support/nps.ts";

export interface RecomputeOptions {
  /** The day scored (UTC date); default today. */
  asOf?: Date;
  /** Only this organization's customer (its root's whole tree, for the roll-up). */
  organizationId?: string | null;
}

export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Returns how many organizations were scored. */
export async function recomputeHealth(db: DbOrTx, options: RecomputeOptions = {}): Promise<number> {
  const asOf = dayOf(options.asOf ?? new Date());
  const orgId = options.organizationId ?? null;
  return db.$executeRaw`
WITH cfg AS (
  SELECT weights AS w, thresholds AS t, rollup FROM health_config WHERE id = 1
),
scope AS (
  SELECT o.id, o.path FROM organizations o
   WHERE o.is_enterprise AND o.deleted_at IS NULL AND o.archived_at IS NULL
     AND (${orgId}::uuid IS NULL
          OR o.path <@ (SELECT subpath(r.path, 0, 1) FROM organizations r WHERE r.id = ${orgId}::uuid))
),
contract AS (
  SELECT DISTINCT ON (c.organization_id) c.organization_id, c.seats, c.annual_value_minor
    FROM contracts c JOIN scope s ON s.id = c.organization_id
   WHERE c.status IN ('active', 'renewal_pending') AND c.start_date <= ${asOf}::date
   ORDER BY c.organization_id, c.start_date DESC
),
usage AS (
  SELECT r.organization_id,
         max(r.quantity) FILTER (WHERE r.metric = 'seats' AND r.day > ${asOf}::date - 30) AS active_users,
         coalesce(sum(r.quantity) FILTER (WHERE r.metric IN ('api_calls', 'operations') AND r.day > ${asOf}::date - 30), 0) AS last30,
         coalesce(sum(r.quantity) FILTER (WHERE r.metric IN ('api_calls', 'operations') AND r.day <= ${asOf}::date - 30), 0) AS prev30,
         max(r.day) FILTER (WHERE r.metric IN ('api_calls', 'operations') AND r.quantity > 0) AS last_active
    FROM usage_daily_rollups r JOIN scope s ON s.id = r.organization_id
   WHERE r.day > ${asOf}::date - 60 AND r.day <= ${asOf}::date
   GROUP BY r.organization_id
),
features AS (
  SELECT e.organization_id, count(DISTINCT e.properties ->> 'feature') AS used
    FROM usage_events e JOIN scope s ON s.id = e.organization_id
   WHERE e.occurred_at >= ${asOf}::date - 29 AND e.occurred_at < ${asOf}::date + 1
     AND e.properties ->> 'feature' IN (SELECT jsonb_array_elements_text(t -> 'key_features') FROM cfg)
   GROUP BY e.organization_id
),
tickets AS (
  SELECT t.organization_id,
         sum(CASE t.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0.5 END)
           FILTER (WHERE t.created_at < ${asOf}::date + 1 AND (t.resolved_at IS NULL OR t.resolved_at >= ${asOf}::date + 1)
                     AND (t.closed_at IS NULL OR t.closed_at >= ${asOf}::date + 1)) AS open_load,
         count(*) FILTER (WHERE t.resolved_at >= ${asOf}::date - 89 AND t.resolved_at < ${asOf}::date + 1) AS resolved,
         count(*) FILTER (WHERE t.resolved_at >= ${asOf}::date - 89 AND t.resolved_at < ${asOf}::date + 1
                            AND t.resolved_at <= t.resolution_due_at) AS resolved_in_sla,
         avg(extract(epoch FROM t.resolved_at - t.created_at) / 3600)
           FILTER (WHERE t.resolved_at >= ${asOf}::date - 89 AND t.resolved_at < ${asOf}::date + 1) AS resolution_hours
    FROM support_tickets t JOIN scope s ON s.id = t.organization_id
   GROUP BY t.organization_id
),
nps AS (
  SELECT s.id AS organization_id, count(*) AS responses, ${NPS_POINTS_SQL} AS nps
    FROM scope s JOIN organizations o ON o.path <@ s.path JOIN nps_responses n ON n.organization_id = o.id
   WHERE ${npsWindowSql(asOf)}
   GROUP BY s.id
),
overdue AS (
  SELECT i.organization_id, count(*) AS invoices
    FROM invoices i JOIN scope s ON s.id = i.organization_id
   WHERE i.status = 'open' AND i.due_date < ${asOf}::date
   GROUP BY i.organization_id
),
raw AS (
  SELECT s.id, s.path, coalesce(c.annual_value_minor, 0) AS arr, c.seats,
         coalesce(u.active_users, 0) AS active_users, coalesce(u.last30, 0) AS last30, coalesce(u.prev30, 0) AS prev30,
         ${asOf}::date - u.last_active AS idle_days,
         coalesce(f.used, 0) AS features_used, jsonb_array_length(cfg.t -> 'key_features') AS features_total,
         coalesce(tk.open_load, 0) AS open_load, coalesce(tk.resolved, 0) AS resolved,
         coalesce(tk.resolved_in_sla, 0) AS resolved_in_sla, round(tk.resolution_hours::numeric, 1) AS resolution_hours,
         n.nps, coalesce(n.responses, 0) AS responses,
         coalesce(od.invoices, 0) AS overdue_invoices, b.payment_issue_at IS NOT NULL AS failed_payment,
         coalesce(ia.sso_enforced, false) AS sso_enforced, coalesce(ia.scim_connected, false) AS scim_connected,
         cfg.w, cfg.t
    FROM scope s CROSS JOIN cfg
    LEFT JOIN contract c ON c.organization_id = s.id
    LEFT JOIN usage u ON u.organization_id = s.id
    LEFT JOIN features f ON f.organization_id = s.id
    LEFT JOIN tickets tk ON tk.organization_id = s.id
    LEFT JOIN nps n ON n.organization_id = s.id
    LEFT JOIN overdue od ON od.organization_id = s.id
    LEFT JOIN billing_accounts b ON b.organization_id = s.id
    LEFT JOIN org_identity_adoption ia ON ia.organization_id = s.id
),
scored AS (
  SELECT raw.*,
         CASE WHEN seats > 0 THEN least(1, active_users::float8 / seats / ((t ->> 'seat_target_pct')::float8 / 100)) END AS s_seat,
         CASE WHEN prev30 = 0 THEN CASE WHEN last30 > 0 THEN 1.0 ELSE 0.0 END
              ELSE greatest(0, least(1, ((last30 - prev30) * 100.0 / prev30 - (t ->> 'trend_floor_pct')::float8)
                                        / ((t ->> 'trend_ceiling_pct')::float8 - (t ->> 'trend_floor_pct')::float8))) END AS s_trend,
         least(1, features_used::float8 / nullif(features_total, 0)) AS s_features,
         0.7 * greatest(0, 1 - open_load::float8 / (t ->> 'support_load_max')::float8)
           + 0.3 * CASE WHEN resolved = 0 THEN 1 ELSE resolved_in_sla::float8 / resolved END AS s_support,
         CASE WHEN responses > 0 THEN (nps::float8 + 100) / 200 END AS s_nps,
         greatest(0, 1 - 0.5 * overdue_invoices - CASE WHEN failed_payment THEN 0.5 ELSE 0 END) AS s_payment,
         CASE WHEN idle_days IS NULL THEN 0 ELSE greatest(0, 1 - idle_days::float8 / (t ->> 'recency_max_days')::float8) END AS s_recency,
         (sso_enforced::int + scim_connected::int) / 2.0 AS s_identity
    FROM raw
),
parts AS (
  SELECT scored.*,
         (w ->> 'seat_utilization')::float8 * (s_seat IS NOT NULL)::int AS w_seat,
         (w ->> 'usage_trend')::float8 AS w_trend,
         (w ->> 'feature_adoption')::float8 AS w_features,
         (w ->> 'support_load')::float8 AS w_support,
         (w ->> 'nps')::float8 * (s_nps IS NOT NULL)::int AS w_nps,
         (w ->> 'payment_issues')::float8 AS w_payment,
         (w ->> 'recency')::float8 AS w_recency,
         (w ->> 'identity_adoption')::float8 AS w_identity
    FROM scored
),
own AS (
  SELECT parts.*, 100.0 / nullif(w_seat + w_trend + w_features + w_support + w_nps + w_payment + w_recency + w_identity, 0) AS k,
         100.0 * (w_seat * coalesce(s_seat, 0) + w_trend * s_trend + w_features * s_features + w_support * s_support
                  + w_nps * coalesce(s_nps, 0) + w_payment * s_payment + w_recency * s_recency + w_identity * s_identity)
           / nullif(w_seat + w_trend + w_features + w_support + w_nps + w_payment + w_recency + w_identity, 0) AS own_score
    FROM parts
),
-- Each organization with each of its ancestors in scope (itself included).
lineage AS (
  SELECT subpath(o.path, 0, i) AS ancestor_path, o.own_score, o.arr
    FROM own o CROSS JOIN LATERAL generate_series(1, nlevel(o.path)) AS i
),
rolled AS (
  SELECT l.ancestor_path, count(*) AS orgs,
         coalesce(sum(l.own_score * l.arr) / nullif(sum(l.arr), 0), avg(l.own_score)) AS arr_weighted,
         min(l.own_score) AS minimum, sum(l.arr) AS subtree_arr
    FROM lineage l GROUP BY l.ancestor_path
),
final AS (
  SELECT o.*, r.orgs, r.subtree_arr,
         round(coalesce(CASE (SELECT rollup FROM cfg) WHEN 'own' THEN o.own_score WHEN 'minimum' THEN r.minimum ELSE r.arr_weighted END, 0)) AS score
    FROM own o JOIN rolled r ON r.ancestor_path = o.path
)
INSERT INTO health_scores (organization_id, scored_on, score, own_score, risk, components, computed_at)
SELECT f.id, ${asOf}::date, f.score, round(coalesce(f.own_score, 0)),
       CASE WHEN f.score < (f.t ->> 'high_risk_below')::int THEN 'high'
            WHEN f.score < (f.t ->> 'medium_risk_below')::int THEN 'medium' ELSE 'low' END,
       jsonb_build_object(
         'rollup', jsonb_build_object('rule', (SELECT rollup FROM cfg), 'organizations', f.orgs, 'subtreeArrMinor', f.subtree_arr, 'ownArrMinor', f.arr),
         'items', jsonb_build_array(
           jsonb_build_object('key', 'seat_utilization', 'weight', f.w_seat, 'score', f.s_seat, 'impact', -f.k * f.w_seat * (1 - coalesce(f.s_seat, 0)),
                              'inputs', jsonb_build_object('activeUsers', f.active_users, 'seats', f.seats)),
           jsonb_build_object('key', 'usage_trend', 'weight', f.w_trend, 'score', f.s_trend, 'impact', -f.k * f.w_trend * (1 - f.s_trend),
                              'inputs', jsonb_build_object('last30', f.last30, 'previous30', f.prev30)),
           jsonb_build_object('key', 'feature_adoption', 'weight', f.w_features, 'score', f.s_features, 'impact', -f.k * f.w_features * (1 - f.s_features),
                              'inputs', jsonb_build_object('used', f.features_used, 'keyFeatures', f.features_total)),
           jsonb_build_object('key', 'support_load', 'weight', f.w_support, 'score', f.s_support, 'impact', -f.k * f.w_support * (1 - f.s_support),
                              'inputs', jsonb_build_object('openLoad', f.open_load, 'resolved90d', f.resolved, 'resolvedInSla90d', f.resolved_in_sla, 'avgResolutionHours', f.resolution_hours)),
           jsonb_build_object('key', 'nps', 'weight', f.w_nps, 'score', f.s_nps, 'impact', -f.k * f.w_nps * (1 - coalesce(f.s_nps, 0)),
                              'inputs', jsonb_build_object('nps', f.nps, 'responses', f.responses)),
           jsonb_build_object('key', 'payment_issues', 'weight', f.w_payment, 'score', f.s_payment, 'impact', -f.k * f.w_payment * (1 - f.s_payment),
                              'inputs', jsonb_build_object('overdueInvoices', f.overdue_invoices, 'failedPayment', f.failed_payment)),
           jsonb_build_object('key', 'recency', 'weight', f.w_recency, 'score', f.s_recency, 'impact', -f.k * f.w_recency * (1 - f.s_recency),
                              'inputs', jsonb_build_object('idleDays', f.idle_days)),
           jsonb_build_object('key', 'identity_adoption', 'weight', f.w_identity, 'score', f.s_identity, 'impact', -f.k * f.w_identity * (1 - f.s_identity),
                              'inputs', jsonb_build_object('ssoEnforced', f.sso_enforced, 'scimConnected', f.scim_connected))
         )),
       now()
  FROM final f
ON CONFLICT (organization_id, scored_on) DO UPDATE
   SET score = EXCLUDED.score, own_score = EXCLUDED.own_score, risk = EXCLUDED.risk,
       components = EXCLUDED.components, computed_at = EXCLUDED.computed_at`;
}
