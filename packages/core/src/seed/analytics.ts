/**
 * Demo product usage for the analytics page (development only: `npm start`
 * loads it after the demo data; tests start from the demo data without it).
 *
 * Ninety days of the Notes product's events for Acme Corp and its two
 * subsidiaries: four operations with their own volume, error rate and
 * latency, weekdays busier than weekends, on a few hundred notes. The events
 * are written as the product would send them through `POST /v1/usage`, but
 * straight into `usage_events`: billing's daily totals in the demo are seeded
 * on their own, so these do not change quotas or invoices. The worker's
 * `usage-analytics-rollup` job rolls them up within a minute of `npm start`.
 */
import type { Db } from "@atrium/db";

/** Operation, events per weekday, share of errors, typical duration (ms). */
const OPERATIONS: [string, number, number, number][] = [
  ["notes.search", 60, 0.01, 45],
  ["notes.create", 25, 0.005, 120],
  ["export.pdf", 6, 0.04, 900],
  ["share.link", 9, 0.02, 80],
];

export async function seedDemoUsageAnalytics(db: Db): Promise<number> {
  const orgs = await db.organization.findMany({ where: { slug: { in: ["acme", "acme-na", "acme-ca"] } }, select: { id: true, slug: true } });
  let total = 0;
  for (const org of orgs) {
    const scale = org.slug === "acme" ? 1 : 0.4;
    for (const [operation, perDay, errorRate, typicalMs] of OPERATIONS) {
      // Durations: the typical time times a long-tailed factor (exponential of a standard exponential), so p95/p99 sit well above p50.
      total += await db.$executeRaw`
        INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, occurred_at, source, operation, status, duration_ms, resource_id)
        SELECT ${org.id}::uuid, 'api_calls', 1, 'demo-analytics-' || ${operation} || '-' || d || '-' || n,
               date_trunc('day', now()) - make_interval(days => d) + random() * interval '23 hours',
               'demo', ${operation},
               CASE WHEN random() < ${errorRate} THEN 'error' ELSE 'ok' END,
               round(${typicalMs} * exp(-ln(1 - random()) * 0.4))::int,
               'note/' || (1 + floor(random() * 300))::int
          FROM generate_series(1, 90) AS d
         CROSS JOIN LATERAL generate_series(1, greatest(1, round(${perDay * scale} * (CASE WHEN extract(isodow FROM now() - make_interval(days => d)) > 5 THEN 0.3 ELSE 1 END) * (0.7 + d / 150.0))::int)) AS n
        ON CONFLICT (organization_id, idempotency_key) DO NOTHING`;
    }
  }
  return total;
}
