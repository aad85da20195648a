/**
 * Turns a stored breakdown into sentences a CSM reads at a glance:
 * "−12: seat utilization 41%". Pure.
 */
import { COMPONENT_LABELS, type ComponentKey } from "./config.ts";

export interface StoredComponent {
  key: ComponentKey;
  weight: number;
  score: number | null;
  impact: number;
  inputs: Record<string, unknown>;
}

export interface ExplainedComponent extends StoredComponent {
  label: string;
  /** The raw signal, e.g. "41%" or "2 of 5 key features". */
  value: string;
  /** "−12: seat utilization 41%". */
  reason: string;
  applies: boolean;
}

const pct = (n: number) => `${Math.round(n * 100)}%`;
const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0));

function valueOf(c: StoredComponent): string {
  const i = c.inputs;
  switch (c.key) {
    case "seat_utilization":
      return i["seats"] ? `${pct(num(i["activeUsers"]) / num(i["seats"]))} (${num(i["activeUsers"])} of ${num(i["seats"])} seats)` : "no contracted seats";
    case "usage_trend": {
      const prev = num(i["previous30"]);
      if (prev === 0) return num(i["last30"]) > 0 ? "new usage" : "no usage";
      const change = (num(i["last30"]) - prev) / prev;
      return `${change >= 0 ? "+" : "−"}${pct(Math.abs(change))} vs previous 30 days`;
    }
    case "feature_adoption":
      return `${num(i["used"])} of ${num(i["keyFeatures"])} key features`;
    case "support_load":
      return `open load ${num(i["openLoad"])}, ${num(i["resolvedInSla90d"])}/${num(i["resolved90d"])} resolved in SLA`;
    case "nps":
      return num(i["responses"]) > 0 ? `${num(i["nps"])} (${num(i["responses"])} answers)` : "no answers";
    case "payment_issues": {
      const parts = [];
      if (num(i["overdueInvoices"]) > 0) parts.push(`${num(i["overdueInvoices"])} overdue invoice${num(i["overdueInvoices"]) === 1 ? "" : "s"}`);
      if (i["failedPayment"]) parts.push("failed payment");
      return parts.length ? parts.join(", ") : "none";
    }
    case "recency":
      return i["idleDays"] === null || i["idleDays"] === undefined ? "no activity in 60 days" : `last active ${num(i["idleDays"])} days ago`;
    case "identity_adoption":
      return `SSO ${i["ssoEnforced"] ? "enforced" : "not enforced"}, SCIM ${i["scimConnected"] ? "connected" : "not connected"}`;
  }
}

export function explainComponent(c: StoredComponent): ExplainedComponent {
  const label = COMPONENT_LABELS[c.key];
  const value = valueOf(c);
  const points = Math.round(Math.abs(c.impact));
  const applies = c.weight > 0 && c.score !== null;
  return { ...c, label, value, applies, reason: applies ? `${points === 0 ? "±0" : `−${points}`}: ${label} ${value}` : `n/a: ${label} (${value})` };
}

/** The components that cost the most points first. */
export function explainBreakdown(items: StoredComponent[]): ExplainedComponent[] {
  return items.map(explainComponent).sort((a, b) => a.impact - b.impact);
}
