import type { DbOrTx, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "./actions.ts";

export interface AuditEntry {
  action: AuditAction;
  /** The organization whose log records the event; null for platform events. */
  organizationId: string | null;
  status?: "success" | "denied" | "error";
  resource: { type: string; id?: string | null };
  /** What happened, without personal data (it is hashed into the chain as is). */
  details?: Prisma.InputJsonObject;
  /** Personal data the event mentions (e-mail addresses, names): kept out of the chain, erasable. */
  personal?: Record<string, string | null>;
}

const columnsOf = (actor: Actor) => {
  switch (actor.type) {
    case "user":
      return { actorType: "user" as const, actorId: actor.userId, actorLabel: actor.email };
    case "staff":
      return {
        actorType: "staff" as const,
        actorId: actor.userId,
        actorLabel: actor.email,
        impersonatorId: actor.impersonatorId ?? null,
      };
    case "api_key":
      return { actorType: "api_key" as const, actorId: actor.keyId, actorLabel: actor.label };
    case "system":
      return { actorType: "system" as const, actorId: null, actorLabel: actor.job };
    case "anonymous":
      return { actorType: "anonymous" as const, actorId: null, actorLabel: actor.label ?? null };
  }
};

/**
 * Appends one event to the audit log. Call it with the transaction that makes
 * the change it records, so both commit or neither does; the database links
 * the event into its organization's hash chain.
 */
export async function recordAudit(db: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      organizationId: entry.organizationId,
      action: entry.action,
      status: entry.status ?? "success",
      ...columnsOf(actor),
      resourceType: entry.resource.type,
      resourceId: entry.resource.id ?? null,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent?.slice(0, 512) ?? null,
      requestId: actor.requestId ?? null,
      details: entry.details ?? {},
      personal: entry.personal ?? {},
    },
    select: { id: true },
  });
}

/** Appends many events in one statement (the database links each into its chain, in order). */
export async function recordAuditBatch(db: DbOrTx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  const who = columnsOf(actor);
  await db.auditEvent.createMany({
    data: entries.map((entry) => ({
      organizationId: entry.organizationId,
      action: entry.action,
      status: entry.status ?? "success",
      ...who,
      resourceType: entry.resource.type,
      resourceId: entry.resource.id ?? null,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent?.slice(0, 512) ?? null,
      requestId: actor.requestId ?? null,
      details: entry.details ?? {},
      personal: entry.personal ?? {},
    })),
  });
}
