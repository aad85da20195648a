/**
 * Where a sign-in is recorded. A sign-in of a member — by password, by
 * password and second factor, or by a device token — and each refusal of a
 * known account (with its reason) is one `auth.login` event in the log of
 * every organization it concerns, plus one on the platform log (organization
 * null), which holds every attempt, unknown e-mail addresses included. A
 * tenant's log and its hash chain are per organization, so each organization
 * gets its own event rather than a shared one.
 *
 * The organizations it concerns: those where the account has an active
 * membership (a device token: the one organization it was approved for).
 * SSO sign-ins are recorded by sso/sign-in.ts as `sso.login` on the
 * connection's organization; the compliance report counts both actions.
 *
 * All events of one sign-in are appended in one statement by the batch
 * writer, which takes the chain heads' locks in one order (the platform's
 * first, then by organization id). A transaction that writes other audit
 * events to an organization must put them in the same batch (`also`) or
 * write them after it, never before, so two sign-ins cannot deadlock.
 */
import type { DbOrTx, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAuditBatch, type AuditEntry } from "../audit/writer.ts";

/** The organizations where the account is an active member (none for an unknown account). */
export async function signInOrganizations(db: DbOrTx, userId: string | null): Promise<string[]> {
  if (!userId) return [];
  const rows = await db.membership.findMany({
    where: { userId, status: "active", organization: { deletedAt: null } },
    select: { organizationId: true },
    orderBy: { organizationId: "asc" },
  });
  return rows.map((r) => r.organizationId);
}

export interface SignInEvent {
  /** The account signing in; null when the e-mail matches none (platform log only). */
  userId: string | null;
  status: "success" | "denied";
  /** `method` (password, device), `mfa`, and for a refusal its `reason`. */
  details: Prisma.InputJsonObject;
  /** The organizations concerned, when not the account's active memberships (a device token's one organization). */
  organizationIds?: readonly string[];
  /** Organizations whose log already holds this refusal (SSO enforcement records it on the domain's organization). */
  alreadyRecordedIn?: string | null;
  /** Other events of the same transaction, appended in the same batch (see the lock order above). */
  also?: readonly AuditEntry[];
}

/** Appends the sign-in's events: the platform's, then one per organization concerned. */
export async function recordSignIn(db: DbOrTx, actor: Actor, event: SignInEvent): Promise<void> {
  const organizations = event.organizationIds ?? (await signInOrganizations(db, event.userId));
  const entry = (organizationId: string | null): AuditEntry => ({
    action: "auth.login",
    organizationId,
    status: event.status,
    resource: { type: "user", id: event.userId },
    details: event.details,
  });
  const orgEntries = [...new Set(organizations)].filter((id) => id !== event.alreadyRecordedIn).map(entry);
  await recordAuditBatch(db, actor, [entry(null), ...(event.also ?? []), ...orgEntries]);
}
