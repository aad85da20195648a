import type { AppRouter } from "@atrium/api";
import { formatNumber } from "@atrium/ui";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>["audit"]["alerts"];
export type AlertRule = Outputs["list"][number];
export type AlertFiring = Outputs["firings"][number];
export type AlertPreset = Outputs["presets"][number];

/** "≥ 5 in 10 min" or "every match". */
export function describeThreshold(rule: { threshold: number; windowSeconds: number }): string {
  if (rule.threshold <= 1) return "Every match";
  const minutes = rule.windowSeconds / 60;
  const window = minutes >= 60 && minutes % 60 === 0 ? `${formatNumber(minutes / 60)} h` : `${formatNumber(minutes)} min`;
  return `≥ ${formatNumber(rule.threshold)} in ${window}`;
}
