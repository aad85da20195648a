/**
 * Health-score configuration: the weight of each component (points out of
 * 100), the thresholds that turn raw signals into 0–1 component scores, the
 * risk bands and the parent roll-up rule. One row, edited by CS leads.
 */
import type { Db, DbOrTx } from "@atrium/db";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";

export const COMPONENTS = [
  "seat_utilization",
  "usage_trend",
  "feature_adoption",
  "support_load",
  "nps",
  "payment_issues",
  "recency",
  "identity_adoption",
] as const;
export type ComponentKey = (typeof COMPONENTS)[number];

export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  seat_utilization: "seat utilization",
  usage_trend: "usage trend",
  feature_adoption: "feature adoption",
  support_load: "support load",
  nps: "NPS",
  payment_issues: "payment issues",
  recency: "recency of activity",
  identity_adoption: "identity adoption",
};

export const ZWeights = z
  .object(Object.fromEntries(COMPONENTS.map((k) => [k, z.number().int().min(0).max(100)])) as Record<ComponentKey, z.ZodNumber>)
  .refine((w) => Object.values(w).reduce((a, b) => a + b, 0) === 100, { message: "Weights must add up to 100" });

export const ZThresholds = z
  .object({
    high_risk_below: z.number().int().min(1).max(100),
    medium_risk_below: z.number().int().min(1).max(100),
    /** Seat utilization (%) that earns the full component. */
    seat_target_pct: z.number().min(1).max(100),
    /** Usage change (%) at or below which the trend scores 0, and at or above which it scores 1. */
    trend_floor_pct: z.number().min(-100).max(0),
    trend_ceiling_pct: z.number().min(0).max(500),
    /** Priority-weighted open tickets at which the open-load part scores 0. */
    support_load_max: z.number().min(1).max(1000),
    /** Days without activity at which recency scores 0. */
    recency_max_days: z.number().int().min(1).max(365),
    key_features: z.array(z.string().min(1).max(60)).min(1).max(50),
  })
  .refine((t) => t.high_risk_below <= t.medium_risk_below, { message: "The high-risk band must be below the medium-risk band", path: ["high_risk_below"] })
  .refine((t) => t.trend_floor_pct < t.trend_ceiling_pct, { message: "The trend floor must be below its ceiling", path: ["trend_floor_pct"] });

export const ROLLUPS = ["arr_weighted", "own", "minimum"] as const;
export type Rollup = (typeof ROLLUPS)[number];

export const ZHealthConfig = z.object({ weights: ZWeights, thresholds: ZThresholds, rollup: z.enum(ROLLUPS) });
export type THealthConfig = z.infer<typeof ZHealthConfig>;

export async function healthConfig(db: DbOrTx): Promise<THealthConfig & { updatedAt: Date }> {
  const row = await db.healthConfig.findUniqueOrThrow({ where: { id: 1 } });
  return { ...ZHealthConfig.parse({ weights: row.weights, thresholds: row.thresholds, rollup: row.rollup }), updatedAt: row.updatedAt };
}

export async function setHealthConfig(db: Db, actor: Actor, config: THealthConfig): Promise<void> {
  const parsed = ZHealthConfig.parse(config);
  await db.$transaction(async (tx) => {
    const before = await healthConfig(tx);
    const updatedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    await tx.healthConfig.update({ where: { id: 1 }, data: { weights: parsed.weights, thresholds: parsed.thresholds, rollup: parsed.rollup, updatedById, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      action: "health.config_update",
      organizationId: null,
      resource: { type: "health_config", id: "1" },
      details: { before: { weights: before.weights, thresholds: before.thresholds, rollup: before.rollup }, after: parsed },
    });
  });
}
