import type { Condition } from "./types.ts";

export type ConditionType = Condition["type"];

export const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** What a condition starts as when the admin switches it on. */
export function defaultCondition(type: ConditionType): Condition {
  switch (type) {
    case "mfa":
      return { type: "mfa" };
    case "ip_allowlist":
      return { type: "ip_allowlist" };
    case "attribute":
      return { type: "attribute", attribute: "department", oneOf: [] };
    case "time_window":
      return { type: "time_window", timezone: localTimeZone(), days: [1, 2, 3, 4, 5], from: "09:00", to: "18:00" };
  }
}

/** A sentence for a condition, as the roles list and the read-only view show it. */
export function describeCondition(c: Condition): string {
  switch (c.type) {
    case "mfa":
      return "Only in sessions signed in with multi-factor authentication";
    case "ip_allowlist":
      return "Only from the organization's IP allowlist";
    case "attribute":
      return `Only when ${c.attribute} is ${c.oneOf.map((v) => `"${v}"`).join(" or ")}`;
    case "time_window":
      return `Only ${c.days.map((d) => DAY_NAMES[d]).join(", ")} ${c.from}–${c.to} (${c.timezone})`;
  }
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ATTRIBUTE = /^[a-zA-Z][\w.]{0,63}$/;

/** What still keeps the conditions from being saved, or null. */
export function conditionProblem(conditions: readonly Condition[]): string | null {
  for (const c of conditions) {
    if (c.type === "attribute") {
      if (!ATTRIBUTE.test(c.attribute)) return "Name the attribute: a letter, then letters, digits, dots or underscores.";
      if (c.oneOf.length === 0) return `List at least one allowed value of ${c.attribute}.`;
    }
    if (c.type === "time_window") {
      if (c.days.length === 0) return "Choose at least one day for the time window.";
      if (!HH_MM.test(c.from) || !HH_MM.test(c.to)) return "Give the time window's start and end as HH:MM.";
    }
  }
  return null;
}
