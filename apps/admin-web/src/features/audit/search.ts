import { z } from "zod";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The audit page's filters, kept in the URL so a search can be shared and bookmarked. */
export const ZAuditSearch = z.object({
  actor: z.string().max(320).optional().catch(undefined),
  actions: z.array(z.string().regex(/^[a-z_.*]+$/).max(100)).max(50).optional().catch(undefined),
  status: z.enum(["success", "denied", "error"]).optional().catch(undefined),
  from: ZDay.optional().catch(undefined),
  to: ZDay.optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});

export type TAuditSearch = z.infer<typeof ZAuditSearch>;
export type TAuditStatus = NonNullable<TAuditSearch["status"]>;

/** Start of a local calendar day. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`);

/** Start of the local day after `day`: the API's `to` is exclusive, the date input's is inclusive. */
function dayAfter(day: string): Date {
  const date = dayStart(day);
  date.setDate(date.getDate() + 1);
  return date;
}

/** The URL's filters as the API's `ZAuditFilter` (without orgId). */
export function toApiFilter(search: TAuditSearch) {
  return {
    actor: search.actor || undefined,
    actions: search.actions?.length ? search.actions : undefined,
    status: search.status,
    from: search.from ? dayStart(search.from) : undefined,
    to: search.to ? dayAfter(search.to) : undefined,
    q: search.q || undefined,
  };
}

/** The streamed download of the current filter (cookie-authenticated plain link). */
export function exportHref(orgId: string, search: TAuditSearch, format: "csv" | "ndjson"): string {
  const filter = toApiFilter(search);
  const params = new URLSearchParams({ format });
  if (filter.actions) params.set("actions", filter.actions.join(","));
  if (filter.status) params.set("status", filter.status);
  if (filter.from) params.set("from", filter.from.toISOString());
  if (filter.to) params.set("to", filter.to.toISOString());
  if (filter.actor) params.set("actor", filter.actor);
  if (filter.q) params.set("q", filter.q);
  return `/api/orgs/${orgId}/audit/export?${params.toString()}`;
}

/** Where a finished background export downloads from. */
export const exportDownloadHref = (orgId: string, exportId: string) => `/api/orgs/${orgId}/audit/exports/${exportId}/download`;

export const STATUS_COLORS: Record<TAuditStatus, string> = { success: "green", denied: "orange", error: "red" };

/** The actor type as people read it beside the actor's label (an application's label is its name and key). */
const ACTOR_TYPES: Record<string, string> = { user: "user", staff: "staff", api_key: "API key", application: "application", scim: "SCIM", system: "system", anonymous: "anonymous" };
export const actorTypeLabel = (type: string) => ACTOR_TYPES[type] ?? type;
