/**
 * The product's own audit events (POST /v1/audit/events): appended to each
 * named organization's hash chain by the audit writer, so they show in the
 * admin audit log, alerts, SIEM streams and compliance reports exactly like
 * Atrium's own events.
 *
 * A batch is all or nothing: every event is checked first (action registered
 * in the application's catalog, resource type registered, organization
 * existing, a user actor an active member of that organization), and any
 * problem refuses the whole batch naming each event at fault — so a product
 * never has to find out which half of a batch landed. Then all events and one
 * platform record of the batch commit in one transaction. A refused batch is
 * recorded on the platform log as a denied `application.audit_ingest` (with
 * the fields at fault), in the transaction that read what refused it.
 *
 * A user actor is recorded as that user (the organization's log shows the
 * person who acted); an application actor as the application and its key.
 * Either way `details.application` names the application, the time the
 * product says it happened is `details.occurredAt`, and the product's own
 * details are under `details.data`.
 */
import type { Db, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import type { ProductAuditAction } from "../audit/actions.ts";
import { recordAudit } from "../audit/writer.ts";

export interface ProductAuditEvent {
  organizationId: string;
  action: string;
  actor: { type: "user"; id: string } | { type: "application" };
  resource?: { type: string; id: string } | undefined;
  status?: "success" | "denied" | "error" | undefined;
  occurredAt?: Date | undefined;
  details?: Prisma.InputJsonObject | undefined;
}

export interface EventProblem {
  field: string;
  message: string;
}

/** The batch could not be appended: the problems, one per field at fault. */
export class ProductAuditRejected extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly problems: EventProblem[],
  ) {
    super(problems.map((p) => p.message).join(" "));
  }
}

/** At most this many problems are copied into the denial's audit record. */
const AUDITED_PROBLEMS = 20;

export async function appendProductAuditEvents(
  db: Db,
  applicationActor: Actor,
  application: { id: string; slug: string },
  events: readonly ProductAuditEvent[],
): Promise<{ appended: number }> {
  const organizationIds = [...new Set(events.map((e) => e.organizationId))];
  const userIds = [...new Set(events.flatMap((e) => (e.actor.type === "user" ? [e.actor.id] : [])))];
  const batch = { events: events.length, organizations: organizationIds, actions: [...new Set(events.map((e) => e.action))] };

  const refused = await db.$transaction(async (tx) => {
    const actions = await tx.applicationAuditAction.findMany({ where: { applicationId: application.id }, select: { action: true } });
    const resourceTypes = await tx.applicationResourceType.findMany({ where: { applicationId: application.id }, select: { type: true } });
    const organizations = await tx.organization.findMany({ where: { id: { in: organizationIds }, deletedAt: null }, select: { id: true } });
    const memberships = userIds.length
      ? await tx.membership.findMany({
          where: { organizationId: { in: organizationIds }, userId: { in: userIds }, status: "active" },
          select: { organizationId: true, userId: true, user: { select: { email: true } } },
        })
      : [];
    const members = new Map(memberships.map((m) => [`${m.organizationId}:${m.userId}`, m.user.email]));
    const refusal = checkBatch(events, {
      registered: new Set(actions.map((a) => a.action)),
      types: new Set(resourceTypes.map((t) => t.type)),
      existing: new Set(organizations.map((o) => o.id)),
      members,
    });
    if (refusal) {
      await recordAudit(tx, applicationActor, {
        action: "application.audit_ingest",
        organizationId: null,
        status: "denied",
        resource: { type: "application", id: application.id },
        details: {
          ...batch,
          reason: refusal.status === 404 ? "unknown_organization" : "invalid_events",
          problems: refusal.problems.slice(0, AUDITED_PROBLEMS).map((p) => p.field),
        },
      });
      return refusal;
    }

    for (const e of events) {
      const actor: Actor =
        e.actor.type === "user"
          ? { type: "user", userId: e.actor.id, email: members.get(`${e.organizationId}:${e.actor.id}`)!, ip: applicationActor.ip, userAgent: applicationActor.userAgent, requestId: applicationActor.requestId }
          : applicationActor;
      await recordAudit(tx, actor, {
        action: e.action as ProductAuditAction,
        organizationId: e.organizationId,
        status: e.status ?? "success",
        resource: e.resource ?? { type: "application", id: application.id },
        details: {
          application: application.slug,
          ...(e.occurredAt ? { occurredAt: e.occurredAt.toISOString() } : {}),
          ...(e.details ? { data: e.details } : {}),
        },
      });
    }
    await recordAudit(tx, applicationActor, {
      action: "application.audit_ingest",
      organizationId: null,
      resource: { type: "application", id: application.id },
      details: batch,
    });
    return null;
  }, { maxWait: 15_000, timeout: 30_000 });
  if (refused) throw refused;
  return { appended: events.length };
}

/** Why the batch is refused (unknown organizations first, as 404), or null when every event may be appended. */
function checkBatch(
  events: readonly ProductAuditEvent[],
  known: { registered: Set<string>; types: Set<string>; existing: Set<string>; members: Map<string, string> },
): ProductAuditRejected | null {
  const missing = events.flatMap((e, i) =>
    known.existing.has(e.organizationId) ? [] : [{ field: `events[${i}].organizationId`, message: `Organization ${e.organizationId} does not exist.` }],
  );
  if (missing.length) return new ProductAuditRejected(404, missing);

  const problems: EventProblem[] = [];
  events.forEach((e, i) => {
    if (!known.registered.has(e.action)) {
      problems.push({ field: `events[${i}].action`, message: `"${e.action}" is not an audit action registered in this application's catalog (PUT /v1/catalog).` });
    }
    if (e.resource && !known.types.has(e.resource.type)) {
      problems.push({ field: `events[${i}].resource.type`, message: `"${e.resource.type}" is not a resource type registered in this application's catalog.` });
    }
    if (e.actor.type === "user" && !known.members.has(`${e.organizationId}:${e.actor.id}`)) {
      problems.push({ field: `events[${i}].actor.id`, message: `User ${e.actor.id} is not an active member of organization ${e.organizationId}.` });
    }
  });
  return problems.length ? new ProductAuditRejected(400, problems) : null;
}
