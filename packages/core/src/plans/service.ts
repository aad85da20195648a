/**
 * What an organization's plan allows: its features (with overrides) and its
 * quotas (used vs limit). Adding past a hard limit is refused with
 * PAYMENT_REQUIRED; the soft limit (80 %) is a warning the admin console shows.
 */
import type { Db, DbOrTx } from "@atrium/db";
import { allFeatures, FEATURES, featureState, quotaState, QUOTAS, type Feature, type FeatureState, type Plan, type Quota, type QuotaState } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";

async function usage(db: DbOrTx, organizationId: string): Promise<Record<Quota, number>> {
  const [members, workspaces, apiKeys, children] = await Promise.all([
    db.membership.count({ where: { organizationId, status: "active" } }),
    db.workspace.count({ where: { organizationId, archivedAt: null } }),
    db.apiKey.count({ where: { organizationId, revokedAt: null } }),
    db.organization.count({ where: { parentId: organizationId, deletedAt: null } }),
  ]);
  return { members, workspaces, api_keys: apiKeys, child_organizations: children };
}

export interface PlanSummary {
  plan: Plan;
  features: FeatureState[];
  quotas: QuotaState[];
}

export async function planSummary(db: Db, organizationId: string): Promise<PlanSummary> {
  const org = await db.organization.findUnique({
    where: { id: organizationId },
    select: { plan: true, featureOverrides: { select: { feature: true, enabled: true, expiresAt: true } } },
  });
  if (!org) throw notFound("The organization");
  const used = await usage(db, organizationId);
  const overrides = org.featureOverrides.map((o) => ({ ...o, feature: o.feature as Feature }));
  return {
    plan: org.plan,
    features: allFeatures(org.plan, overrides),
    quotas: (Object.keys(QUOTAS) as Quota[]).map((q) => quotaState(org.plan, q, used[q])),
  };
}

/** Refuses (PAYMENT_REQUIRED) adding `adding` more of a quota beyond the plan's hard limit. */
export async function assertQuota(db: DbOrTx, organizationId: string, plan: Plan, quota: Quota, adding = 1): Promise<void> {
  const used = (await usage(db, organizationId))[quota];
  const state = quotaState(plan, quota, used + adding - 1);
  if (state.limit !== null && used + adding > state.limit) {
    throw new AppError("PAYMENT_REQUIRED", {
      userMessage: `Your plan allows ${state.limit} ${QUOTAS[quota].toLowerCase()}${state.limit === 0 ? "" : ` (${used} in use)`}. Upgrade for more.`,
    });
  }
}

/** Platform staff: turn a feature on or off for one organization, optionally until a date (null clears the override). */
export async function setFeatureOverride(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: { feature: Feature; enabled: boolean | null; expiresAt: Date | null; reason: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { plan: true } });
    if (!org) throw notFound("The organization");
    if (input.enabled === null) {
      await tx.featureOverride.deleteMany({ where: { organizationId, feature: input.feature } });
    } else {
      const data = { enabled: input.enabled, expiresAt: input.expiresAt, reason: input.reason, createdById: actor.type === "staff" || actor.type === "user" ? actor.userId : null };
      await tx.featureOverride.upsert({
        where: { organizationId_feature: { organizationId, feature: input.feature } },
        create: { organizationId, feature: input.feature, ...data },
        update: data,
        select: { id: true },
      });
    }
    await recordAudit(tx, actor, {
      action: "feature.override",
      organizationId,
      resource: { type: "feature", id: input.feature },
      details: {
        feature: FEATURES[input.feature],
        enabled: input.enabled,
        expiresAt: input.expiresAt?.toISOString() ?? null,
        reason: input.reason,
        planDefault: featureState(org.plan, input.feature).enabled,
      },
    });
  });
}
