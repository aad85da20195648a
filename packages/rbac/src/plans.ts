/**
 * Plan tiers, the features each includes, and their quotas. An organization
 * can hold per-feature overrides (granted by platform staff, optionally until
 * a date). Gates are checked after authorization: an allowed action on a
 * feature the plan lacks is refused with the plan that would include it.
 */
export const PLANS = ["free", "team", "business", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

export const FEATURES = {
  org_hierarchy: "Child organizations",
  custom_roles: "Custom roles",
  resource_grants: "Resource-level access grants",
  abac_conditions: "Conditional access (IP, MFA, attributes, time)",
  sso: "SAML and OIDC single sign-on",
  scim: "SCIM provisioning",
  ip_allowlist: "IP allowlist",
  api_access: "API keys",
  audit_export: "Audit log export",
  audit_tail: "Live audit tail",
  audit_alerts: "Audit alerts",
  log_streaming: "Log streaming to a SIEM",
  compliance_reports: "Compliance reports",
  legal_holds: "Legal holds",
  analytics: "Usage and member analytics",
  analytics_live: "Live analytics updates",
  advanced_analytics: "Saved analytics layouts",
} as const;

export type Feature = keyof typeof FEATURES;

/** The cheapest plan that includes each feature; every higher plan includes it too. */
const INCLUDED_FROM: Record<Feature, Plan> = {
  api_access: "team",
  audit_export: "team",
  analytics: "team",
  org_hierarchy: "business",
  custom_roles: "business",
  resource_grants: "business",
  sso: "business",
  scim: "business",
  ip_allowlist: "business",
  audit_alerts: "business",
  legal_holds: "business",
  abac_conditions: "enterprise",
  audit_tail: "enterprise",
  log_streaming: "enterprise",
  compliance_reports: "enterprise",
  analytics_live: "enterprise",
  advanced_analytics: "enterprise",
};

export const QUOTAS = {
  members: "Members",
  workspaces: "Workspaces",
  api_keys: "API keys",
  child_organizations: "Child organizations",
} as const;
export type Quota = keyof typeof QUOTAS;

/** Hard limits per plan (null: unlimited); the soft limit (a warning) is 80 % of the hard one. */
const QUOTA_LIMITS: Record<Plan, Record<Quota, number | null>> = {
  free: { members: 5, workspaces: 3, api_keys: 0, child_organizations: 0 },
  team: { members: 50, workspaces: 25, api_keys: 5, child_organizations: 0 },
  business: { members: 500, workspaces: 250, api_keys: 50, child_organizations: 20 },
  enterprise: { members: null, workspaces: null, api_keys: null, child_organizations: null },
};
export const SOFT_LIMIT_RATIO = 0.8;

/** Retention of audit events by plan, in days (enterprise may set up to 10 years). */
export const RETENTION_DAYS: Record<Plan, { default: number; max: number }> = {
  free: { default: 30, max: 30 },
  team: { default: 90, max: 90 },
  business: { default: 365, max: 365 },
  enterprise: { default: 365, max: 3650 },
};

export interface FeatureOverride {
  feature: Feature;
  enabled: boolean;
  expiresAt?: Date | null;
}

export interface FeatureState {
  feature: Feature;
  enabled: boolean;
  /** Cheapest plan that includes it. */
  includedFrom: Plan;
  /** Why: "included in Business", "not in Team", or the override and its expiry. */
  reason: string;
}

const planRank = (plan: Plan) => PLANS.indexOf(plan);
const planName = (plan: Plan) => plan[0]!.toUpperCase() + plan.slice(1);

export function requiredPlan(feature: Feature): Plan {
  return INCLUDED_FROM[feature];
}

export function featureState(plan: Plan, feature: Feature, overrides: readonly FeatureOverride[] = [], now = new Date()): FeatureState {
  const includedFrom = INCLUDED_FROM[feature];
  const override = overrides.find((o) => o.feature === feature && (!o.expiresAt || o.expiresAt > now));
  if (override) {
    const until = override.expiresAt ? ` until ${override.expiresAt.toISOString().slice(0, 10)}` : "";
    return { feature, enabled: override.enabled, includedFrom, reason: `${override.enabled ? "enabled" : "disabled"} by override${until}` };
  }
  const enabled = planRank(plan) >= planRank(includedFrom);
  return {
    feature,
    enabled,
    includedFrom,
    reason: enabled ? `included in ${planName(plan)}` : `requires the ${planName(includedFrom)} plan`,
  };
}

export function allFeatures(plan: Plan, overrides: readonly FeatureOverride[] = [], now = new Date()): FeatureState[] {
  return (Object.keys(FEATURES) as Feature[]).map((f) => featureState(plan, f, overrides, now));
}

export interface QuotaState {
  quota: Quota;
  used: number;
  limit: number | null;
  softLimit: number | null;
  /** ok, warn (at or past the soft limit) or full (at the hard limit: adding is refused). */
  status: "ok" | "warn" | "full";
}

export function quotaState(plan: Plan, quota: Quota, used: number): QuotaState {
  const limit = QUOTA_LIMITS[plan][quota];
  if (limit === null) return { quota, used, limit, softLimit: null, status: "ok" };
  const softLimit = Math.floor(limit * SOFT_LIMIT_RATIO);
  const status = used >= limit ? "full" : used >= softLimit && limit > 0 ? "warn" : "ok";
  return { quota, used, limit, softLimit, status };
}

/** Default API rate limits by plan (requests per minute, and the burst a client may spend at once). */
export const RATE_LIMITS: Record<Plan, { perMinute: number; burst: number }> = {
  free: { perMinute: 60, burst: 20 },
  team: { perMinute: 600, burst: 100 },
  business: { perMinute: 3000, burst: 500 },
  enterprise: { perMinute: 10000, burst: 2000 },
};
