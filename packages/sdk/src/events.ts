/**
 * The events Atrium emits (GET /v1/events and webhooks): one shape, a type
 * `<noun>.<verb>`, the organization it happened in and its data.
 *
 * Written by hand for now: the OpenAPI document does not describe the events
 * route yet. Once it does, derive this from `components["schemas"]` in
 * ./generated/v1.d.ts instead (`npm run generate -w @atrium/sdk`).
 */

export const ATRIUM_EVENT_TYPES = [
  "user.provisioned",
  "user.deprovisioned",
  "membership.created",
  "membership.role_changed",
  "membership.removed",
  "organization.created",
  "organization.plan_changed",
  "organization.archived",
  "sso_connection.activated",
  "directory_group.created",
  "directory_group.updated",
  "directory_group.deleted",
] as const;

export type AtriumEventType = (typeof ATRIUM_EVENT_TYPES)[number];

export interface AtriumEvent {
  /** `evt_…`, unique; a webhook may arrive more than once, deduplicate on it. */
  id: string;
  /** One of AtriumEventType; a newer Atrium may send types this version does not list. */
  type: AtriumEventType | (string & {});
  organizationId: string;
  /** ISO 8601. */
  createdAt: string;
  /** The event's facts; `userId` when it is about a person. */
  data: { userId?: string; [key: string]: unknown };
}

/** Whether `value` has the event shape (used on verified webhook bodies). */
export function isAtriumEvent(value: unknown): value is AtriumEvent {
  if (!value || typeof value !== "object") return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e["id"] === "string" &&
    e["id"].startsWith("evt_") &&
    typeof e["type"] === "string" &&
    /^[a-z_]+\.[a-z_]+$/.test(e["type"]) &&
    typeof e["organizationId"] === "string" &&
    typeof e["createdAt"] === "string" &&
    !!e["data"] &&
    typeof e["data"] === "object" &&
    !Array.isArray(e["data"])
  );
}
