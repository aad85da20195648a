/**
 * An application's webhook endpoints, managed by platform staff (super
 * admins; staff read). The signing secret (`whsec_` + base64 of 24 random
 * bytes, the Standard Webhooks form) is returned by create and rotate, and
 * revealed on request — each reveal audited; it is stored SecretBox-sealed.
 * Rotation may keep the previous secret signing beside the new one for an
 * overlap, so receivers can switch without rejecting a delivery (Standard
 * Webhooks sends several signatures in one header). Every change is audited
 * on the platform log in its transaction.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Db, Prisma, Tx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { checkWebhookUrl } from "../audit/alerts.ts";
import { AppError, notFound } from "../errors.ts";
import { secrets } from "../secrets/box.ts";
import type { EventType } from "./catalogue.ts";

export interface EndpointInput {
  url: string;
  description: string;
  /** Empty: every type. */
  eventTypes: EventType[];
  enabled: boolean;
}

const secretContext = (endpointId: string) => `webhook_endpoints.secret:${endpointId}`;
const previousContext = (endpointId: string) => `webhook_endpoints.previous_secret:${endpointId}`;

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

const ENDPOINT = { id: true, applicationId: true, url: true, description: true, eventTypes: true, enabled: true, previousSecretExpiresAt: true, createdAt: true, updatedAt: true } as const;

/** The secrets that sign a delivery now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(endpoint: { id: string; secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }, now = new Date()): string[] {
  const current = secrets().decrypt(endpoint.secret, secretContext(endpoint.id));
  const previousLive = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return previousLive ? [current, secrets().decrypt(endpoint.previousSecret!, previousContext(endpoint.id))] : [current];
}

export async function listEndpoints(db: Db, applicationId: string) {
  const app = await db.application.findUnique({ where: { id: applicationId }, select: { id: true } });
  if (!app) throw notFound("The application");
  const rows = await db.webhookEndpoint.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" }, select: ENDPOINT });
  const pending = await db.webhookDelivery.groupBy({ by: ["endpointId"], where: { endpointId: { in: rows.map((r) => r.id) }, status: "pending" }, _count: true });
  return rows.map((r) => ({ ...r, pendingDeliveries: pending.find((p) => p.endpointId === r.id)?._count ?? 0 }));
}

async function endpointOf(tx: Tx, applicationId: string, endpointId: string) {
  const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: endpointId, applicationId }, select: { ...ENDPOINT, secret: true, previousSecret: true } });
  if (!endpoint) throw notFound("The webhook endpoint");
  return endpoint;
}

async function liveApplication(tx: Tx, applicationId: string) {
  const app = await tx.application.findUnique({ where: { id: applicationId }, select: { archivedAt: true } });
  if (!app) throw notFound("The application");
  if (app.archivedAt) throw new AppError("CONFLICT", { userMessage: "This application is archived." });
}

export async function createEndpoint(db: Db, actor: Actor, applicationId: string, input: EndpointInput): Promise<{ id: string; secret: string }> {
  checkWebhookUrl(input.url);
  return db.$transaction(async (tx) => {
    await liveApplication(tx, applicationId);
    const secret = newWebhookSecret();
    const id = randomUUID();
    await tx.webhookEndpoint.create({ data: { id, applicationId, ...input, secret: secrets().encrypt(secret, secretContext(id)) }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "webhook.endpoint_create",
      organizationId: null,
      resource: { type: "webhook_endpoint", id },
      details: { applicationId, ...input },
    });
    return { id, secret };
  });
}

/** Changes the fields given; the audit event lists each change with its before and after. */
export async function updateEndpoint(db: Db, actor: Actor, applicationId: string, endpointId: string, patch: Partial<EndpointInput>): Promise<void> {
  if (patch.url !== undefined) checkWebhookUrl(patch.url);
  const input = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<EndpointInput>;
  await db.$transaction(async (tx) => {
    await liveApplication(tx, applicationId);
    const before = await endpointOf(tx, applicationId, endpointId);
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { ...input, updatedAt: new Date() }, select: { id: true } });
    const changed = Object.fromEntries(
      (Object.keys(input) as (keyof EndpointInput)[])
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]))
        .map((k) => [k, { before: before[k], after: input[k] }]),
    ) as Prisma.InputJsonObject;
    await recordAudit(tx, actor, { action: "webhook.endpoint_update", organizationId: null, resource: { type: "webhook_endpoint", id: endpointId }, details: { applicationId, changed } });
  });
}

/** A new secret, returned once; the previous one keeps signing beside it for `previousExpiresInSeconds` (0: stops at once). */
export async function rotateEndpointSecret(
  db: Db,
  actor: Actor,
  applicationId: string,
  endpointId: string,
  previousExpiresInSeconds: number,
): Promise<{ secret: string; previousSecretExpiresAt: Date | null }> {
  return db.$transaction(async (tx) => {
    await liveApplication(tx, applicationId);
    const endpoint = await endpointOf(tx, applicationId, endpointId);
    const secret = newWebhookSecret();
    const previous = secrets().decrypt(endpoint.secret, secretContext(endpointId));
    const until = previousExpiresInSeconds > 0 ? new Date(Date.now() + previousExpiresInSeconds * 1000) : null;
    await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: {
        secret: secrets().encrypt(secret, secretContext(endpointId)),
        previousSecret: until ? secrets().encrypt(previous, previousContext(endpointId)) : null,
        previousSecretExpiresAt: until,
        updatedAt: new Date(),
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "webhook.secret_rotate",
      organizationId: null,
      resource: { type: "webhook_endpoint", id: endpointId },
      details: { applicationId, previousExpiresAt: until?.toISOString() ?? null },
    });
    return { secret, previousSecretExpiresAt: until };
  });
}

/** The current secret, for a super admin; the reveal is audited. */
export async function revealEndpointSecret(db: Db, actor: Actor, applicationId: string, endpointId: string): Promise<{ secret: string }> {
  return db.$transaction(async (tx) => {
    const endpoint = await endpointOf(tx, applicationId, endpointId);
    await recordAudit(tx, actor, { action: "webhook.secret_reveal", organizationId: null, resource: { type: "webhook_endpoint", id: endpointId }, details: { applicationId } });
    return { secret: secrets().decrypt(endpoint.secret, secretContext(endpointId)) };
  });
}
