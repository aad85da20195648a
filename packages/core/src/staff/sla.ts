/**
 * Measured SLA per customer and month (sla_monthly), as recorded by staff.
 * Recording a month again replaces it; the audit record keeps the values it
 * replaced and is written in the same transaction as the change.
 */
import type { Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { visibleCustomer, type Staff } from "./access.ts";

export interface SlaMonth {
  organizationId: string;
  /** `YYYY-MM`, already validated by the caller. */
  month: string;
  uptimePct: number;
  p99LatencyMs: number;
}

/** Record (or replace) one month's measured SLA; NOT_FOUND outside the caller's scope. */
export async function recordSlaMonth(db: Db, staff: Staff, actor: Actor, input: SlaMonth): Promise<void> {
  await visibleCustomer(db, staff, input.organizationId);
  const month = new Date(`${input.month}-01T00:00:00Z`);
  const key = { organizationId_month: { organizationId: input.organizationId, month } };
  await db.$transaction(async (tx) => {
    const before = await tx.slaMonthly.findUnique({ where: key, select: { uptimePct: true, p99LatencyMs: true } });
    await tx.slaMonthly.upsert({
      where: key,
      create: { organizationId: input.organizationId, month, uptimePct: input.uptimePct, p99LatencyMs: input.p99LatencyMs },
      update: { uptimePct: input.uptimePct, p99LatencyMs: input.p99LatencyMs, recordedAt: new Date() },
    });
    await recordAudit(tx, actor, { action: "sla.record", organizationId: input.organizationId, resource: { type: "sla_month", id: input.month }, details: { uptimePct: input.uptimePct, p99LatencyMs: input.p99LatencyMs, before } });
  });
}
