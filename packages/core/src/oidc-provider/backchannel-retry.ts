/**
 * Retries of back-channel logout deliveries that failed (the application's
 * endpoint down or answering other than 200/204). The person's grants are
 * already revoked; what is retried is telling the application, so it ends its
 * own session. Each failed delivery is kept beside the provider's records
 * (model `AtriumPendingLogout`, no account id, so a later logout of the same
 * person does not erase it) with its attempt count and next time: 30 s,
 * 1 min, 2 min … up to MAX_ATTEMPTS, then dropped with an audited error.
 * The oidc-backchannel-logout job (every minute) runs the due ones.
 */
import { randomUUID } from "node:crypto";
import type { Db, DbOrTx } from "@atrium/db";
import type Provider from "oidc-provider";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";

const MODEL = "AtriumPendingLogout";
export const MAX_ATTEMPTS = 8;

/** The part of oidc-provider's Client back-channel logout uses (its typings leave backchannelLogout out). */
export interface BackchannelClient {
  backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string): Promise<void>;
}

interface Delivery {
  clientId: string;
  sub: string;
  sid: string;
  organizationId: string | null;
  attempts: number;
  nextAt: string;
}

const backoffMs = (attempts: number) => 30_000 * 2 ** (attempts - 1);

export async function scheduleRetry(tx: DbOrTx, delivery: Omit<Delivery, "attempts" | "nextAt">): Promise<void> {
  const payload: Delivery = { ...delivery, attempts: 1, nextAt: new Date(Date.now() + backoffMs(1)).toISOString() };
  await tx.$executeRaw`
    INSERT INTO oidc_provider_records (model, id, payload, expires_at)
    VALUES (${MODEL}, ${randomUUID()}, ${JSON.stringify(payload)}::jsonb, now() + interval '1 day')`;
}

/**
 * How long a claimed delivery stays out of other runs' sight. Far longer than a delivery
 * takes (oidc-provider's request timeout is seconds); a run that dies mid-delivery leaves
 * the delivery due again once it passes.
 */
const CLAIM_MS = 10 * 60_000;

/**
 * Runs the due retries; returns how many reached their application. Each due delivery is
 * claimed before it is tried, in one statement (`FOR UPDATE SKIP LOCKED`, its next time moved
 * past the claim), so two runs at once — the minute schedule and a wake-up, two workers —
 * never deliver the same logout twice.
 */
export async function retryFailedDeliveries(db: Db, provider: Provider, now = new Date()): Promise<{ notified: number }> {
  const claimedUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
  const due = await db.$queryRaw<{ id: string; payload: Delivery }[]>`
    WITH due AS (
      SELECT id FROM oidc_provider_records
       WHERE model = ${MODEL} AND (payload->>'nextAt')::timestamptz <= ${now}
       ORDER BY (payload->>'nextAt')::timestamptz LIMIT 100
         FOR UPDATE SKIP LOCKED)
    UPDATE oidc_provider_records r SET payload = jsonb_set(r.payload, '{nextAt}', to_jsonb(${claimedUntil}::text))
      FROM due WHERE r.model = ${MODEL} AND r.id = due.id
    RETURNING r.id, r.payload`;
  let notified = 0;
  for (const { id, payload } of due) {
    const client = (await provider.Client.find(payload.clientId)) as BackchannelClient | undefined;
    let delivered = false;
    if (client?.backchannelLogoutUri) {
      delivered = await client.backchannelLogout(payload.sub, payload.sid).then(() => true, () => false);
    }
    const attempts = payload.attempts + 1;
    const final = delivered || !client?.backchannelLogoutUri || attempts >= MAX_ATTEMPTS;
    await db.$transaction(async (tx) => {
      if (!final) {
        const next = { ...payload, attempts, nextAt: new Date(now.getTime() + backoffMs(attempts)).toISOString() };
        await tx.$executeRaw`UPDATE oidc_provider_records SET payload = ${JSON.stringify(next)}::jsonb WHERE model = ${MODEL} AND id = ${id}`;
        return;
      }
      await tx.$executeRaw`DELETE FROM oidc_provider_records WHERE model = ${MODEL} AND id = ${id}`;
      await recordAudit(tx, systemActor("oidc-backchannel-logout"), {
        action: "oidc.backchannel_logout",
        organizationId: payload.organizationId,
        status: delivered ? "success" : "error",
        resource: { type: "user", id: payload.sub },
        details: { retry: true, attempts, ...(delivered ? { applicationsNotified: [payload.clientId] } : { applicationsFailed: [payload.clientId] }) },
      });
    });
    if (delivered) notified++;
  }
  return { notified };
}
