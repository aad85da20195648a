/**
 * Webhook delivery, run by the worker's webhook-deliveries queue.
 *
 * Order: deliveries go out in event position order per (endpoint,
 * organization). A delivery is taken only when no earlier delivery of the
 * same pair is still pending (being sent, or waiting for a retry), and it is
 * held (FOR UPDATE SKIP LOCKED) while it is sent, so several workers never
 * send two deliveries of one pair at once nor out of order. A delivery that
 * fails for good (after the last retry) no longer holds the next ones back.
 *
 * Retries: after a failed attempt (no 2xx within the timeout), the next try
 * waits RETRY_DELAYS_SECONDS[n] (5 s, 30 s, 2 min, 10 min, 1 h, 6 h); after
 * the last, the delivery is `failed`. Every attempt is in the delivery log.
 *
 * At least once: a worker that dies between the receiver's 2xx and the
 * commit sends that delivery again, with the same `webhook-id` (the event
 * id) — receivers dedupe by it, which makes each event take effect exactly
 * once on their side.
 */
import type { Db, Tx } from "@atrium/db";
import { Webhook } from "standardwebhooks";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { signingSecrets } from "./endpoints.ts";

export const RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 3600, 21_600] as const;
/** The first attempt and one per retry delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
export const DELIVERY_TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 500;

export interface DeliverOptions {
  /** The clock that decides which deliveries are due and when retries are (tests step it). Signatures always carry the real time. */
  now?: Date;
  send?: typeof fetch;
  /** At most this many attempts in one run. */
  limit?: number;
}

interface Due {
  id: string;
  endpoint_id: string;
  event_id: string;
  tries: number;
  attempts: number;
}

/** The JSON body of a delivery: the event object, as GET /v1/events shows it. */
export function eventPayload(event: { id: string; type: string; organizationId: string; createdAt: Date; data: unknown }): string {
  return JSON.stringify({ id: event.id, type: event.type, organizationId: event.organizationId, createdAt: event.createdAt.toISOString(), data: event.data });
}

/** The Standard Webhooks headers; several secrets (a rotation's overlap) give several space-separated signatures. */
export function signedHeaders(secretsToSign: readonly string[], eventId: string, payload: string, at = new Date()): Record<string, string> {
  const signature = secretsToSign.map((s) => new Webhook(s).sign(eventId, at, payload)).join(" ");
  return { "webhook-id": eventId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

async function takeDue(tx: Tx, now: Date): Promise<Due | undefined> {
  const [due] = await tx.$queryRaw<Due[]>`
    SELECT d.id::text, d.endpoint_id::text, d.event_id, d.tries, d.attempts
      FROM webhook_deliveries d
      JOIN events e ON e.id = d.event_id
      JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.enabled
     WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
       AND NOT EXISTS (
         SELECT 1 FROM webhook_deliveries p JOIN events pe ON pe.id = p.event_id
          WHERE p.endpoint_id = d.endpoint_id AND p.organization_id = d.organization_id
            AND p.status = 'pending' AND pe.position < e.position)
     ORDER BY e.position
     LIMIT 1
     FOR UPDATE OF d SKIP LOCKED`;
  return due;
}

async function attempt(url: string, headers: Record<string, string>, payload: string, send: typeof fetch) {
  const started = performance.now();
  try {
    const response = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Atrium-Webhooks/1", ...headers },
      body: payload,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    const text = await response.text().catch(() => "");
    return { ok: response.status >= 200 && response.status < 300, statusCode: response.status, excerpt: text.slice(0, EXCERPT_CHARS), error: null, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, statusCode: null, excerpt: null, error: (error as Error).message.slice(0, EXCERPT_CHARS), ms: performance.now() - started };
  }
}

/** Sends what is due, one delivery per transaction; returns how many attempts succeeded and failed. */
export async function deliverDueWebhooks(db: Db, options: DeliverOptions = {}): Promise<{ succeeded: number; failed: number }> {
  const now = options.now ?? new Date();
  const send = options.send ?? fetch;
  const limit = options.limit ?? 100;
  let succeeded = 0;
  let failed = 0;
  while (succeeded + failed < limit) {
    const outcome = await db.$transaction(
      async (tx) => {
        const due = await takeDue(tx, now);
        if (!due) return null;
        const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: due.endpoint_id }, select: { id: true, url: true, secret: true, previousSecret: true, previousSecretExpiresAt: true } });
        const event = await tx.event.findUniqueOrThrow({ where: { id: due.event_id }, select: { id: true, type: true, organizationId: true, createdAt: true, data: true } });
        const payload = eventPayload(event);
        const result = await attempt(endpoint.url, signedHeaders(signingSecrets(endpoint), event.id, payload), payload, send);
        const tries = due.tries + 1;
        const attempts = due.attempts + 1;
        const final = result.ok || tries >= MAX_ATTEMPTS;
        await tx.webhookDeliveryAttempt.create({
          data: { deliveryId: due.id, attempt: attempts, statusCode: result.statusCode, durationMs: Math.round(result.ms), responseExcerpt: result.excerpt, error: result.error },
          select: { id: true },
        });
        await tx.webhookDelivery.update({
          where: { id: due.id },
          data: {
            tries,
            attempts,
            lastStatusCode: result.statusCode,
            status: result.ok ? "succeeded" : final ? "failed" : "pending",
            completedAt: final ? now : null,
            nextAttemptAt: final ? now : new Date(now.getTime() + RETRY_DELAYS_SECONDS[tries - 1]! * 1000),
          },
          select: { id: true },
        });
        return result.ok;
      },
      { timeout: DELIVERY_TIMEOUT_MS + 10_000 },
    );
    if (outcome === null) break;
    if (outcome) succeeded++;
    else failed++;
  }
  return { succeeded, failed };
}

/**
 * When the next delivery that may go falls due (the worker wakes itself
 * then), or null: the first pending delivery of each (endpoint,
 * organization) pair of an enabled endpoint — the ones behind it wait for it.
 */
export async function nextDeliveryDue(db: Db): Promise<Date | null> {
  const [next] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min(d.next_attempt_at) AS at
      FROM webhook_deliveries d
      JOIN events e ON e.id = d.event_id
      JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.enabled
     WHERE d.status = 'pending'
       AND NOT EXISTS (
         SELECT 1 FROM webhook_deliveries p JOIN events pe ON pe.id = p.event_id
          WHERE p.endpoint_id = d.endpoint_id AND p.organization_id = d.organization_id
            AND p.status = 'pending' AND pe.position < e.position)`;
  return next?.at ?? null;
}

/** An endpoint's deliveries, newest first, each with its attempts (the delivery log). */
export async function listDeliveries(db: Db, applicationId: string, endpointId: string, limit = 50) {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, applicationId }, select: { id: true } });
  if (!endpoint) throw notFound("The webhook endpoint");
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true, eventId: true, organizationId: true, status: true, attempts: true, nextAttemptAt: true, lastStatusCode: true, createdAt: true, completedAt: true,
      event: { select: { type: true } },
      attemptsLog: { orderBy: { attempt: "asc" }, select: { attempt: true, statusCode: true, durationMs: true, responseExcerpt: true, error: true, attemptedAt: true } },
    },
  });
  return rows.map(({ event, attemptsLog, ...d }) => ({ ...d, eventType: event.type, log: attemptsLog }));
}

/**
 * Queues a finished delivery again, at once, with a fresh retry budget (its
 * log keeps every attempt). The event keeps its id, so a receiver that had
 * it already dedupes it. A pending delivery is already queued: 409.
 */
export async function replayDelivery(db: Db, actor: Actor, applicationId: string, deliveryId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, endpoint: { applicationId } },
      select: { id: true, status: true, eventId: true, endpointId: true },
    });
    if (!delivery) throw notFound("The delivery");
    if (delivery.status === "pending") throw new AppError("CONFLICT", { userMessage: "This delivery is already queued." });
    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "pending", tries: 0, nextAttemptAt: new Date(), completedAt: null }, select: { id: true } });
    await tx.$executeRaw`SELECT pg_notify('atrium_webhook_deliveries', '')`;
    await recordAudit(tx, actor, {
      action: "webhook.delivery_replay",
      organizationId: null,
      resource: { type: "webhook_delivery", id: deliveryId },
      details: { applicationId, endpointId: delivery.endpointId, eventId: delivery.eventId, previousStatus: delivery.status },
    });
  });
}
