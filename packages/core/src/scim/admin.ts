/**
 * What the admin console shows and changes about SCIM: the connection's
 * statistics and failures (including dead-lettered scim-sync jobs), the
 * request log, provisioned users and groups, the group → role mapping and
 * the default role. Mapping changes recompute the affected members' roles in
 * the same transaction (one statement), or by a job for large groups.
 */
import type { Db, SystemRole } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import type { JobQueue } from "./context.ts";
import { recomputeRoles, SCIM_SYNC_QUEUE } from "./sync.ts";
import { QUEUES } from "../jobs/catalogue.ts";

const INLINE_LIMIT = 500;

export async function scimOverview(db: Db, organizationId: string) {
  const [connection, counts, errors24h, lastRequest, hourly] = await Promise.all([
    db.scimConnection.findUnique({ where: { organizationId } }),
    db.$queryRaw<{ users: number; active: number; groups: number; mapped: number }[]>`
      SELECT (SELECT count(*)::int FROM scim_users WHERE organization_id = ${organizationId}::uuid) AS users,
             (SELECT count(*)::int FROM scim_users WHERE organization_id = ${organizationId}::uuid AND active) AS active,
             (SELECT count(*)::int FROM groups WHERE organization_id = ${organizationId}::uuid AND source = 'scim') AS groups,
             (SELECT count(*)::int FROM scim_group_roles WHERE organization_id = ${organizationId}::uuid) AS mapped`,
    db.$queryRaw<{ n: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE status >= 400)::int AS n, count(*)::int AS total FROM scim_requests
       WHERE organization_id = ${organizationId}::uuid AND created_at > now() - interval '24 hours'`,
    db.scimRequest.findFirst({ where: { organizationId }, orderBy: { id: "desc" }, select: { createdAt: true } }),
    db.$queryRaw<{ hour: Date; ok: number; errors: number }[]>`
      SELECT h.hour, count(r.id) FILTER (WHERE r.status < 400)::int AS ok, count(r.id) FILTER (WHERE r.status >= 400)::int AS errors
        FROM generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') AS h(hour)
        LEFT JOIN scim_requests r ON r.organization_id = ${organizationId}::uuid AND r.created_at >= h.hour AND r.created_at < h.hour + interval '1 hour'
       GROUP BY h.hour ORDER BY h.hour`,
  ]);
  const c = counts[0]!;
  return {
    defaultRole: connection?.defaultRole ?? ("member" as SystemRole),
    lastSyncAt: connection?.lastSyncAt ?? null,
    lastRequestAt: lastRequest?.createdAt ?? null,
    lastReconciledAt: connection?.lastReconciledAt ?? null,
    totals: {
      users: c.users,
      activeUsers: c.active,
      groups: c.groups,
      mappedGroups: c.mapped,
      usersCreated: connection?.usersCreated ?? 0,
      usersUpdated: connection?.usersUpdated ?? 0,
      usersDeactivated: connection?.usersDeactivated ?? 0,
      usersDeleted: connection?.usersDeleted ?? 0,
      groupsChanged: connection?.groupsChanged ?? 0,
    },
    hourly,
    requests24h: errors24h[0]!.total,
    errors24h: errors24h[0]!.n,
    jobsFailed: connection?.jobsFailed ?? 0,
    lastError: connection?.lastError ?? null,
    lastErrorAt: connection?.lastErrorAt ?? null,
  };
}

/** Jobs that exhausted their retries (dead-lettered), newest first. */
export async function scimDeadLetters(db: Db, organizationId: string, limit = 20) {
  const exists = await db.$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
  if (!exists[0]?.ok) return [];
  const rows = await db.$queryRawUnsafe<{ id: string; kind: string; error: string | null; failed_at: Date | null; retries: number }[]>(
    `SELECT id::text, data->>'kind' AS kind, coalesce(output->>'message', output::text) AS error, completed_on AS failed_at, retry_count AS retries
       FROM pgboss.job WHERE name = $1 AND state = 'failed' AND data->>'organizationId' = $2
      ORDER BY completed_on DESC NULLS LAST LIMIT $3`,
    SCIM_SYNC_QUEUE,
    organizationId,
    limit,
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, error: r.error ?? "unknown error", failedAt: r.failed_at, retries: r.retries }));
}

export interface RequestLogQuery {
  errorsOnly: boolean;
  limit: number;
  /** Rows with an id below this (keyset pagination). */
  before?: bigint | undefined;
}

export async function listScimRequests(db: Db, organizationId: string, q: RequestLogQuery) {
  const rows = await db.scimRequest.findMany({
    where: { organizationId, ...(q.errorsOnly ? { status: { gte: 400 } } : {}), ...(q.before ? { id: { lt: q.before } } : {}) },
    orderBy: { id: "desc" },
    take: q.limit,
    select: { id: true, tokenPrefix: true, method: true, path: true, status: true, scimType: true, durationMs: true, bodyExcerpt: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}

export async function listProvisionedGroups(db: Db, organizationId: string) {
  const rows = await db.$queryRaw<{ id: string; name: string; members: number; role: string | null; custom_role_id: string | null; custom_role_name: string | null; priority: number | null; updated_at: Date }[]>`
    SELECT g.id::text, g.name::text, (SELECT count(*)::int FROM group_members gm WHERE gm.group_id = g.id) AS members,
           gr.role::text, gr.custom_role_id::text, r.name::text AS custom_role_name, gr.priority, g.updated_at
      FROM groups g LEFT JOIN scim_group_roles gr ON gr.group_id = g.id LEFT JOIN roles r ON r.id = gr.custom_role_id
     WHERE g.organization_id = ${organizationId}::uuid AND g.source = 'scim'
     ORDER BY g.name`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    members: r.members,
    mapping: r.role || r.custom_role_id ? { role: r.role, customRoleId: r.custom_role_id, customRoleName: r.custom_role_name, priority: r.priority ?? 0 } : null,
    updatedAt: r.updated_at,
  }));
}

export type RoleTarget = { role: Exclude<SystemRole, "owner"> } | { customRoleId: string };

/** Maps a provisioned group to a role (or clears it with null); members' roles follow. */
export async function setScimGroupRole(db: Db, actor: Actor, jobs: JobQueue, organizationId: string, groupId: string, target: (RoleTarget & { priority: number }) | null) {
  return db.$transaction(
    async (tx) => {
      const group = await tx.group.findFirst({ where: { id: groupId, organizationId, source: "scim" }, select: { name: true } });
      if (!group) throw notFound("The provisioned group");
      if (target && "customRoleId" in target) {
        const role = await tx.role.findFirst({ where: { id: target.customRoleId, organizationId }, select: { id: true } });
        if (!role) throw notFound("The role");
      }
      if (target) {
        const data = { role: "role" in target ? target.role : null, customRoleId: "customRoleId" in target ? target.customRoleId : null, priority: target.priority };
        await tx.scimGroupRole.upsert({ where: { groupId }, create: { groupId, organizationId, ...data }, update: data, select: { groupId: true } });
      } else await tx.scimGroupRole.deleteMany({ where: { groupId, organizationId } });
      const members = (await tx.groupMember.findMany({ where: { groupId }, select: { userId: true } })).map((m) => m.userId);
      let recomputed: number | "queued";
      if (members.length <= INLINE_LIMIT) recomputed = await recomputeRoles(tx, actor, organizationId, members);
      else {
        await jobs.send(tx, QUEUES.scimSync, { kind: "roles", organizationId, userIds: members });
        recomputed = "queued";
      }
      await recordAudit(tx, actor, {
        action: "scim.group_role_map",
        organizationId,
        resource: { type: "group", id: groupId },
        details: { group: group.name, mapping: target ? { ...target } : null, members: members.length, recomputed: String(recomputed) },
      });
      return { members: members.length, recomputed };
    },
    { timeout: 60_000 },
  );
}

export async function setScimDefaultRole(db: Db, actor: Actor, jobs: JobQueue, organizationId: string, role: Exclude<SystemRole, "owner">) {
  if ((role as string) === "owner") throw new AppError("BAD_REQUEST", { userMessage: "Provisioning never grants ownership." });
  await db.$transaction(async (tx) => {
    const before = await tx.scimConnection.findUnique({ where: { organizationId }, select: { defaultRole: true } });
    await tx.scimConnection.upsert({ where: { organizationId }, create: { organizationId, defaultRole: role }, update: { defaultRole: role, updatedAt: new Date() }, select: { organizationId: true } });
    await jobs.send(tx, QUEUES.scimSync, { kind: "roles", organizationId, userIds: null });
    await recordAudit(tx, actor, { action: "scim.settings_update", organizationId, resource: { type: "scim_connection", id: organizationId }, details: { before: before?.defaultRole ?? "member", after: role } });
  });
}

/** Queues a reconciliation of the organization now (the schedule runs it periodically). */
export async function triggerScimReconcile(db: Db, actor: Actor, jobs: JobQueue, organizationId: string): Promise<{ jobId: string | null }> {
  return db.$transaction(async (tx) => {
    const jobId = await jobs.send(tx, QUEUES.scimSync, { kind: "reconcile", organizationId });
    await recordAudit(tx, actor, { action: "scim.sync_trigger", organizationId, resource: { type: "scim_connection", id: organizationId }, details: { jobId } });
    return { jobId };
  });
}
