import { executeRaw, Prisma, type SqlClient } from "@atrium/db";
import type { Actor } from "../actor.ts";
import type { AuditAction, ProductAuditAction } from "./actions.ts";
import { notifyAuditAppended } from "./appended.ts";
import { storableJson, storableText } from "../security/text.ts";

export interface AuditEntry {
  action: AuditAction | ProductAuditAction;
  /** The organization whose log records the event; null for platform events. */
  organizationId: string | null;
  status?: "success" | "denied" | "error";
  resource: { type: string; id?: string | null };
  /** What happened, without personal data (it is hashed into the chain as is). */
  details?: Prisma.InputJsonObject;
  /** Personal data the event mentions (e-mail addresses, names): kept out of the chain, erasable. */
  personal?: Record<string, string | null>;
}

/** How the log labels an application actor: `Notes (key atrium_sk_live_ab12)`. */
export const applicationLabel = (name: string, keyPrefix: string) => `${name} (key ${keyPrefix})`;

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
    case "application":
      // The id names the application (so the log filters by it); the label, its name and the key it used.
      return { actorType: "application" as const, actorId: actor.applicationId, actorLabel: applicationLabel(actor.name, actor.keyPrefix) };
    case "system":
      return { actorType: "system" as const, actorId: null, actorLabel: actor.job };
    case "scim":
      return { actorType: "scim" as const, actorId: actor.tokenId, actorLabel: `scim:${actor.prefix}` };
    case "anonymous":
      return { actorType: "anonymous" as const, actorId: null, actorLabel: actor.label ?? null };
  }
};

/** What a caller typed or an error message quoted may hold NUL or half a surrogate pair; the log records it, readable, instead of failing. */
const nullableText = (text: string | null | undefined) => (text == null ? null : storableText(text));

/** One VALUES row (a single SQL statement, no ORM round trips: the benchmark's "service vs raw INSERT"). */
function valuesOf(actor: Actor, entry: AuditEntry): Prisma.Sql {
  const who = columnsOf(actor);
  return Prisma.sql`(${entry.organizationId}::uuid, ${entry.action}, ${entry.status ?? "success"}::audit_status, ${who.actorType}::audit_actor_type,
    ${who.actorId}, ${nullableText(who.actorLabel)}, ${"impersonatorId" in who ? who.impersonatorId : null}::uuid, ${entry.resource.type}, ${nullableText(entry.resource.id)},
    ${actor.ip ?? null}, ${nullableText(actor.userAgent?.slice(0, 512))}, ${actor.requestId ?? null},
    ${storableJson(entry.details ?? {})}::jsonb, ${storableJson(entry.personal ?? {})}::jsonb)`;
}

const COLUMNS = Prisma.raw(`(organization_id, action, status, actor_type, actor_id, actor_label, impersonator_id,
  resource_type, resource_id, ip, user_agent, request_id, details, personal)`);

/**
 * Appends one event to the audit log. Call it with the transaction that makes
 * the change it records, so both commit or neither does; the database links
 * the event into its organization's hash chain.
 */
export async function recordAudit(db: SqlClient, actor: Actor, entry: AuditEntry): Promise<void> {
  // Outside a transaction the statement goes straight to node-postgres: an append is one
  // statement either way, and Prisma's own work per call cost more than the insert.
  await executeRaw(db, Prisma.sql`INSERT INTO audit_events ${COLUMNS} VALUES ${valuesOf(actor, entry)}`);
  notifyAuditAppended([entry]);
}

/**
 * Appends many events in one statement. The entries travel as one JSON
 * parameter (not 14 parameters per event), and the database links each into
 * its chain in the order given. Entries are grouped by organization (stable:
 * each organization's events keep their order), so every batch takes the
 * chain heads' locks in the same order and two batches spanning the same
 * organizations cannot deadlock.
 */
export async function recordAuditBatch(db: SqlClient, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.$executeRaw(auditBatchSql(actor, entries));
  notifyAuditAppended(entries);
}

/**
 * recordAuditBatch's statement, for a caller that sends it with others (the
 * last statements of a transaction, sent with its COMMIT): it calls
 * notifyAuditAppended itself once the statement ran.
 */
export function auditBatchSql(actor: Actor, entries: readonly AuditEntry[]): Prisma.Sql {
  const who = columnsOf(actor);
  const rows = storableJson(
    entries.map((e) => ({
      o: e.organizationId,
      a: e.action,
      s: e.status ?? "success",
      t: e.resource.type,
      r: e.resource.id ?? null,
      d: e.details ?? {},
      p: e.personal ?? {},
    })),
  );
  return Prisma.sql`
    INSERT INTO audit_events ${COLUMNS}
    SELECT e.o, e.a, e.s::audit_status, ${who.actorType}::audit_actor_type, ${who.actorId}, ${nullableText(who.actorLabel)},
           ${"impersonatorId" in who ? who.impersonatorId : null}::uuid, e.t, e.r,
           ${actor.ip ?? null}, ${nullableText(actor.userAgent?.slice(0, 512))}, ${actor.requestId ?? null}, e.d, e.p
      FROM ROWS FROM (jsonb_to_recordset(${rows}::jsonb) AS (o uuid, a text, s text, t text, r text, d jsonb, p jsonb))
           WITH ORDINALITY AS e(o, a, s, t, r, d, p, n)
     ORDER BY e.o NULLS FIRST, e.n`;
}

/**
 * Appends events of several actors in one statement (recordAuditBatch's
 * shape, with the actor's columns carried per event): what a buffered writer
 * queued from many requests. Same ordering and locking rules as
 * recordAuditBatch.
 */
export async function recordAudits(db: SqlClient, items: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (items.length === 0) return;
  const rows = storableJson(
    items.map(({ actor, entry: e }) => {
      const who = columnsOf(actor);
      return {
        o: e.organizationId,
        a: e.action,
        s: e.status ?? "success",
        at: who.actorType,
        ai: who.actorId,
        al: nullableText(who.actorLabel),
        im: "impersonatorId" in who ? who.impersonatorId : null,
        t: e.resource.type,
        r: e.resource.id ?? null,
        ip: actor.ip ?? null,
        ua: nullableText(actor.userAgent?.slice(0, 512)),
        rq: actor.requestId ?? null,
        d: e.details ?? {},
        p: e.personal ?? {},
      };
    }),
  );
  await executeRaw(
    db,
    Prisma.sql`
    INSERT INTO audit_events ${COLUMNS}
    SELECT e.o, e.a, e.s::audit_status, e.at::audit_actor_type, e.ai, e.al, e.im, e.t, e.r, e.ip, e.ua, e.rq, e.d, e.p
      FROM ROWS FROM (jsonb_to_recordset(${rows}::jsonb)
             AS (o uuid, a text, s text, at text, ai text, al text, im uuid, t text, r text, ip text, ua text, rq text, d jsonb, p jsonb))
           WITH ORDINALITY AS e(o, a, s, at, ai, al, im, t, r, ip, ua, rq, d, p, n)
     ORDER BY e.o NULLS FIRST, e.n`,
  );
  notifyAuditAppended(items.map((i) => i.entry));
}
