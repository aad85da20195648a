/**
 * Invitations by e-mail. The token travels only in the e-mail's link; the
 * database keeps its SHA-256. Resending issues a new token (the old link stops
 * working); accepting needs the invited address, either signed in as it or
 * by creating the account.
 */
import { isUniqueViolation, type Db, type InvitationStatus, type Prisma, type Tx } from "@atrium/db";
import type { Actor, RequestMeta } from "../actor.ts";
import { actorForUser } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { hashPassword } from "../auth/password.ts";
import { createSession, type SessionUser } from "../auth/sessions.ts";
import { randomToken, sha256Hex } from "../crypto.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { invitationEmail } from "../email/templates.ts";
import { AppError, notFound } from "../errors.ts";
import type { Changer } from "../members/service.ts";
import { assertMayAssign } from "../members/rules.ts";
import { roleRefOf, type RoleRef } from "../roles/ref.ts";
import { resolveRole } from "../roles/service.ts";
import { emitEvent } from "../events/emit.ts";

export const INVITATION_LIFETIME_MS = 7 * 24 * 3600_000;

export interface Links {
  /** Where users reach Atrium, e.g. https://atrium.example.com */
  publicUrl: string;
}

export const acceptUrl = (links: Links, token: string) => `${links.publicUrl}/admin/invitations/${token}`;

export interface InvitationRow {
  id: string;
  email: string;
  role: RoleRef;
  status: InvitationStatus | "expired";
  invitedBy: string | null;
  expiresAt: Date;
  sentCount: number;
  lastSentAt: Date;
  createdAt: Date;
}

const displayStatus = (status: InvitationStatus, expiresAt: Date): InvitationRow["status"] =>
  status === "pending" && expiresAt <= new Date() ? "expired" : status;

export async function listInvitations(db: Db, organizationId: string, status?: InvitationStatus): Promise<InvitationRow[]> {
  const rows = await db.invitation.findMany({
    where: { organizationId, ...(status ? { status } : {}) },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: {
      id: true,
      email: true,
      role: true,
      status: true,
      expiresAt: true,
      sentCount: true,
      lastSentAt: true,
      createdAt: true,
      customRole: { select: { id: true, name: true } },
      invitedBy: { select: { name: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: roleRefOf(r.role, r.customRole),
    status: displayStatus(r.status, r.expiresAt),
    invitedBy: r.invitedBy?.name ?? null,
    expiresAt: r.expiresAt,
    sentCount: r.sentCount,
    lastSentAt: r.lastSentAt,
    createdAt: r.createdAt,
  }));
}

async function sendInvitation(tx: Tx, by: Changer, links: Links, invitation: { email: string; token: string; roleName: string; expiresAt: Date }) {
  const inviter = by.actor.type === "user" || by.actor.type === "staff"
    ? await tx.user.findUnique({ where: { id: by.actor.userId }, select: { name: true } })
    : null;
  await enqueueEmail(tx, {
    to: invitation.email,
    organizationId: by.access.organization.id,
    ...invitationEmail({
      organizationName: by.access.organization.name,
      inviterName: inviter?.name ?? null,
      roleName: invitation.roleName,
      acceptUrl: acceptUrl(links, invitation.token),
      expiresAt: invitation.expiresAt,
    }),
  });
}

export async function inviteMember(db: Db, by: Changer, links: Links, input: { email: string; roleKey: string }): Promise<{ id: string }> {
  const orgId = by.access.organization.id;
  const email = input.email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const target = await resolveRole(tx, orgId, input.roleKey);
    if (target.ref.custom && !by.permissions.has("roles:assign")) {
      throw new AppError("FORBIDDEN", { userMessage: "You do not have permission to give custom roles (roles:assign)." });
    }
    assertMayAssign(by.access.role && !by.access.role.custom ? (by.access.role.key as never) : null, by.permissions, target.role);
    const existing = await tx.membership.findFirst({ where: { organizationId: orgId, user: { email } }, select: { status: true } });
    if (existing) {
      throw new AppError("CONFLICT", {
        userMessage: existing.status === "active" ? `${email} is already a member.` : `${email} is a deactivated member; reactivate them instead.`,
      });
    }
    // A pending invitation past its expiry no longer blocks a new one.
    await tx.invitation.updateMany({
      where: { organizationId: orgId, email, status: "pending", expiresAt: { lte: new Date() } },
      data: { status: "revoked", respondedAt: new Date() },
    });
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
    let invitation: { id: string };
    try {
      invitation = await tx.invitation.create({
        data: { organizationId: orgId, email, ...target.columns, tokenHash: sha256Hex(token), invitedById: inviterId(by.actor), expiresAt },
        select: { id: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError("CONFLICT", { userMessage: `${email} already has a pending invitation; resend it instead.`, cause: error });
      }
      throw error;
    }
    await sendInvitation(tx, by, links, { email, token, roleName: target.ref.name, expiresAt });
    await recordAudit(tx, by.actor, {
      action: "invitation.create",
      organizationId: orgId,
      resource: { type: "invitation", id: invitation.id },
      details: { role: target.ref as unknown as Prisma.InputJsonObject, expiresAt: expiresAt.toISOString() },
      personal: { email },
    });
    return invitation;
  });
}

const inviterId = (actor: Actor) => (actor.type === "user" || actor.type === "staff" ? actor.userId : null);

async function pendingInvitation(tx: Tx, organizationId: string, invitationId: string) {
  const invitation = await tx.invitation.findFirst({
    where: { id: invitationId, organizationId },
    select: { id: true, email: true, status: true, role: true, customRole: { select: { id: true, name: true } } },
  });
  if (!invitation) throw notFound("The invitation");
  if (invitation.status !== "pending") throw new AppError("CONFLICT", { userMessage: `The invitation was already ${invitation.status}.` });
  return invitation;
}

export async function resendInvitation(db: Db, by: Changer, links: Links, invitationId: string): Promise<void> {
  const orgId = by.access.organization.id;
  await db.$transaction(async (tx) => {
    const invitation = await pendingInvitation(tx, orgId, invitationId);
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
    await tx.invitation.update({
      where: { id: invitation.id },
      data: { tokenHash: sha256Hex(token), expiresAt, sentCount: { increment: 1 }, lastSentAt: new Date() },
      select: { id: true },
    });
    await sendInvitation(tx, by, links, { email: invitation.email, token, roleName: roleRefOf(invitation.role, invitation.customRole).name, expiresAt });
    await recordAudit(tx, by.actor, {
      action: "invitation.resend",
      organizationId: orgId,
      resource: { type: "invitation", id: invitation.id },
      details: { expiresAt: expiresAt.toISOString() },
      personal: { email: invitation.email },
    });
  });
}

export async function revokeInvitation(db: Db, by: Changer, invitationId: string): Promise<void> {
  const orgId = by.access.organization.id;
  await db.$transaction(async (tx) => {
    const invitation = await pendingInvitation(tx, orgId, invitationId);
    await tx.invitation.update({ where: { id: invitation.id }, data: { status: "revoked", respondedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, by.actor, {
      action: "invitation.revoke",
      organizationId: orgId,
      resource: { type: "invitation", id: invitation.id },
      personal: { email: invitation.email },
    });
  });
}

export interface InvitationPreview {
  organizationName: string;
  email: string;
  role: RoleRef;
  invitedBy: string | null;
  expiresAt: Date;
  /** An account with this e-mail exists (sign in to accept) or not (create one). */
  accountExists: boolean;
}

async function byToken(tx: Tx | Db, token: string) {
  const invitation = /^[a-z2-7]{52}$/.test(token)
    ? await tx.invitation.findUnique({
        where: { tokenHash: sha256Hex(token) },
        select: {
          id: true,
          organizationId: true,
          email: true,
          role: true,
          status: true,
          expiresAt: true,
          customRoleId: true,
          customRole: { select: { id: true, name: true } },
          organization: { select: { name: true, deletedAt: true } },
          invitedBy: { select: { name: true } },
        },
      })
    : null;
  if (!invitation || invitation.organization.deletedAt) throw notFound("The invitation");
  if (invitation.status !== "pending") throw new AppError("CONFLICT", { userMessage: `This invitation was already ${invitation.status}.` });
  if (invitation.expiresAt <= new Date()) {
    throw new AppError("CONFLICT", { userMessage: "This invitation has expired. Ask for a new one." });
  }
  return invitation;
}

export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview> {
  const invitation = await byToken(db, token);
  const account = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return {
    organizationName: invitation.organization.name,
    email: invitation.email,
    role: roleRefOf(invitation.role, invitation.customRole),
    invitedBy: invitation.invitedBy?.name ?? null,
    expiresAt: invitation.expiresAt,
    accountExists: account !== null,
  };
}

async function join(tx: Tx, invitation: Awaited<ReturnType<typeof byToken>>, user: SessionUser, meta: RequestMeta) {
  const existing = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: invitation.organizationId, userId: user.id } },
    select: { id: true },
  });
  if (existing) throw new AppError("CONFLICT", { userMessage: "You are already a member of this organization." });
  await tx.membership.create({
    data: { organizationId: invitation.organizationId, userId: user.id, role: invitation.role, customRoleId: invitation.customRoleId },
    select: { id: true },
  });
  await tx.invitation.update({ where: { id: invitation.id }, data: { status: "accepted", respondedAt: new Date() }, select: { id: true } });
  const role = roleRefOf(invitation.role, invitation.customRole) as unknown as Prisma.InputJsonObject;
  await recordAudit(tx, actorForUser(user, meta), {
    action: "invitation.accept",
    organizationId: invitation.organizationId,
    resource: { type: "invitation", id: invitation.id },
    details: { role },
    personal: { email: invitation.email },
  });
  await recordAudit(tx, actorForUser(user, meta), {
    action: "membership.create",
    organizationId: invitation.organizationId,
    resource: { type: "user", id: user.id },
    details: { role, reason: "accepted an invitation" },
  });
  await emitEvent(tx, invitation.organizationId, "membership.created", { userId: user.id, role: roleRefOf(invitation.role, invitation.customRole).key });
  return { organizationId: invitation.organizationId };
}

/** Accepts as the signed-in user, whose e-mail must be the invited one. */
export async function acceptInvitation(db: Db, user: SessionUser, token: string, meta: RequestMeta) {
  return db.$transaction(async (tx) => {
    const invitation = await byToken(tx, token);
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError("FORBIDDEN", { userMessage: `This invitation is for ${invitation.email}. Sign in with that address to accept it.` });
    }
    return join(tx, invitation, user, meta);
  });
}

/** Creates the invited person's account, accepts, and signs them in. */
export async function acceptInvitationAsNewUser(db: Db, input: { token: string; name: string; password: string }, meta: RequestMeta) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const invitation = await byToken(tx, input.token);
    const taken = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", { userMessage: "An account with this e-mail exists. Sign in to accept the invitation." });
    const created = await tx.user.create({
      data: { email: invitation.email, name: input.name.trim(), passwordHash, lastLoginAt: new Date() },
      select: { id: true, email: true, name: true, platformRole: true },
    });
    await recordAudit(tx, actorForUser(created, meta), {
      action: "user.create",
      organizationId: invitation.organizationId,
      resource: { type: "user", id: created.id },
      details: { reason: "accepted an invitation" },
      personal: { email: created.email, name: created.name },
    });
    const joined = await join(tx, invitation, created, meta);
    const session = await createSession(tx, created.id, meta);
    return { ...joined, ...session, user: created };
  });
}

export async function declineInvitation(db: Db, token: string, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    const invitation = await byToken(tx, token);
    await tx.invitation.update({ where: { id: invitation.id }, data: { status: "declined", respondedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, { type: "anonymous", label: invitation.email, ...meta }, {
      action: "invitation.decline",
      organizationId: invitation.organizationId,
      resource: { type: "invitation", id: invitation.id },
      personal: { email: invitation.email },
    });
  });
}
