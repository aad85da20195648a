/**
 * MFA as people manage it: their own factor (enrol, regenerate recovery
 * codes, turn off) and, for admins, members' MFA (list, reset). Every change
 * is audited; a member's reset goes on the organization's log.
 */
import type { Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import type { OrgAccess } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { confirmEnrollment, consumeCode, removeFactor, replaceRecoveryCodes } from "./factor.ts";
import { mfaRequiredFor } from "./policy.ts";

const userIdOf = (actor: Actor) => (actor.type === "user" || actor.type === "staff" ? actor.userId : null);

/** Confirms the signed-in user's new factor; the current session counts as MFA-verified from now. */
export async function confirmMyEnrollment(db: Db, actor: Actor, sessionId: string, code: string): Promise<string[]> {
  const userId = userIdOf(actor)!;
  return db.$transaction(async (tx) => {
    const codes = await confirmEnrollment(tx, userId, code);
    await tx.session.update({ where: { id: sessionId }, data: { mfaVerifiedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, { action: "mfa.enroll", organizationId: null, resource: { type: "user", id: userId }, details: { via: "settings" } });
    return codes;
  });
}

async function assertCode(db: Db, actor: Actor, userId: string, code: string, operation: string): Promise<void> {
  const check = await db.$transaction((tx) => consumeCode(tx, userId, code));
  if (check.ok) return;
  await recordAudit(db, actor, {
    action: "mfa.verify",
    organizationId: null,
    status: "denied",
    resource: { type: "user", id: userId },
    details: { reason: check.reason, operation },
  });
  throw new AppError("BAD_REQUEST", { userMessage: "That code is not valid." });
}

export async function regenerateMyRecoveryCodes(db: Db, actor: Actor, code: string): Promise<string[]> {
  const userId = userIdOf(actor)!;
  await assertCode(db, actor, userId, code, "regenerate_recovery_codes");
  return db.$transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, userId);
    await recordAudit(tx, actor, { action: "mfa.recovery_codes_regenerate", organizationId: null, resource: { type: "user", id: userId } });
    return codes;
  });
}

/** Turns the signed-in user's MFA off (a current code is required); refused while an organization requires it. */
export async function disableMyMfa(db: Db, actor: Actor, code: string): Promise<void> {
  const userId = userIdOf(actor)!;
  if (await mfaRequiredFor(db, userId)) {
    throw new AppError("CONFLICT", { userMessage: "An organization you belong to requires two-factor authentication, so it cannot be turned off." });
  }
  await assertCode(db, actor, userId, code, "disable");
  await db.$transaction(async (tx) => {
    await removeFactor(tx, userId);
    await tx.session.updateMany({ where: { userId }, data: { mfaVerifiedAt: null } });
    await recordAudit(tx, actor, { action: "mfa.disable", organizationId: null, resource: { type: "user", id: userId } });
  });
}

export interface MemberMfaRow {
  userId: string;
  email: string;
  name: string;
  role: string;
  mfaEnabled: boolean;
  enabledAt: Date | null;
}

/** The organization's members with their MFA state. */
export async function listMemberMfa(db: Db, organizationId: string): Promise<MemberMfaRow[]> {
  return db.$queryRaw<MemberMfaRow[]>`
    SELECT u.id::text AS "userId", u.email::text AS email, u.name, coalesce(r.name, m.role::text) AS role,
           t.confirmed_at IS NOT NULL AS "mfaEnabled", t.confirmed_at AS "enabledAt"
      FROM memberships m
      JOIN users u ON u.id = m.user_id
      LEFT JOIN roles r ON r.id = m.custom_role_id
      LEFT JOIN user_totp t ON t.user_id = u.id
     WHERE m.organization_id = ${organizationId}::uuid
     ORDER BY u.email`;
}

/**
 * The target's membership in the acting admin's organization (NOT_FOUND
 * otherwise, so other tenants' users are not revealed); an owner's security is
 * changed only by an owner.
 */
export async function memberForSecurityChange(db: Db, access: OrgAccess, userId: string): Promise<{ email: string }> {
  const member = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: access.organization.id, userId } },
    select: { role: true, user: { select: { email: true } } },
  });
  if (!member) throw notFound("The member");
  const actorIsOwner = access.role !== null && !access.role.custom && access.role.key === "owner";
  if (member.role === "owner" && !actorIsOwner) throw new AppError("FORBIDDEN", { userMessage: "Only an owner can change an owner's sign-in security." });
  return { email: member.user.email };
}

/** An admin removes a member's factor and recovery codes; the member enrols again at the next login if required. */
export async function resetMemberMfa(db: Db, actor: Actor, access: OrgAccess, userId: string): Promise<void> {
  const member = await memberForSecurityChange(db, access, userId);
  await db.$transaction(async (tx) => {
    const hadFactor = await removeFactor(tx, userId);
    if (!hadFactor) throw new AppError("CONFLICT", { userMessage: "This member has no two-factor authentication to reset." });
    await tx.session.updateMany({ where: { userId }, data: { mfaVerifiedAt: null } });
    await recordAudit(tx, actor, {
      action: "mfa.reset",
      organizationId: access.organization.id,
      resource: { type: "user", id: userId },
      personal: { email: member.email },
    });
  });
}
