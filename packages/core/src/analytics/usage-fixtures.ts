/**
 * Test fixtures for usage analytics: a small organization tree and usage
 * events with every dimension, written straight into `usage_events` (the
 * analytics read only what is stored there; metering is tested in billing).
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@atrium/db";

export interface AnalyticsTree {
  root: string;
  child: string;
  grandchild: string;
  sibling: string;
}

/** root → child → grandchild, and root → sibling; enterprise plan, unique slugs. */
export async function createAnalyticsTree(db: Db, label: string): Promise<AnalyticsTree> {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const org = async (name: string, parentId: string | null) =>
    (await db.organization.create({ data: { name, slug: `${slug}-${name.toLowerCase()}`, plan: "enterprise", isEnterprise: parentId === null, parentId }, select: { id: true } })).id;
  const root = await org("Root", null);
  const child = await org("Child", root);
  const grandchild = await org("Grandchild", child);
  const sibling = await org("Sibling", root);
  return { root, child, grandchild, sibling };
}

/**
 * `count` events spread over the organizations, starting at `start` every 21 minutes, with a
 * deterministic mix of metrics, operations (some without), statuses (some none), durations
 * (some none, 0 included) and resources (some none).
 */
export async function insertMixedEvents(db: Db, organizationIds: readonly string[], start: string, count: number, keyPrefix = randomUUID()): Promise<void> {
  await db.$executeRaw`
    INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, occurred_at, operation, status, duration_ms, resource_id)
    SELECT (${organizationIds}::uuid[])[1 + i % cardinality(${organizationIds}::uuid[])],
           (ARRAY['api_calls', 'operations', 'storage_bytes', 'api_calls']::usage_metric[])[1 + (i * 7) % 4],
           1 + (i * 13) % 50,
           ${keyPrefix} || ':' || i,
           ${start}::timestamptz + i * interval '21 minutes',
           (ARRAY['export.pdf', 'search', 'import.csv', '(none)', 'report:daily/v2'])[1 + (i * 3) % 5],
           CASE (i / 3) % 7 WHEN 0 THEN 'error' WHEN 4 THEN 'error' WHEN 1 THEN NULL ELSE 'ok' END,
           CASE WHEN i % 6 = 0 THEN NULL ELSE (i * 7919) % 3000 END,
           CASE WHEN i % 3 = 0 THEN NULL ELSE 'doc-' || (i % 17) END
      FROM generate_series(1, ${count}::int) AS i`;
}
