/**
 * What a CSM sees in the portal: the portfolio of enterprise customers with
 * their latest health, ARR, people and renewal date; and one customer's
 * detail (health card with breakdown and history, usage, contract, child
 * organizations, activity). Every query is scoped to the staff member's
 * customers (visibleToStaff).
 */
import type { DbOrTx } from "@atrium/db";
import { visibleCustomer, visibleToStaff, type Staff } from "../staff/access.ts";
import { explainBreakdown, type ExplainedComponent, type StoredComponent } from "./explain.ts";
import { auditActionLabel } from "../audit/action-labels.ts";

export type Risk = "low" | "medium" | "high";
export type Trend = "up" | "down" | "flat";

export interface PortfolioRow {
  id: string;
  name: string;
  slug: string;
  plan: string;
  score: number | null;
  risk: Risk | null;
  trend: Trend | null;
  /** Weekly scores, oldest first, up to 18 weeks. */
  sparkline: number[];
  /** ARR of live contracts in the customer's tree, minor units. */
  arrMinor: number;
  currency: string | null;
  users: number;
  renewalDate: string | null;
  csm: string | null;
  /** The three components that cost the most points. */
  reasons: string[];
}

const trendOf = (now: number | null, before: number | null): Trend | null =>
  now === null || before === null ? null : now - before >= 3 ? "up" : before - now >= 3 ? "down" : "flat";

interface RawPortfolio extends Pick<PortfolioRow, "id" | "name" | "slug" | "plan" | "score" | "risk" | "currency" | "csm"> {
  components: { items: StoredComponent[] } | null;
  week_ago: number | null;
  arr_minor: bigint | null;
  users: bigint;
  renewal_date: Date | null;
  sparkline: number[] | null;
}

export async function portfolio(db: DbOrTx, staff: Staff): Promise<PortfolioRow[]> {
  const rows = await db.$queryRaw<RawPortfolio[]>`
    SELECT o.id::text, o.name, o.slug::text, o.plan::text, hs.score, hs.risk, hs.components,
           (SELECT p.score FROM health_scores p WHERE p.organization_id = o.id AND p.scored_on <= hs.scored_on - 7
             ORDER BY p.scored_on DESC LIMIT 1)::int AS week_ago,
           (SELECT sum(c.annual_value_minor) FROM contracts c JOIN organizations d ON d.id = c.organization_id
             WHERE d.path <@ o.path AND c.status IN ('active', 'renewal_pending')) AS arr_minor,
           rc.currency::text AS currency, rc.renewal_date,
           (SELECT count(DISTINCT m.user_id) FROM memberships m JOIN organizations d ON d.id = m.organization_id
             WHERE d.path <@ o.path AND d.deleted_at IS NULL AND m.status = 'active') AS users,
           coalesce((SELECT u.name FROM customer_assignments ca JOIN users u ON u.id = ca.csm_user_id WHERE ca.organization_id = o.id),
                    (SELECT u.name FROM users u WHERE u.id = rc.csm_user_id)) AS csm,
           (SELECT array_agg(w.score ORDER BY w.week) FROM (
              SELECT date_trunc('week', h.scored_on) AS week, (array_agg(h.score ORDER BY h.scored_on DESC))[1]::int AS score
                FROM health_scores h WHERE h.organization_id = o.id AND h.scored_on > current_date - 126
               GROUP BY 1) w) AS sparkline
      FROM organizations o
      LEFT JOIN LATERAL (SELECT h.score::int AS score, h.risk, h.components, h.scored_on FROM health_scores h
                          WHERE h.organization_id = o.id ORDER BY h.scored_on DESC LIMIT 1) hs ON true
      LEFT JOIN LATERAL (SELECT c.renewal_date, c.currency, c.csm_user_id FROM contracts c
                          WHERE c.organization_id = o.id AND c.status IN ('active', 'renewal_pending')
                          ORDER BY c.start_date DESC LIMIT 1) rc ON true
     WHERE o.parent_id IS NULL AND o.is_enterprise AND o.deleted_at IS NULL AND ${visibleToStaff(staff)}
     ORDER BY o.name`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    plan: r.plan,
    score: r.score,
    risk: r.risk,
    trend: trendOf(r.score, r.week_ago),
    sparkline: (r.sparkline ?? []).slice(-18),
    arrMinor: Number(r.arr_minor ?? 0),
    currency: r.currency,
    users: Number(r.users),
    renewalDate: r.renewal_date ? r.renewal_date.toISOString().slice(0, 10) : null,
    csm: r.csm,
    reasons: r.components ? explainBreakdown(r.components.items).filter((c) => c.applies && Math.round(c.impact) < 0).slice(0, 3).map((c) => c.reason) : [],
  }));
}

export interface HealthCard {
  score: number | null;
  ownScore: number | null;
  risk: Risk | null;
  trend: Trend | null;
  scoredOn: string | null;
  computedAt: Date | null;
  breakdown: ExplainedComponent[];
  rollup: { rule: string; organizations: number; subtreeArrMinor: number; ownArrMinor: number } | null;
  /** Weekly, oldest first, 18 weeks. */
  sparkline: { week: string; score: number }[];
  /** Daily, last 90 days. */
  history: { day: string; score: number }[];
}

export async function healthCard(db: DbOrTx, organizationId: string): Promise<HealthCard> {
  const history = await db.$queryRaw<{ day: string; score: number; own_score: number | null; risk: Risk; components: { items: StoredComponent[]; rollup: HealthCard["rollup"] }; computed_at: Date }[]>`
    SELECT to_char(scored_on, 'YYYY-MM-DD') AS day, score::int AS score, own_score::int AS own_score, risk, components, computed_at
      FROM health_scores WHERE organization_id = ${organizationId}::uuid AND scored_on > current_date - 126
     ORDER BY scored_on`;
  const latest = history.at(-1);
  const weekAgo = [...history].reverse().find((h) => latest && h.day <= shiftDay(latest.day, -7));
  const weeks = new Map<string, number>();
  for (const h of history) weeks.set(weekStart(h.day), h.score);
  return {
    score: latest?.score ?? null,
    ownScore: latest?.own_score ?? null,
    risk: latest?.risk ?? null,
    trend: trendOf(latest?.score ?? null, weekAgo?.score ?? null),
    scoredOn: latest?.day ?? null,
    computedAt: latest?.computed_at ?? null,
    breakdown: latest ? explainBreakdown(latest.components.items) : [],
    rollup: latest?.components.rollup ?? null,
    sparkline: [...weeks].map(([week, score]) => ({ week, score })).slice(-18),
    history: history.filter((h) => h.day > shiftDay(latest?.day ?? "9999-12-31", -90)).map((h) => ({ day: h.day, score: h.score })),
  };
}

function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return shiftDay(day, -((d.getUTCDay() + 6) % 7));
}

export interface CustomerDetail {
  id: string;
  name: string;
  slug: string;
  plan: string;
  parentId: string | null;
  health: HealthCard;
  contract: {
    id: string;
    name: string;
    status: string;
    currency: string;
    annualValueMinor: number;
    seats: number;
    startDate: string;
    renewalDate: string;
    endDate: string;
    slaUptimePercent: number | null;
    slaP99LatencyMs: number | null;
    supportLevel: string;
    csm: string | null;
    billingContacts: string[];
  } | null;
  children: { id: string; name: string; depth: number; score: number | null; risk: Risk | null; arrMinor: number }[];
  usage: { day: string; apiCalls: number; operations: number; activeUsers: number }[];
  /** `label`: the action named for a person, from the audit catalog. */
  activity: { occurredAt: Date; action: string; label: string; actor: string | null; status: string; organization: string }[];
}

export async function customerDetail(db: DbOrTx, staff: Staff, organizationId: string): Promise<CustomerDetail> {
  const customer = await visibleCustomer(db, staff, organizationId);
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { id: true, name: true, slug: true, plan: true, parentId: true } });
  const [contract] = await db.$queryRaw<
    { id: string; name: string; status: string; currency: string; annual_value_minor: bigint; seats: number; start_date: Date; renewal_date: Date; end_date: Date; sla_uptime_percent: string | null; sla_p99_latency_ms: number | null; support_level: string; csm: string | null; billing_contacts: string[] }[]
  >`
    SELECT c.id::text, c.name, c.status::text, c.currency::text, c.annual_value_minor, c.seats, c.start_date, c.renewal_date, c.end_date,
           c.sla_uptime_percent::text, c.sla_p99_latency_ms, c.sla_support_level::text AS support_level, u.name AS csm, c.billing_contacts::text[]
      FROM contracts c LEFT JOIN users u ON u.id = c.csm_user_id
     WHERE c.organization_id = ${organizationId}::uuid AND c.status IN ('active', 'renewal_pending')
     ORDER BY c.start_date DESC LIMIT 1`;
  const children = await db.$queryRaw<{ id: string; name: string; depth: number; score: number | null; risk: Risk | null; arr_minor: bigint | null }[]>`
    SELECT o.id::text, o.name, o.depth::int AS depth, hs.score::int AS score, hs.risk,
           (SELECT sum(c.annual_value_minor) FROM contracts c WHERE c.organization_id = o.id AND c.status IN ('active', 'renewal_pending')) AS arr_minor
      FROM organizations o
      LEFT JOIN LATERAL (SELECT h.score, h.risk FROM health_scores h WHERE h.organization_id = o.id ORDER BY h.scored_on DESC LIMIT 1) hs ON true
     WHERE o.path <@ (SELECT path FROM organizations WHERE id = ${organizationId}::uuid) AND o.id <> ${organizationId}::uuid AND o.deleted_at IS NULL
     ORDER BY o.depth, o.name`;
  const usage = await db.$queryRaw<{ day: string; api_calls: bigint; operations: bigint; active_users: bigint }[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
           coalesce(sum(r.quantity) FILTER (WHERE r.metric = 'api_calls'), 0) AS api_calls,
           coalesce(sum(r.quantity) FILTER (WHERE r.metric = 'operations'), 0) AS operations,
           coalesce(sum(r.quantity) FILTER (WHERE r.metric = 'seats'), 0) AS active_users
      FROM generate_series(current_date - 89, current_date, interval '1 day') AS d(day)
      LEFT JOIN (usage_daily_rollups r JOIN organizations o ON o.id = r.organization_id AND o.path <@ ${customer.path}::ltree)
        ON r.day = d.day::date
     GROUP BY d.day ORDER BY d.day`;
  const activity = await db.$queryRaw<{ occurred_at: Date; action: string; actor: string | null; status: string; organization: string }[]>`
    SELECT a.occurred_at, a.action, a.actor_label AS actor, a.status::text, o.name AS organization
      FROM audit_events a JOIN organizations o ON o.id = a.organization_id
     WHERE a.organization_id IN (SELECT id FROM organizations WHERE path <@ ${customer.path}::ltree)
     ORDER BY a.occurred_at DESC LIMIT 40`;
  return {
    ...org,
    health: await healthCard(db, organizationId),
    contract: contract
      ? {
          id: contract.id,
          name: contract.name,
          status: contract.status,
          currency: contract.currency,
          annualValueMinor: Number(contract.annual_value_minor),
          seats: contract.seats,
          startDate: contract.start_date.toISOString().slice(0, 10),
          renewalDate: contract.renewal_date.toISOString().slice(0, 10),
          endDate: contract.end_date.toISOString().slice(0, 10),
          slaUptimePercent: contract.sla_uptime_percent === null ? null : Number(contract.sla_uptime_percent),
          slaP99LatencyMs: contract.sla_p99_latency_ms,
          supportLevel: contract.support_level,
          csm: contract.csm,
          billingContacts: contract.billing_contacts,
        }
      : null,
    children: children.map((c) => ({ id: c.id, name: c.name, depth: c.depth, score: c.score, risk: c.risk, arrMinor: Number(c.arr_minor ?? 0) })),
    usage: usage.map((u) => ({ day: u.day, apiCalls: Number(u.api_calls), operations: Number(u.operations), activeUsers: Number(u.active_users) })),
    activity: activity.map((a) => ({ occurredAt: a.occurred_at, action: a.action, label: auditActionLabel(a.action), actor: a.actor, status: a.status, organization: a.organization })),
  };
}
