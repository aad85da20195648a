import { z } from "zod";
import type { PortfolioRow } from "./format.ts";

export const ZPortfolioSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  risk: z.enum(["low", "medium", "high"]).optional().catch(undefined),
  renewal: z.enum(["30", "60", "90"]).optional().catch(undefined),
  sort: z.enum(["name", "health", "arr", "users", "renewal", "risk"]).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});
export type PortfolioSearch = z.infer<typeof ZPortfolioSearch>;
export type PortfolioSort = NonNullable<PortfolioSearch["sort"]>;

const RISK_ORDER = { high: 0, medium: 1, low: 2 } as const;

const VALUE: Record<PortfolioSort, (r: PortfolioRow) => string | number> = {
  name: (r) => r.name.toLowerCase(),
  health: (r) => r.score ?? -1,
  arr: (r) => r.arrMinor,
  users: (r) => r.users,
  renewal: (r) => r.renewalDate ?? "9999-12-31",
  risk: (r) => (r.risk ? RISK_ORDER[r.risk] : 3),
};

/** Filters by name, risk and renewal window, then sorts (name breaks ties). */
export function filterPortfolio(rows: PortfolioRow[], { q, risk, renewal, sort = "health", dir = "asc" }: PortfolioSearch, now = Date.now()): PortfolioRow[] {
  const needle = q?.trim().toLowerCase();
  const horizon = renewal ? now + Number(renewal) * 86_400_000 : null;
  const sign = dir === "asc" ? 1 : -1;
  return rows
    .filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.slug.includes(needle))
    .filter((r) => !risk || r.risk === risk)
    .filter((r) => horizon === null || (r.renewalDate !== null && Date.parse(`${r.renewalDate}T00:00:00Z`) <= horizon))
    .sort((a, b) => {
      const x = VALUE[sort](a);
      const y = VALUE[sort](b);
      if (x < y) return -sign;
      if (x > y) return sign;
      return a.name.localeCompare(b.name);
    });
}
