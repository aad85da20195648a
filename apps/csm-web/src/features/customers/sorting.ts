import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

export type Customer = inferRouterOutputs<AppRouter>["staff"]["customers"]["list"][number];
export type SortKey = "name" | "plan" | "region" | "members" | "organizations";
export type SortDir = "asc" | "desc";

const PLAN_ORDER = { free: 0, team: 1, business: 2, enterprise: 3 } as const;

const VALUE: Record<SortKey, (c: Customer) => string | number> = {
  name: (c) => c.name.toLowerCase(),
  plan: (c) => PLAN_ORDER[c.plan],
  region: (c) => c.region,
  members: (c) => c.memberCount,
  organizations: (c) => c.organizationCount,
};

export interface CustomerFilter {
  q?: string | undefined;
  plan?: Customer["plan"] | undefined;
  sort?: SortKey | undefined;
  dir?: SortDir | undefined;
}

/** Filters by name/slug text and plan, then sorts (name breaks ties). */
export function filterAndSort(customers: Customer[], { q, plan, sort = "name", dir = "asc" }: CustomerFilter): Customer[] {
  const needle = q?.trim().toLowerCase();
  const rows = customers.filter(
    (c) => (!needle || c.name.toLowerCase().includes(needle) || c.slug.includes(needle)) && (!plan || c.plan === plan),
  );
  const sign = dir === "asc" ? 1 : -1;
  return rows.sort((a, b) => {
    const x = VALUE[sort](a);
    const y = VALUE[sort](b);
    if (x < y) return -sign;
    if (x > y) return sign;
    return a.name.localeCompare(b.name);
  });
}
