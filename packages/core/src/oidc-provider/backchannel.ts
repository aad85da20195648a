/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0) when Atrium
 * ends a person's sessions: SCIM deactivation, removal from an organization,
 * "sign out everywhere".
 *
 * The path that ends the sessions calls `requestBackchannelLogout` inside its
 * own transaction, so the request exists exactly when the change commits
 * (a trigger wakes the worker). The worker's oidc-backchannel-logout job then
 * runs `processBackchannelLogouts`: for every application where the person
 * has an OpenID Provider session — only those signed in for that
 * organization, for a removal — it POSTs a logout token (signed by the
 * provider: `sub`, `sid`, the back-channel `events` claim) to the
 * application's backchannel_logout_uri, and revokes the grants (refresh and
 * access tokens) there. The grants and their tokens are deleted before the
 * first logout token is sent, so an application that calls back on receipt
 * (a refresh, an introspection) is already refused; the sessions, which say
 * whom to notify, go last, so a run cut short is taken up again and notifies.
 * One audit event per request, with the applications reached and those whose
 * receiver failed; the grants are revoked either way, and a failed delivery
 * is retried with backoff (backchannel-retry.ts).
 */
import type { Db, SqlClient } from "@atrium/db";
import type Provider from "oidc-provider";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { retryFailedDeliveries, scheduleRetry, type BackchannelClient } from "./backchannel-retry.ts";

export type LogoutReason = "scim_deactivated" | "member_removed" | "signed_out_everywhere";

export async function requestBackchannelLogout(tx: SqlClient, userId: string, reason: LogoutReason, organizationId: string | null = null): Promise<void> {
  await tx.$executeRaw`INSERT INTO oidc_logout_requests (user_id, reason, organization_id) VALUES (${userId}::uuid, ${reason}, ${organizationId}::uuid)`;
}

interface SessionRow {
  id: string;
  payload: { authorizations?: Record<string, { sid?: string; grantId?: string }> };
}

interface PendingRow {
  id: string;
  userId: string;
  reason: string;
  organizationId: string | null;
}

export interface BackchannelResult {
  requests: number;
  notified: number;
  failed: number;
}

/** Handles pending requests (oldest first, at most `limit`); safe to run again (a request is marked done last). */
export async function processBackchannelLogouts(db: Db, provider: Provider, limit = 50): Promise<BackchannelResult> {
  const pending: PendingRow[] = await db.oidcLogoutRequest.findMany({
    where: { processedAt: null },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, userId: true, reason: true, organizationId: true },
  });
  const result: BackchannelResult = { requests: pending.length, notified: 0, failed: 0 };
  for (const request of pending) {
    const outcome = await logOut(db, provider, request);
    result.notified += outcome.notified.length;
    result.failed += outcome.failed.length;
  }
  const retried = await retryFailedDeliveries(db, provider);
  result.notified += retried.notified;
  return result;
}

async function logOut(db: Db, provider: Provider, request: PendingRow): Promise<{ notified: string[]; failed: string[] }> {
  const sessions = await db.$queryRaw<SessionRow[]>`
    SELECT id, payload FROM oidc_provider_records WHERE model = 'Session' AND account_id = ${request.userId}`;
  // A removal from one organization ends only the sign-ins made for it; the other reasons end all of them.
  const inOrganization = request.reason === "member_removed" && request.organizationId
    ? new Set(
        (
          await db.$queryRaw<{ id: string }[]>`
            SELECT id FROM oidc_provider_records WHERE model = 'AtriumGrantOrganization' AND payload->>'organizationId' = ${request.organizationId}`
        ).map((r) => r.id),
      )
    : null;
  const notices: { clientId: string; sid: string }[] = [];
  const grantIds = new Set<string>();
  for (const session of sessions) {
    for (const [clientId, authorization] of Object.entries(session.payload.authorizations ?? {})) {
      if (!authorization.grantId) continue;
      if (inOrganization && !inOrganization.has(authorization.grantId)) continue;
      grantIds.add(authorization.grantId);
      notices.push({ clientId, sid: authorization.sid ?? "" });
    }
  }
  const ids = [...grantIds];
  // Revoked first: the grants, their tokens and organizations (every token carries its grant id).
  await db.$executeRaw`DELETE FROM oidc_provider_records WHERE grant_id = ANY (${ids}::text[]) OR (model = 'Grant' AND id = ANY (${ids}::text[]))`;

  const notified: string[] = [];
  const failed: string[] = [];
  const retries: { clientId: string; sid: string }[] = [];
  for (const notice of notices) {
    const client = (await provider.Client.find(notice.clientId)) as BackchannelClient | undefined;
    if (!client?.backchannelLogoutUri) continue;
    try {
      await client.backchannelLogout(request.userId, notice.sid);
      notified.push(notice.clientId);
    } catch {
      failed.push(notice.clientId);
      retries.push(notice);
    }
  }
  await db.$transaction(async (tx) => {
    if (!inOrganization) {
      // Everything else of the person: sessions, and grants or tokens no session pointed at (they carry the account id).
      await tx.$executeRaw`
        DELETE FROM oidc_provider_records WHERE account_id = ${request.userId}
           OR grant_id IN (SELECT id FROM oidc_provider_records WHERE model = 'Grant' AND account_id = ${request.userId})`;
    }
    for (const retry of retries) await scheduleRetry(tx, { ...retry, sub: request.userId, organizationId: request.organizationId });
    await tx.oidcLogoutRequest.update({ where: { id: request.id }, data: { processedAt: new Date(), attempts: { increment: 1 } } });
    await recordAudit(tx, systemActor("oidc-backchannel-logout"), {
      action: "oidc.backchannel_logout",
      organizationId: request.organizationId,
      resource: { type: "user", id: request.userId },
      details: { reason: request.reason, grantsRevoked: grantIds.size, applicationsNotified: notified, applicationsFailed: failed },
    });
  });
  return { notified, failed };
}
