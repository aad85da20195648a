/**
 * SSO identity links: an IdP's `(connection, subject)` — the OIDC `sub`, the
 * SAML NameID — tied to one Atrium account after its first sign-in.
 *
 * Contract (used by completeSsoLogin, inside its transaction):
 *  - a link for `(connection, subject)` decides the account; the e-mail the
 *    IdP sends on later sign-ins is not consulted, so an IdP account that
 *    comes to claim someone else's address cannot move into their account;
 *  - without a link, the (verified) e-mail finds or creates the account and
 *    the link is created, audited as `sso.identity_linked`;
 *  - an account holds at most one link per connection: when the e-mail leads
 *    to an account already linked to another subject of the same connection
 *    the sign-in is refused (`identity_conflict`), never re-linked silently.
 *    An admin resolves it by removing the link on the connection page (the
 *    next sign-in links afresh), by removing the member (which removes their
 *    links), or by fixing the IdP;
 *  - a SAML transient NameID is no stable subject: such sign-ins are matched
 *    by e-mail only and create no link.
 */
import { isUniqueViolation, type Db, type DbOrTx, type Tx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { notFound } from "../errors.ts";
import { getConnection } from "./connections.ts";
import { SsoLoginError } from "./login-error.ts";

export const TRANSIENT_NAMEID = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";

/** Whether a subject is stable enough to link (a SAML transient NameID changes on every sign-in). */
export const isStableSubject = (subjectFormat: string | undefined) => subjectFormat !== TRANSIENT_NAMEID;

/** The account linked to `(connection, subject)`, or null. */
export async function linkedUserId(db: DbOrTx, connectionId: string, subject: string): Promise<string | null> {
  const link = await db.ssoIdentity.findUnique({ where: { connectionId_subject: { connectionId, subject } }, select: { userId: true } });
  return link?.userId ?? null;
}

/** The subject another link of this connection holds for the account, or null. */
export async function otherLinkedSubject(db: DbOrTx, connectionId: string, userId: string, subject: string): Promise<string | null> {
  const link = await db.ssoIdentity.findUnique({ where: { connectionId_userId: { connectionId, userId } }, select: { subject: true } });
  return link && link.subject !== subject ? link.subject : null;
}

export const conflictError = (email: string, otherSubject: string) =>
  new SsoLoginError(
    "identity_conflict",
    `The account ${email} is already linked to another identity of this connection (subject ${otherSubject.slice(0, 200)}); ` +
      "a second identity claiming the same e-mail is refused. Remove the member's link on the connection page if the IdP account really changed.",
  );

/** Links `(connection, subject)` to the account, audited; refuses when the account holds another subject of the connection. */
export async function linkIdentity(
  tx: Tx,
  actor: Actor,
  link: { organizationId: string; connectionId: string; subject: string; userId: string; email: string },
): Promise<void> {
  const other = await otherLinkedSubject(tx, link.connectionId, link.userId, link.subject);
  if (other !== null) throw conflictError(link.email, other);
  try {
    await tx.ssoIdentity.create({
      data: { organizationId: link.organizationId, connectionId: link.connectionId, subject: link.subject, userId: link.userId },
      select: { id: true },
    });
  } catch (error) {
    // A concurrent first sign-in of the same subject (or another one for the same account) won the race.
    if (isUniqueViolation(error)) throw new SsoLoginError("identity_conflict", "Another sign-in linked this identity or account at the same moment; try again.");
    throw error;
  }
  await recordAudit(tx, actor, {
    action: "sso.identity_linked",
    organizationId: link.organizationId,
    resource: { type: "user", id: link.userId },
    details: { connectionId: link.connectionId, subject: link.subject.slice(0, 1024) },
  });
}

/** Marks a link used by a sign-in. */
export async function touchIdentity(tx: Tx, connectionId: string, subject: string): Promise<void> {
  await tx.ssoIdentity.update({ where: { connectionId_subject: { connectionId, subject } }, data: { lastLoginAt: new Date() }, select: { id: true } });
}

/** Removes a user's links to the organization's connections (when the member is removed); returns how many. */
export async function unlinkMemberIdentities(tx: Tx, organizationId: string, userId: string): Promise<number> {
  const { count } = await tx.ssoIdentity.deleteMany({ where: { organizationId, userId } });
  return count;
}

export interface IdentityRow {
  id: string;
  subject: string;
  user: { id: string; email: string; name: string };
  createdAt: Date;
  lastLoginAt: Date;
}

/** A connection's links, most recently used first (at most `limit`). NOT_FOUND for another organization's connection. */
export async function listIdentities(db: DbOrTx, organizationId: string, connectionId: string, limit = 200): Promise<IdentityRow[]> {
  await getConnection(db, organizationId, connectionId);
  const rows = await db.ssoIdentity.findMany({
    where: { organizationId, connectionId },
    select: { id: true, subject: true, userId: true, createdAt: true, lastLoginAt: true },
    orderBy: [{ lastLoginAt: "desc" }, { id: "asc" }],
    take: limit,
  });
  const users = await db.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } }, select: { id: true, email: true, name: true } });
  return rows.map(({ userId, ...row }) => ({ ...row, user: users.find((u) => u.id === userId)! }));
}

/** Removes one link (audited `sso.identity_unlinked`): the subject's next sign-in is matched by its verified e-mail again and linked afresh. */
export async function removeIdentity(db: Db, actor: Actor, organizationId: string, connectionId: string, identityId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const link = await tx.ssoIdentity.findFirst({ where: { id: identityId, organizationId, connectionId }, select: { id: true, subject: true, userId: true } });
    if (!link) throw notFound("The linked identity");
    await tx.ssoIdentity.delete({ where: { id: link.id }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.identity_unlinked",
      organizationId,
      resource: { type: "user", id: link.userId },
      details: { connectionId, subject: link.subject.slice(0, 1024) },
    });
  });
}
