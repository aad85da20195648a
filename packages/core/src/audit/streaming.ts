/**
 * Log streaming to a SIEM: one destination per organization — Splunk HTTP
 * Event Collector (token), Datadog logs intake (API key) or a generic JSON
 * POST signed with HMAC-SHA256 (secret generated here, shown once). The
 * credential is sealed with secrets() and its key id kept beside it.
 *
 * Delivery (deliverStreams, the worker's audit-stream job, woken by NOTIFY):
 * per destination, under a row lock (SKIP LOCKED), batches of events after
 * the cursor, oldest first; a 2xx advances the cursor in the same
 * transaction, anything else records a failure and backs off exponentially
 * (5 s, 10 s, 20 s … up to 1 h). Each request carries an Idempotency-Key
 * (`<org>:<first seq>-<last seq>`) so a receiver can drop the one repeat a
 * crash between its answer and our commit could cause. Deliveries are not
 * themselves audited (that would feed the stream forever); configuration
 * changes are.
 */
import type { Db, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { AppError, notFound } from "../errors.ts";
import { secrets } from "../secrets/box.ts";
import { checkWebhookUrl } from "./alerts.ts";
import { AUDIT_COLUMNS, type AuditRow } from "./search.ts";
import { SIGNATURE_HEADER, newSigningSecret, signPayload } from "./signature.ts";
import { auditHead } from "./tail.ts";
import { recordAudit } from "./writer.ts";

export type StreamKind = "splunk_hec" | "datadog" | "generic";

export interface StreamInput {
  kind: StreamKind;
  url: string;
  /** Splunk HEC token or Datadog API key; ignored for generic (we generate its secret). Omit on update to keep. */
  credential?: string | null | undefined;
  enabled: boolean;
  batchSize: number;
  /** On creation: stream the retained history too, not only what comes next. */
  backfill?: boolean | undefined;
}

const context = (organizationId: string) => `audit_stream_destinations.credential:${organizationId}`;

function seal(organizationId: string, credential: string) {
  const box = secrets();
  return { credential: box.encrypt(credential, context(organizationId)), credentialKeyId: box.currentKeyId };
}

export async function getStream(db: Db, organizationId: string) {
  const d = await db.auditStreamDestination.findUnique({ where: { organizationId } });
  if (!d) return null;
  const head = await auditHead(db, organizationId);
  const [oldest] = await db.$queryRaw<{ occurredAt: Date }[]>`
    SELECT occurred_at AS "occurredAt" FROM audit_events
     WHERE organization_id = ${organizationId}::uuid AND seq > ${d.cursorSeq} ORDER BY seq LIMIT 1`;
  const failures = await db.auditStreamFailure.findMany({
    where: { destinationId: d.id },
    orderBy: { at: "desc" },
    take: 20,
    select: { id: true, at: true, fromSeq: true, toSeq: true, attempt: true, error: true },
  });
  return {
    id: d.id,
    kind: d.kind as StreamKind,
    url: d.url,
    enabled: d.enabled,
    batchSize: d.batchSize,
    credentialKeyId: d.credentialKeyId,
    cursorSeq: Number(d.cursorSeq),
    headSeq: head,
    lagEvents: Math.max(0, head - Number(d.cursorSeq)),
    lagSeconds: oldest ? Math.max(0, Math.round((Date.now() - oldest.occurredAt.getTime()) / 1000)) : 0,
    deliveredEvents: Number(d.deliveredEvents),
    lastSuccessAt: d.lastSuccessAt,
    lastAttemptAt: d.lastAttemptAt,
    lastError: d.lastError,
    consecutiveFailures: d.consecutiveFailures,
    nextAttemptAt: d.nextAttemptAt,
    failures: failures.map((f) => ({ ...f, fromSeq: Number(f.fromSeq), toSeq: Number(f.toSeq) })),
  };
}

const describe = (input: StreamInput) => ({ kind: input.kind, host: new URL(input.url).host, enabled: input.enabled, batchSize: input.batchSize });

/** Creates or replaces the destination. Returns the generic kind's new signing secret once. */
export async function saveStream(db: Db, actor: Actor, organizationId: string, input: StreamInput): Promise<{ secret: string | null }> {
  checkWebhookUrl(input.url);
  return db.$transaction(async (tx) => {
    const before = await tx.auditStreamDestination.findUnique({ where: { organizationId } });
    let secret: string | null = null;
    let sealed: { credential: string; credentialKeyId: string } | undefined;
    if (input.kind === "generic") {
      if (!before || before.kind !== "generic") sealed = seal(organizationId, (secret = newSigningSecret()));
    } else if (input.credential) {
      sealed = seal(organizationId, input.credential);
    } else if (!before || before.kind !== input.kind) {
      throw new AppError("BAD_REQUEST", { userMessage: input.kind === "splunk_hec" ? "Enter the HTTP Event Collector token." : "Enter the Datadog API key." });
    }
    const data = { kind: input.kind, url: input.url, enabled: input.enabled, batchSize: input.batchSize, updatedAt: new Date(), ...sealed };
    if (before) {
      await tx.auditStreamDestination.update({ where: { organizationId }, data: { ...data, ...(input.enabled && !before.enabled ? { nextAttemptAt: null } : {}) } });
    } else {
      const head = input.backfill ? 0 : await auditHead(db, organizationId);
      await tx.auditStreamDestination.create({ data: { organizationId, ...data, ...sealed!, cursorSeq: head } });
    }
    await recordAudit(tx, actor, {
      action: before ? "audit_stream.update" : "audit_stream.create",
      organizationId,
      resource: { type: "audit_stream", id: organizationId },
      details: {
        ...(before ? { before: { kind: before.kind, host: new URL(before.url).host, enabled: before.enabled, batchSize: before.batchSize } } : {}),
        after: describe(input),
        credentialChanged: sealed !== undefined,
        ...(before ? {} : { backfill: input.backfill ?? false }),
      },
    });
    return { secret };
  });
}

export async function deleteStream(db: Db, actor: Actor, organizationId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const d = await tx.auditStreamDestination.findUnique({ where: { organizationId }, select: { id: true, kind: true, url: true } });
    if (!d) throw notFound("The log streaming destination");
    await tx.auditStreamDestination.delete({ where: { id: d.id } });
    await recordAudit(tx, actor, { action: "audit_stream.delete", organizationId, resource: { type: "audit_stream", id: organizationId }, details: { kind: d.kind, host: new URL(d.url).host } });
  });
}

export async function rotateStreamSecret(db: Db, actor: Actor, organizationId: string): Promise<{ secret: string }> {
  return db.$transaction(async (tx) => {
    const d = await tx.auditStreamDestination.findUnique({ where: { organizationId }, select: { kind: true } });
    if (!d) throw notFound("The log streaming destination");
    if (d.kind !== "generic") throw new AppError("CONFLICT", { userMessage: "Only generic destinations use a signing secret." });
    const secret = newSigningSecret();
    await tx.auditStreamDestination.update({ where: { organizationId }, data: { ...seal(organizationId, secret), updatedAt: new Date() } });
    await recordAudit(tx, actor, { action: "audit_stream.rotate_secret", organizationId, resource: { type: "audit_stream", id: organizationId } });
    return { secret };
  });
}

type Destination = Prisma.AuditStreamDestinationGetPayload<object>;

/** The request for one batch, in the destination's format. */
export function streamRequest(d: Pick<Destination, "kind" | "organizationId">, credential: string, rows: AuditRow[], now = new Date()) {
  const events = rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString(), organizationId: d.organizationId }));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Atrium-Streaming/1",
    "idempotency-key": `${d.organizationId}:${rows[0]!.seq}-${rows.at(-1)!.seq}`,
  };
  let body: string;
  switch (d.kind) {
    case "splunk_hec":
      headers["authorization"] = `Splunk ${credential}`;
      body = events
        .map((e) => JSON.stringify({ time: new Date(e.occurredAt).getTime() / 1000, host: "atrium", source: "atrium:audit", sourcetype: "_json", event: e }))
        .join("\n");
      break;
    case "datadog":
      headers["dd-api-key"] = credential;
      body = JSON.stringify(events.map((e) => ({ ddsource: "atrium", service: "atrium-audit", ddtags: `org:${d.organizationId},action:${e.action},status:${e.status}`, message: e })));
      break;
    case "generic":
      body = JSON.stringify({ organizationId: d.organizationId, events });
      headers[SIGNATURE_HEADER] = signPayload(credential, body, now);
      break;
  }
  return { headers, body };
}

const backoffMs = (failures: number) => Math.min(3600_000, 5000 * 2 ** (failures - 1));

/**
 * Delivers every enabled, due destination until it is caught up (or `maxBatches`
 * per destination). Returns events delivered and failed attempts.
 */
export async function deliverStreams(db: Db, options: { now?: () => Date; send?: typeof fetch; maxBatches?: number; organizationId?: string } = {}) {
  const now = options.now ?? (() => new Date());
  const send = options.send ?? fetch;
  const maxBatches = options.maxBatches ?? 20;
  const due = await db.auditStreamDestination.findMany({
    where: { enabled: true, ...(options.organizationId ? { organizationId: options.organizationId } : {}), OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now() } }] },
    select: { id: true },
  });
  let delivered = 0;
  let failed = 0;
  for (const { id } of due) {
    for (let i = 0; i < maxBatches; i++) {
      const outcome = await deliverBatch(db, id, now(), send);
      delivered += outcome.delivered;
      if (outcome.failed) failed++;
      if (outcome.failed || outcome.delivered === 0 || outcome.caughtUp) break;
    }
  }
  return { destinations: due.length, delivered, failed };
}

async function deliverBatch(db: Db, id: string, now: Date, send: typeof fetch): Promise<{ delivered: number; failed: boolean; caughtUp: boolean }> {
  return db.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM audit_stream_destinations WHERE id = ${id}::uuid AND enabled
           AND (next_attempt_at IS NULL OR next_attempt_at <= ${now}) FOR UPDATE SKIP LOCKED`;
      if (!locked) return { delivered: 0, failed: false, caughtUp: true };
      const d = await tx.auditStreamDestination.findUniqueOrThrow({ where: { id } });
      const raw = await tx.$queryRaw<(Omit<AuditRow, "seq"> & { seq: bigint })[]>`
        SELECT ${AUDIT_COLUMNS} FROM audit_events
         WHERE organization_id = ${d.organizationId}::uuid AND seq > ${d.cursorSeq}
         ORDER BY seq LIMIT ${d.batchSize}`;
      if (raw.length === 0) return { delivered: 0, failed: false, caughtUp: true };
      const rows = raw.map((r) => ({ ...r, seq: Number(r.seq) }));
      const credential = secrets().decrypt(d.credential, context(d.organizationId));
      const { headers, body } = streamRequest(d, credential, rows); // signed with the wall clock
      let error: string | null = null;
      try {
        const response = await send(d.url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
        if (!response.ok) error = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
        await response.body?.cancel();
      } catch (e) {
        error = (e as Error).message;
      }
      const fromSeq = BigInt(rows[0]!.seq);
      const toSeq = BigInt(rows.at(-1)!.seq);
      if (error) {
        const failures = d.consecutiveFailures + 1;
        await tx.auditStreamFailure.create({ data: { destinationId: d.id, organizationId: d.organizationId, at: now, fromSeq, toSeq, attempt: failures, error: error.slice(0, 1000) } });
        await tx.auditStreamDestination.update({
          where: { id },
          data: { lastAttemptAt: now, lastError: error.slice(0, 1000), consecutiveFailures: failures, nextAttemptAt: new Date(now.getTime() + backoffMs(failures)) },
        });
        return { delivered: 0, failed: true, caughtUp: false };
      }
      await tx.auditStreamDestination.update({
        where: { id },
        data: { cursorSeq: toSeq, deliveredEvents: { increment: rows.length }, lastAttemptAt: now, lastSuccessAt: now, consecutiveFailures: 0, nextAttemptAt: null, lastError: null },
      });
      return { delivered: rows.length, failed: false, caughtUp: rows.length < d.batchSize };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
