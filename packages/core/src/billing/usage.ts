/**
 * Usage metering. A usage event is recorded once per (organization,
 * idempotency key); the daily rollup row is updated in the same transaction
 * (counters add up, gauges keep the day's peak). Metered quotas are monthly
 * (UTC calendar month) per plan: at 80 % and 100 % the admins are warned once
 * per month, and a report that would go past the hard limit is refused with
 * PAYMENT_REQUIRED and records nothing. Reports for one organization and
 * metric are serialized by a transaction-scoped advisory lock, so concurrent
 * requests cannot both slip under the limit or double-record.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { Plan } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { AppError, notFound } from "../errors.ts";
import { billingRecipients } from "./accounts.ts";
import { quotaWarningEmail } from "./emails.ts";
import { NO_OPERATION, type TUsageDimensions } from "./usage-dimensions.ts";
import { METRIC_LABELS, USAGE_METRICS, type UsageMetric } from "./pricing.ts";

export const GAUGE_METRICS: ReadonlySet<UsageMetric> = new Set(["seats", "storage_bytes"]);

const GB = 1024 ** 3;
/** Monthly hard limits by plan (null: unlimited); seats are governed by the members quota. */
export const USAGE_QUOTAS: Record<Plan, Record<Exclude<UsageMetric, "seats">, number | null>> = {
  free: { api_calls: 10_000, operations: 1_000, storage_bytes: 1 * GB },
  team: { api_calls: 1_000_000, operations: 100_000, storage_bytes: 100 * GB },
  business: { api_calls: 10_000_000, operations: 1_000_000, storage_bytes: 1024 * GB },
  enterprise: { api_calls: null, operations: null, storage_bytes: null },
};
export const WARNING_THRESHOLDS = [80, 100] as const;

const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const dayOf = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** Month-to-date usage: the sum of a counter's days, the peak of a gauge's. */
async function monthToDate(db: DbOrTx, organizationId: string, metric: UsageMetric, at: Date): Promise<bigint> {
  const from = monthStart(at);
  const agg = await db.usageDailyRollup.aggregate({
    where: { organizationId, metric, day: { gte: from } },
    _sum: { quantity: true },
    _max: { quantity: true },
  });
  return (GAUGE_METRICS.has(metric) ? agg._max.quantity : agg._sum.quantity) ?? 0n;
}

/** A report; its analytics dimensions (usage-dimensions.ts) are stored with the event and do not affect metering. */
export interface UsageReport extends TUsageDimensions {
  metric: UsageMetric;
  quantity: bigint;
  idempotencyKey: string;
  occurredAt?: Date | undefined;
  source?: string | undefined;
}

export interface UsageResult {
  recorded: boolean;
  /** The report repeats an idempotency key already recorded. */
  duplicate: boolean;
  used: bigint;
  limit: number | null;
  status: "ok" | "warn" | "full";
}

const statusOf = (used: bigint, limit: number | null): UsageResult["status"] =>
  limit === null ? "ok" : used >= BigInt(limit) ? "full" : used * 100n >= BigInt(limit) * 80n ? "warn" : "ok";

/** A report's outcome: recorded, a duplicate of one recorded, or refused at the hard limit (audited, nothing recorded). */
export type MeterOutcome =
  | ({ kind: "recorded" | "duplicate" } & UsageResult)
  | { kind: "refused"; used: bigint; limit: number; plan: Plan; message: string };

/** recordUsage, answering a refusal at the hard limit instead of throwing (for batches that answer item by item). */
export async function meterUsage(db: Db, actor: Actor, organizationId: string, report: UsageReport, links: { publicUrl: string }): Promise<MeterOutcome> {
  const occurredAt = report.occurredAt ?? new Date();
  const outcome = await db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { plan: true, name: true } });
    if (!org) throw notFound("The organization");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`usage:${organizationId}:${report.metric}`}, 0))`;
    const limit = report.metric === "seats" ? null : USAGE_QUOTAS[org.plan][report.metric];
    const before = await monthToDate(tx, organizationId, report.metric, occurredAt);
    const seen = await tx.usageEvent.findUnique({ where: { organizationId_idempotencyKey: { organizationId, idempotencyKey: report.idempotencyKey } }, select: { id: true } });
    if (seen) return { kind: "duplicate" as const, used: before, limit };
    const after = GAUGE_METRICS.has(report.metric) ? (report.quantity > before ? report.quantity : before) : before + report.quantity;
    if (limit !== null && after > BigInt(limit)) return { kind: "refused" as const, used: before, limit, plan: org.plan };

    await tx.usageEvent.create({
      data: {
        organizationId,
        metric: report.metric,
        quantity: report.quantity,
        idempotencyKey: report.idempotencyKey,
        occurredAt,
        source: report.source ?? "api",
        operation: report.operation ?? NO_OPERATION,
        status: report.status ?? null,
        durationMs: report.durationMs ?? null,
        resourceId: report.resourceId ?? null,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "usage.record",
      organizationId,
      resource: { type: "usage_metric", id: report.metric },
      details: { quantity: report.quantity.toString(), idempotencyKey: report.idempotencyKey, occurredAt: occurredAt.toISOString() },
    });
    const day = dayOf(occurredAt);
    if (GAUGE_METRICS.has(report.metric)) {
      await tx.$executeRaw`
        INSERT INTO usage_daily_rollups (organization_id, metric, day, quantity, events)
        VALUES (${organizationId}::uuid, ${report.metric}::usage_metric, ${day}::date, ${report.quantity}, 1)
        ON CONFLICT (organization_id, metric, day) DO UPDATE
          SET quantity = GREATEST(usage_daily_rollups.quantity, EXCLUDED.quantity), events = usage_daily_rollups.events + 1, updated_at = now()`;
    } else {
      await tx.$executeRaw`
        INSERT INTO usage_daily_rollups (organization_id, metric, day, quantity, events)
        VALUES (${organizationId}::uuid, ${report.metric}::usage_metric, ${day}::date, ${report.quantity}, 1)
        ON CONFLICT (organization_id, metric, day) DO UPDATE
          SET quantity = usage_daily_rollups.quantity + EXCLUDED.quantity, events = usage_daily_rollups.events + 1, updated_at = now()`;
    }

    if (limit !== null && limit > 0) {
      for (const threshold of WARNING_THRESHOLDS) {
        if (after * 100n < BigInt(limit) * BigInt(threshold)) continue;
        const inserted = await tx.$executeRaw`
          INSERT INTO usage_quota_alerts (organization_id, metric, period_start, threshold)
          VALUES (${organizationId}::uuid, ${report.metric}::usage_metric, ${monthStart(occurredAt)}::date, ${threshold})
          ON CONFLICT DO NOTHING`;
        if (!inserted) continue;
        const label = METRIC_LABELS[report.metric].name.toLowerCase();
        const email = quotaWarningEmail({ organizationName: org.name, metric: label, threshold, used: after.toString(), limit: String(limit), billingUrl: `${links.publicUrl}/admin/orgs/${organizationId}/billing` });
        for (const to of await billingRecipients(tx, organizationId)) await enqueueEmail(tx, { ...email, to, organizationId });
        await recordAudit(tx, actor, {
          action: "usage.quota_warning",
          organizationId,
          resource: { type: "usage_metric", id: report.metric },
          details: { threshold, used: after.toString(), limit, month: monthStart(occurredAt).toISOString().slice(0, 7) },
        });
      }
    }
    return { kind: "recorded" as const, used: after, limit };
  }, { maxWait: 15_000, timeout: 15_000 });

  if (outcome.kind === "refused") {
    await recordAudit(db, actor, {
      action: "usage.quota_exceeded",
      organizationId,
      status: "denied",
      resource: { type: "usage_metric", id: report.metric },
      details: { used: outcome.used.toString(), adding: report.quantity.toString(), limit: outcome.limit, plan: outcome.plan },
    });
    const message = `Your ${outcome.plan} plan includes ${outcome.limit!.toLocaleString("en-US")} ${METRIC_LABELS[report.metric].name.toLowerCase()} a month and ${outcome.used.toLocaleString("en-US")} are used; this report of ${report.quantity.toLocaleString("en-US")} would exceed it. Upgrade for more.`;
    return { kind: "refused", used: outcome.used, limit: outcome.limit!, plan: outcome.plan, message };
  }
  const kind = outcome.kind;
  return { kind, recorded: kind === "recorded", duplicate: kind === "duplicate", used: outcome.used, limit: outcome.limit, status: statusOf(outcome.used, outcome.limit) };
}

export async function recordUsage(db: Db, actor: Actor, organizationId: string, report: UsageReport, links: { publicUrl: string }): Promise<UsageResult> {
  const outcome = await meterUsage(db, actor, organizationId, report, links);
  if (outcome.kind === "refused") throw new AppError("PAYMENT_REQUIRED", { userMessage: outcome.message });
  const { kind: _kind, ...result } = outcome;
  return result;
}

export interface MeteredQuota {
  metric: UsageMetric;
  label: string;
  used: bigint;
  limit: number | null;
  softLimit: number | null;
  status: "ok" | "warn" | "full";
}

/** This month's usage against the plan's metered quotas. */
export async function meteredQuotas(db: Db, organizationId: string, now = new Date()): Promise<MeteredQuota[]> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { plan: true } });
  if (!org) throw notFound("The organization");
  const out: MeteredQuota[] = [];
  for (const metric of USAGE_METRICS) {
    const used = await monthToDate(db, organizationId, metric, now);
    const limit = metric === "seats" ? null : USAGE_QUOTAS[org.plan][metric];
    out.push({ metric, label: METRIC_LABELS[metric].name, used, limit, softLimit: limit === null ? null : Math.floor(limit * 0.8), status: statusOf(used, limit) });
  }
  return out;
}

export interface UsagePoint {
  day: string;
  metric: UsageMetric;
  quantity: bigint;
}

/** Daily rollups of the last `days` days (UTC), oldest first. */
export async function usageSeries(db: DbOrTx, organizationId: string, days: number, now = new Date()): Promise<UsagePoint[]> {
  const from = new Date(dayOf(now).getTime() - (days - 1) * 86_400_000);
  const rows = await db.usageDailyRollup.findMany({ where: { organizationId, day: { gte: from } }, orderBy: [{ day: "asc" }, { metric: "asc" }], select: { day: true, metric: true, quantity: true } });
  return rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), metric: r.metric, quantity: r.quantity }));
}

/**
 * The daily seats gauge: active members of each organization, recorded once a
 * day (idempotency key per day), by the usage-rollup job.
 */
export async function recordDailySeats(db: Db, actor: Actor, now = new Date()): Promise<number> {
  const counts = await db.membership.groupBy({ by: ["organizationId"], where: { status: "active" }, _count: { _all: true } });
  const day = dayOf(now).toISOString().slice(0, 10);
  let recorded = 0;
  for (const c of counts) {
    const result = await recordUsage(db, actor, c.organizationId, { metric: "seats", quantity: BigInt(c._count._all), idempotencyKey: `seats:${day}`, occurredAt: now, source: "usage-rollup" }, { publicUrl: "" });
    if (result.recorded) recorded++;
  }
  return recorded;
}
