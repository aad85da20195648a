/**
 * "Log in as customer": platform staff sign in to a tenant's console with a
 * reason and a duration, read-only (viewer) unless the tenant allows write
 * access (admin), until the session ends or expires. Tenants disable it or
 * require an owner's approval (impersonation_settings). Everything is audited
 * to the customer's own log with the impersonator: the request, the decision,
 * the start and end, and every procedure called while impersonating.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { ORG_POLICY_COLUMNS, organizationOf, type OrgAccess, type OrgPolicyRow } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { visibleCustomer, type Staff } from "../staff/access.ts";

export type ImpersonationMode = "allowed" | "approval_required" | "disabled";

export interface ImpersonationPolicy {
  mode: ImpersonationMode;
  allowWrite: boolean;
  maxMinutes: number;
}

export const DEFAULT_POLICY: ImpersonationPolicy = { mode: "allowed", allowWrite: false, maxMinutes: 60 };

export async function impersonationPolicy(db: DbOrTx, organizationId: string): Promise<ImpersonationPolicy> {
  const row = await db.impersonationSetting.findUnique({ where: { organizationId }, select: { mode: true, allowWrite: true, maxMinutes: true } });
  return row ? { mode: row.mode as ImpersonationMode, allowWrite: row.allowWrite, maxMinutes: row.maxMinutes } : DEFAULT_POLICY;
}

export async function setImpersonationPolicy(db: Db, actor: Actor, organizationId: string, policy: ImpersonationPolicy): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await impersonationPolicy(tx, organizationId);
    const updatedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    await tx.impersonationSetting.upsert({
      where: { organizationId },
      create: { organizationId, ...policy, updatedById },
      update: { ...policy, updatedById, updatedAt: new Date() },
    });
    if (policy.mode === "disabled") {
      const live = await tx.impersonationSession.findMany({ where: { organizationId, status: { in: ["active", "pending"] } }, select: { id: true } });
      for (const s of live) await endSession(tx, actor, s.id, organizationId, "impersonation disabled by the organization");
    }
    await recordAudit(tx, actor, {
      action: "impersonation.settings_update",
      organizationId,
      resource: { type: "impersonation_settings", id: organizationId },
      details: { before: { ...before }, after: { ...policy } },
    });
  });
}

export interface ImpersonationRow {
  id: string;
  organizationId: string;
  organizationName: string;
  staffUserId: string;
  staffEmail: string;
  staffName: string;
  reason: string;
  minutes: number;
  writeAccess: boolean;
  status: "pending" | "active" | "ended" | "denied";
  requestedAt: Date;
  startedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
}

async function rowsWhere(db: DbOrTx, where: { id?: string; organizationId?: string; staffUserId?: string; live?: boolean }): Promise<ImpersonationRow[]> {
  const rows = await db.impersonationSession.findMany({
    where: {
      ...(where.id ? { id: where.id } : {}),
      ...(where.organizationId ? { organizationId: where.organizationId } : {}),
      ...(where.staffUserId ? { staffUserId: where.staffUserId } : {}),
      ...(where.live ? { status: "active", expiresAt: { gt: new Date() } } : {}),
    },
    orderBy: { requestedAt: "desc" },
    take: 100,
  });
  if (rows.length === 0) return [];
  const users = await db.user.findMany({ where: { id: { in: rows.map((r) => r.staffUserId) } }, select: { id: true, email: true, name: true } });
  const orgs = await db.organization.findMany({ where: { id: { in: rows.map((r) => r.organizationId) } }, select: { id: true, name: true } });
  return rows.map((r) => {
    const u = users.find((x) => x.id === r.staffUserId)!;
    return {
      id: r.id,
      organizationId: r.organizationId,
      organizationName: orgs.find((o) => o.id === r.organizationId)?.name ?? "",
      staffUserId: r.staffUserId,
      staffEmail: u.email,
      staffName: u.name,
      reason: r.reason,
      minutes: r.minutes,
      writeAccess: r.writeAccess,
      status: r.status as ImpersonationRow["status"],
      requestedAt: r.requestedAt,
      startedAt: r.startedAt,
      expiresAt: r.expiresAt,
      endedAt: r.endedAt,
      endReason: r.endReason,
    };
  });
}

export const listOrgImpersonations = (db: DbOrTx, organizationId: string) => rowsWhere(db, { organizationId });
export const listStaffImpersonations = (db: DbOrTx, staffUserId: string) => rowsWhere(db, { staffUserId });
/** The caller's live impersonations (for the admin console's banner). */
export const liveImpersonations = (db: DbOrTx, staffUserId: string) => rowsWhere(db, { staffUserId, live: true });

export interface ImpersonationRequest {
  reason: string;
  minutes: number;
  writeAccess: boolean;
}

/**
 * Starts (or, when the tenant requires approval, requests) an impersonation
 * of a customer organization the staff member sees.
 */
export async function requestImpersonation(db: Db, staff: Staff, actor: Actor, organizationId: string, input: ImpersonationRequest): Promise<ImpersonationRow> {
  await visibleCustomer(db, staff, organizationId);
  const policy = await impersonationPolicy(db, organizationId);
  const refuse = async (reason: string, userMessage: string) => {
    await recordAudit(db, actor, {
      action: "impersonation.request",
      organizationId,
      status: "denied",
      resource: { type: "impersonation", id: null },
      details: { reason: input.reason, minutes: input.minutes, writeAccess: input.writeAccess, refused: reason },
    });
    throw new AppError("FORBIDDEN", { userMessage });
  };
  if (policy.mode === "disabled") await refuse("disabled by the organization", "This organization does not allow staff to sign in as its members.");
  if (input.writeAccess && !policy.allowWrite) await refuse("write access not allowed", "This organization allows read-only impersonation only.");
  if (input.minutes > policy.maxMinutes) {
    throw new AppError("BAD_REQUEST", { userMessage: `This organization allows impersonation for at most ${policy.maxMinutes} minutes.` });
  }
  return db.$transaction(async (tx) => {
    const now = new Date();
    const pending = policy.mode === "approval_required";
    const session = await tx.impersonationSession.create({
      data: {
        organizationId,
        staffUserId: staff.userId,
        reason: input.reason,
        minutes: input.minutes,
        writeAccess: input.writeAccess,
        status: pending ? "pending" : "active",
        ...(pending ? {} : { startedAt: now, expiresAt: new Date(now.getTime() + input.minutes * 60_000) }),
      },
      select: { id: true },
    });
    const details = { reason: input.reason, minutes: input.minutes, writeAccess: input.writeAccess, impersonator: staff.email };
    await recordAudit(tx, actor, { action: "impersonation.request", organizationId, resource: { type: "impersonation", id: session.id }, details });
    if (!pending) await recordAudit(tx, actor, { action: "impersonation.start", organizationId, resource: { type: "impersonation", id: session.id }, details });
    return (await rowsWhere(tx, { id: session.id }))[0]!;
  });
}

/** An owner approves (the session starts now) or denies a pending request. */
export async function decideImpersonation(db: Db, actor: Actor, organizationId: string, sessionId: string, approve: boolean): Promise<ImpersonationRow> {
  return db.$transaction(async (tx) => {
    const s = await tx.impersonationSession.findFirst({ where: { id: sessionId, organizationId } });
    if (!s) throw new AppError("NOT_FOUND", { userMessage: "The impersonation request was not found." });
    if (s.status !== "pending") throw new AppError("CONFLICT", { userMessage: "This request has already been decided." });
    const now = new Date();
    const decidedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    await tx.impersonationSession.update({
      where: { id: sessionId },
      data: approve
        ? { status: "active", decidedById, decidedAt: now, startedAt: now, expiresAt: new Date(now.getTime() + s.minutes * 60_000) }
        : { status: "denied", decidedById, decidedAt: now },
    });
    await recordAudit(tx, actor, { action: approve ? "impersonation.approve" : "impersonation.deny", organizationId, resource: { type: "impersonation", id: sessionId }, details: { staffUserId: s.staffUserId } });
    if (approve) {
      await recordAudit(tx, { type: "staff", userId: s.staffUserId, email: "", impersonatorId: s.staffUserId }, {
        action: "impersonation.start",
        organizationId,
        resource: { type: "impersonation", id: sessionId },
        details: { reason: s.reason, minutes: s.minutes, writeAccess: s.writeAccess, approvedBy: decidedById },
      });
    }
    return (await rowsWhere(tx, { id: sessionId }))[0]!;
  });
}

async function endSession(tx: DbOrTx, actor: Actor, sessionId: string, organizationId: string, reason: string) {
  await tx.impersonationSession.update({ where: { id: sessionId }, data: { status: "ended", endedAt: new Date(), endReason: reason } });
  await recordAudit(tx, actor, { action: "impersonation.end", organizationId, resource: { type: "impersonation", id: sessionId }, details: { reason } });
}

/** Ends a live or pending session: by its staff member, or by the tenant (organizationId given). */
export async function endImpersonation(db: Db, actor: Actor, sessionId: string, by: { staffUserId: string } | { organizationId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const s = await tx.impersonationSession.findFirst({ where: { id: sessionId, ...by, status: { in: ["active", "pending"] } }, select: { id: true, organizationId: true } });
    if (!s) throw new AppError("NOT_FOUND", { userMessage: "No live impersonation with this id." });
    await endSession(tx, actor, s.id, s.organizationId, "staffUserId" in by ? "ended by staff" : "ended by the organization");
  });
}

/** Ends every session past its expiry (the impersonation-expiry job). */
export async function expireImpersonations(db: Db, actor: Actor): Promise<number> {
  const due = await db.impersonationSession.findMany({ where: { status: "active", expiresAt: { lte: new Date() } }, select: { id: true, organizationId: true } });
  for (const s of due) {
    await db.$transaction(async (tx) => {
      const still = await tx.impersonationSession.updateMany({ where: { id: s.id, status: "active" }, data: { status: "ended", endedAt: new Date(), endReason: "expired" } });
      if (still.count === 1) {
        await recordAudit(tx, actor, { action: "impersonation.end", organizationId: s.organizationId, resource: { type: "impersonation", id: s.id }, details: { reason: "expired" } });
      }
    });
  }
  return due.length;
}

export interface ImpersonatedAccess {
  access: OrgAccess;
  sessionId: string;
  writeAccess: boolean;
}

/**
 * Access for staff impersonating the organization (or an ancestor of it):
 * the viewer role, or admin when the session has write access, inherited
 * down the impersonated subtree. Null when no live session reaches it.
 */
export async function loadImpersonatedAccess(db: DbOrTx, staffUserId: string, organizationId: string): Promise<ImpersonatedAccess | null> {
  const [row] = await db.$queryRaw<(OrgPolicyRow & { session_id: string; session_org: string; write_access: boolean })[]>`
    SELECT ${ORG_POLICY_COLUMNS}, s.id::text AS session_id, s.organization_id::text AS session_org, s.write_access
      FROM organizations o
      JOIN impersonation_sessions s ON s.staff_user_id = ${staffUserId}::uuid AND s.status = 'active' AND s.expires_at > now()
      JOIN organizations so ON so.id = s.organization_id
     WHERE o.id = ${organizationId}::uuid AND o.deleted_at IS NULL AND o.path <@ so.path
       AND NOT EXISTS (SELECT 1 FROM impersonation_settings st WHERE st.organization_id = s.organization_id AND st.mode = 'disabled')
     ORDER BY s.started_at DESC LIMIT 1`;
  if (!row) return null;
  const role = row.write_access ? ("admin" as const) : ("viewer" as const);
  return {
    sessionId: row.session_id,
    writeAccess: row.write_access,
    access: {
      organization: organizationOf(row),
      role: row.session_org === row.id ? { key: role, name: role, custom: false } : null,
      subject: { id: staffUserId, roles: [{ organizationId: row.session_org, role, inheritToChildren: true }], groupIds: [], attributes: {} },
      products: row.products,
    },
  };
}
