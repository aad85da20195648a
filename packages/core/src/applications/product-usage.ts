/**
 * Usage the product reports (POST /v1/usage), metered by billing's own
 * meterUsage — the same monthly quotas, 80 %/100 % warnings, daily rollups
 * and audit records as any other usage, so the consoles show it at once.
 *
 * Items are answered one by one, in order (an item over the hard quota does
 * not stop the next, and a later item sees the earlier ones' usage):
 * `accepted`, `duplicate` (its idempotency key was already metered: nothing
 * added), `quota_exceeded` (the 402 of that item: it would pass the plan's
 * hard limit, nothing recorded, refusal audited), `invalid` (its organization
 * does not exist). An item's idempotency key is the application's own: it is
 * kept as `<application slug>:<key>` so it cannot meet another source's keys.
 * Items without one are metered every time they are sent.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { meterUsage } from "../billing/usage.ts";
import type { TUsageDimensions } from "../billing/usage-dimensions.ts";

/** The metrics a product reports; seats are counted by Atrium itself. */
export const PRODUCT_USAGE_METRICS = ["api_calls", "operations", "storage_bytes"] as const;
export type ProductUsageMetric = (typeof PRODUCT_USAGE_METRICS)[number];

export interface UsageItem extends TUsageDimensions {
  organizationId: string;
  metric: ProductUsageMetric;
  quantity: number;
  timestamp?: Date | undefined;
  idempotencyKey?: string | undefined;
}

export type UsageItemResult =
  | { status: "accepted" | "duplicate"; used: number; limit: number | null; quota: "ok" | "warn" | "full" }
  | { status: "quota_exceeded"; code: "payment_required"; used: number; limit: number; message: string }
  | { status: "invalid"; code: "organization_not_found"; message: string };

export async function reportProductUsage(
  db: Db,
  actor: Actor,
  application: { id: string; slug: string },
  items: readonly UsageItem[],
  links: { publicUrl: string },
): Promise<UsageItemResult[]> {
  const organizationIds = [...new Set(items.map((i) => i.organizationId))];
  const existing = new Set(
    (await db.organization.findMany({ where: { id: { in: organizationIds }, deletedAt: null }, select: { id: true } })).map((o) => o.id),
  );
  const results: UsageItemResult[] = [];
  for (const item of items) {
    if (!existing.has(item.organizationId)) {
      results.push({ status: "invalid", code: "organization_not_found", message: `Organization ${item.organizationId} does not exist.` });
      continue;
    }
    const outcome = await meterUsage(
      db,
      actor,
      item.organizationId,
      {
        metric: item.metric,
        quantity: BigInt(item.quantity),
        idempotencyKey: item.idempotencyKey ? `${application.slug}:${item.idempotencyKey}` : `${application.slug}:${randomUUID()}`,
        occurredAt: item.timestamp,
        source: `application:${application.slug}`,
        operation: item.operation,
        status: item.status,
        durationMs: item.durationMs,
        resourceId: item.resourceId,
      },
      links,
    );
    if (outcome.kind === "refused") {
      results.push({ status: "quota_exceeded", code: "payment_required", used: Number(outcome.used), limit: outcome.limit, message: outcome.message });
    } else {
      results.push({ status: outcome.kind === "recorded" ? "accepted" : "duplicate", used: Number(outcome.used), limit: outcome.limit, quota: outcome.status });
    }
  }
  const count = (status: UsageItemResult["status"]) => results.filter((r) => r.status === status).length;
  await recordAudit(db, actor, {
    action: "application.usage_report",
    organizationId: null,
    resource: { type: "application", id: application.id },
    details: {
      items: items.length,
      accepted: count("accepted"),
      duplicate: count("duplicate"),
      quotaExceeded: count("quota_exceeded"),
      invalid: count("invalid"),
      organizations: organizationIds.filter((id) => existing.has(id)),
    },
  });
  return results;
}
