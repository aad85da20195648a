import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

export type PlanSummary = inferRouterOutputs<AppRouter>["org"]["plan"];
export type FeatureRow = PlanSummary["features"][number];
export type QuotaRow = PlanSummary["quotas"][number];
