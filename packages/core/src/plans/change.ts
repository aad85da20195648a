/**
 * Changing an organization's plan tier: the one place that writes
 * organizations.plan (features and quotas follow from it). Called by billing
 * when a subscription or contract changes it, inside that transaction.
 */
import type { Tx } from "@atrium/db";
import type { Plan } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { notFound } from "../errors.ts";
import { emitEvent } from "../events/emit.ts";

export async function changePlan(tx: Tx, actor: Actor, organizationId: string, plan: Plan, reason: string): Promise<boolean> {
  const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { plan: true } });
  if (!org) throw notFound("The organization");
  if (org.plan === plan) return false;
  await tx.organization.update({ where: { id: organizationId }, data: { plan }, select: { id: true } });
  await recordAudit(tx, actor, {
    action: "plan.change",
    organizationId,
    resource: { type: "organization", id: organizationId },
    details: { from: org.plan, to: plan, reason },
  });
  await emitEvent(tx, organizationId, "organization.plan_changed", { before: org.plan, after: plan });
  return true;
}
