/**
 * Data-subject requests (GDPR) for one person within one organization:
 * everything held about them as JSON, and erasure that pseudonymizes their
 * personal data in the audit events that retention still keeps and in the
 * organization's events (GET /v1/events, and so the webhooks not yet sent).
 * Erasure does not break the hash chain: audit events commit to personal data
 * through a salted digest (see the audit_events migration), and erasure drops
 * the salt.
 */
import type { Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { sha256Hex } from "../crypto.ts";
import { AppError, notFound } from "../errors.ts";

/** A stable stand-in for an erased person, so an auditor can still tell their events apart. */
export const pseudonymFor = (organizationId: string, userId: string) => `erased-${sha256Hex(`${organizationId}:${userId}`).slice(0, 12)}`;

async function subject(db: Db, organizationId: string, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, createdAt: true, lastLoginAt: true } });
  const related =
    user &&
    ((await db.membership.count({ where: { organizationId, userId } })) > 0 ||
      (await db.auditEvent.count({ where: { organizationId, OR: [{ actorId: userId }, { resourceId: userId }] } })) > 0);
  if (!user || !related) throw notFound("The person");
  return user;
}

export async function exportPersonalData(db: Db, actor: Actor, organizationId: string, userId: string) {
  const user = await subject(db, organizationId, userId);
  const [membership, groups, grants, invitations, events] = await Promise.all([
    db.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { role: true, status: true, attributes: true, createdAt: true, customRole: { select: { name: true } } },
    }),
    db.groupMember.findMany({ where: { userId, group: { organizationId } }, select: { group: { select: { name: true } }, createdAt: true } }),
    db.resourceGrant.findMany({ where: { organizationId, subjectType: "user", subjectId: userId }, select: { resourceType: true, resourceId: true, permissions: true, expiresAt: true } }),
    db.invitation.findMany({ where: { organizationId, email: user.email }, select: { status: true, createdAt: true, expiresAt: true } }),
    db.auditEvent.findMany({
      where: { organizationId, OR: [{ actorId: userId }, { resourceId: userId }] },
      orderBy: { seq: "asc" },
      select: { occurredAt: true, action: true, status: true, actorLabel: true, ip: true, userAgent: true, resourceType: true, resourceId: true, details: true, personal: true },
    }),
  ]);
  await recordAudit(db, actor, {
    action: "privacy.export",
    organizationId,
    resource: { type: "user", id: userId },
    details: { auditEvents: events.length },
  });
  return {
    exportedAt: new Date().toISOString(),
    organizationId,
    person: user,
    membership,
    groups: groups.map((g) => ({ name: g.group.name, since: g.createdAt })),
    grants,
    invitations,
    auditEvents: events,
  };
}

/**
 * Pseudonymizes the person's personal data in this organization's audit
 * events: as actor (label, IP, user agent) and as subject (the event's
 * personal data); and in its product events about them (`email`, `name` in
 * the data of events naming their user id or e-mail address) — the pseudonym
 * replaces them, so a product still tells the events apart. Only for someone
 * who is no longer a member.
 */
export async function erasePersonalData(db: Db, actor: Actor, organizationId: string, userId: string): Promise<{ events: number }> {
  const user = await subject(db, organizationId, userId);
  const member = await db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { status: true } });
  if (member) throw new AppError("CONFLICT", { userMessage: "Remove this person from the organization before erasing their personal data." });
  const pseudonym = pseudonymFor(organizationId, userId);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL atrium.audit_erasure = 'on'`;
    const asActor = await tx.$executeRaw`
      UPDATE audit_events
         SET actor_label = ${pseudonym}, ip = NULL, user_agent = NULL,
             personal = CASE WHEN resource_id = ${userId} OR personal::text ILIKE ${`%${user.email}%`} THEN '{}'::jsonb ELSE personal END,
             pii_salt = NULL, pii_erased_at = now()
       WHERE organization_id = ${organizationId}::uuid AND actor_id = ${userId}`;
    const asSubject = await tx.$executeRaw`
      UPDATE audit_events
         SET personal = '{}'::jsonb, pii_salt = NULL, pii_erased_at = now()
       WHERE organization_id = ${organizationId}::uuid AND actor_id IS DISTINCT FROM ${userId}
         AND (resource_id = ${userId} OR personal::text ILIKE ${`%${user.email}%`} OR actor_label = ${user.email})`;
    await tx.$executeRaw`SET LOCAL atrium.event_erasure = 'on'`;
    const productEvents = await tx.$executeRaw`
      UPDATE events
         SET data = data
                    || CASE WHEN data ? 'email' THEN jsonb_build_object('email', ${pseudonym}::text) ELSE '{}'::jsonb END
                    || CASE WHEN data ? 'name' THEN jsonb_build_object('name', ${pseudonym}::text) ELSE '{}'::jsonb END
       WHERE organization_id = ${organizationId}::uuid
         AND (data ? 'email' OR data ? 'name')
         AND (data->>'userId' = ${userId} OR lower(data->>'email') = lower(${user.email}))`;
    await recordAudit(tx, actor, {
      action: "privacy.erase",
      organizationId,
      resource: { type: "user", id: userId },
      details: { pseudonym, eventsAsActor: asActor, eventsAsSubject: asSubject, productEvents },
    });
    return { events: asActor + asSubject };
  });
}
