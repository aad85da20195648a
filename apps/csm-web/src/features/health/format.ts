import type { AppRouter } from "@atrium/api";
import { formatMoney } from "@atrium/ui";
import type { inferRouterOutputs } from "@trpc/server";

type Out = inferRouterOutputs<AppRouter>;
export type PortfolioRow = Out["staff"]["health"]["portfolio"][number];
export type CustomerDetail = Out["staff"]["health"]["customer"];

export const RISK_COLORS = { low: "teal", medium: "yellow", high: "red" } as const;
export const RISK_LABELS = { low: "Low risk", medium: "Medium risk", high: "High risk" } as const;
export const TREND_ARROWS = { up: "↑", down: "↓", flat: "→" } as const;
export const TREND_LABELS = { up: "improving", down: "declining", flat: "steady" } as const;

/** ARR in whole units of its currency (minor units in, e.g. "$480,000"). */
export const money = (minor: number, currency: string | null = "usd"): string => formatMoney(minor, currency ?? "usd", { whole: true });

export const daysUntil = (day: string | null) => (day === null ? null : Math.round((Date.parse(`${day}T00:00:00Z`) - Date.now()) / 86_400_000));
