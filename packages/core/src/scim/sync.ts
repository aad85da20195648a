/**
 * The side effects of provisioning, run by the `scim-sync` worker queue:
 * revoking a deprovisioned member's access, recomputing roles from group
 * mappings for many members at once, and a periodic reconciliation that
 * repairs drift (memberships whose SCIM state or role disagree, linked
 * accounts' group memberships that disagree with the directory) and drops
 * request-log rows past retention. Every job is idempotent: it converges the
 * database to what the SCIM state says, so running it twice changes nothing.
 */
import type { Db, SqlClient } from "@atrium/db";
import { systemActor, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { revokeMemberAccess } from "../members/revoke-access.ts";
import { emitEvents } from "../events/emit.ts";
import { QUEUES, type TScimSyncJob } from "../jobs/catalogue.ts";

export const SCIM_SYNC_QUEUE = QUEUES.scimSync.name;
export const SCIM_REQUEST_RETENTION_DAYS = 30;

export type ScimSyncJob = TScimSyncJob;

/**
 * Sets the role of provisioned members (all of the organization's, or those
 * given) from their groups' mappings: the mapping with the highest priority
 * wins, else the connection's default role. Owners are never changed. One
 * statement, however many members.
 */
export async function recomputeRoles(tx: SqlClient, actor: Actor, organizationId: string, userIds: string[] | null): Promise<number> {
  const changed = await tx.$queryRaw<{ user_id: string; before: string | null; after: string | null }[]>`
    WITH target AS (
      SELECT su.user_id FROM scim_users su
       WHERE su.organization_id = ${organizationId}::uuid AND su.user_id IS NOT NULL
         AND (${userIds}::uuid[] IS NULL OR su.user_id = ANY (${userIds}::uuid[]))
    ), desired AS (
      SELECT t.user_id,
             CASE WHEN best.custom_role_id IS NULL
                  THEN coalesce(best.role, (SELECT c.default_role FROM scim_connections c WHERE c.organization_id = ${organizationId}::uuid), 'member') END AS role,
             best.custom_role_id
        FROM target t
        LEFT JOIN LATERAL (
          SELECT r.role, r.custom_role_id FROM group_members gm JOIN scim_group_roles r ON r.group_id = gm.group_id
           WHERE gm.user_id = t.user_id AND r.organization_id = ${organizationId}::uuid
           ORDER BY r.priority DESC, r.role ASC NULLS LAST LIMIT 1) best ON true
    )
    UPDATE memberships m SET role = d.role, custom_role_id = d.custom_role_id, updated_at = now()
      FROM desired d, memberships old
     WHERE m.organization_id = ${organizationId}::uuid AND m.user_id = d.user_id AND old.id = m.id
       AND m.role IS DISTINCT FROM 'owner'
       AND (m.role IS DISTINCT FROM d.role OR m.custom_role_id IS DISTINCT FROM d.custom_role_id)
    RETURNING m.user_id::text, coalesce(old.role::text, old.custom_role_id::text) AS before, coalesce(d.role::text, d.custom_role_id::text) AS after`;
  if (changed.length) {
    await recordAudit(tx, actor, {
      action: "scim.roles_recompute",
      organizationId,
      resource: { type: "organization", id: organizationId },
      details: { changed: changed.length, sample: changed.slice(0, 50).map((c) => ({ userId: c.user_id, before: c.before, after: c.after })) },
    });
    await emitEvents(tx, organizationId, "membership.role_changed", changed.map((c) => ({ userId: c.user_id, before: c.before ?? "", after: c.after ?? "" })));
  }
  return changed.length;
}

/** Repairs memberships whose status disagrees with their SCIM `active`, and roles that disagree with the mappings. */
export async function reconcileOrganization(db: Db, organizationId: string): Promise<{ statusFixed: number; rolesFixed: number; revoked: number; logsPurged: number }> {
  const actor = systemActor("scim-sync");
  const result = await db.$transaction(
    async (tx) => {
      const drifted = await tx.$queryRaw<{ user_id: string; active: boolean }[]>`
        UPDATE memberships m SET status = CASE WHEN su.active THEN 'active'::membership_status ELSE 'deactivated'::membership_status END, updated_at = now()
          FROM scim_users su
         WHERE su.organization_id = ${organizationId}::uuid AND m.organization_id = su.organization_id AND m.user_id = su.user_id
           AND (m.status = 'active') <> su.active
        RETURNING m.user_id::text, su.active`;
      // group_members mirrors the directory's group membership (scim_group_members) for linked records.
      const groupsAdded = await tx.$executeRaw`
        INSERT INTO group_members (group_id, user_id)
        SELECT sgm.group_id, su.user_id FROM scim_group_members sgm JOIN scim_users su ON su.id = sgm.scim_user_id
         WHERE sgm.organization_id = ${organizationId}::uuid AND su.user_id IS NOT NULL
        ON CONFLICT DO NOTHING`;
      const groupsRemoved = await tx.$executeRaw`
        DELETE FROM group_members gm USING groups g
         WHERE g.id = gm.group_id AND g.organization_id = ${organizationId}::uuid AND g.source = 'scim'
           AND NOT EXISTS (SELECT 1 FROM scim_group_members sgm JOIN scim_users su ON su.id = sgm.scim_user_id WHERE sgm.group_id = gm.group_id AND su.user_id = gm.user_id)`;
      const rolesFixed = await recomputeRoles(tx, actor, organizationId, null);
      let revoked = 0;
      for (const d of drifted.filter((r) => !r.active)) {
        const r = await revokeMemberAccess(tx, actor, organizationId, d.user_id, "reconciliation");
        revoked += r.sessions + r.apiKeys;
      }
      if (drifted.length || groupsAdded || groupsRemoved) {
        await recordAudit(tx, actor, {
          action: "scim.reconcile",
          organizationId,
          resource: { type: "organization", id: organizationId },
          details: { statusFixed: drifted.length, groupMembershipsFixed: groupsAdded + groupsRemoved, users: drifted.slice(0, 50).map((d) => d.user_id) },
        });
      }
      await tx.$executeRaw`UPDATE scim_connections SET last_reconciled_at = now(), updated_at = now() WHERE organization_id = ${organizationId}::uuid`;
      return { statusFixed: drifted.length, rolesFixed, revoked };
    },
    { timeout: 120_000 },
  );
  const logsPurged = await db.$executeRaw`
    DELETE FROM scim_requests WHERE organization_id = ${organizationId}::uuid AND created_at < now() - make_interval(days => ${SCIM_REQUEST_RETENTION_DAYS})`;
  return { ...result, logsPurged };
}

/** Runs one scim-sync job. Throws on failure (pg-boss retries with backoff, then dead-letters). */
export async function runScimSyncJob(db: Db, job: ScimSyncJob): Promise<object> {
  const actor = systemActor("scim-sync");
  switch (job.kind) {
    case "revoke":
      return db.$transaction(async (tx) => {
        // Still deprovisioned? A reactivation in between wins.
        const membership = await tx.membership.findUnique({
          where: { organizationId_userId: { organizationId: job.organizationId, userId: job.userId } },
          select: { status: true },
        });
        if (membership?.status === "active") return { skipped: "reactivated" };
        const revoked = await revokeMemberAccess(tx, actor, job.organizationId, job.userId, job.reason);
        return { ...revoked };
      });
    case "roles":
      return db.$transaction((tx) => recomputeRoles(tx, actor, job.organizationId, job.userIds), { timeout: 120_000 }).then((changed) => ({ changed }));
    case "reconcile": {
      const orgs = job.organizationId
        ? [{ organization_id: job.organizationId }]
        : await db.$queryRaw<{ organization_id: string }[]>`SELECT organization_id::text FROM scim_connections`;
      const totals = { organizations: orgs.length, statusFixed: 0, rolesFixed: 0, revoked: 0, logsPurged: 0 };
      for (const { organization_id } of orgs) {
        const r = await reconcileOrganization(db, organization_id);
        totals.statusFixed += r.statusFixed;
        totals.rolesFixed += r.rolesFixed;
        totals.revoked += r.revoked;
        totals.logsPurged += r.logsPurged;
      }
      return totals;
    }
  }
}

/** Records a failed attempt on the connection, where the admin console shows it. */
export async function recordSyncFailure(db: Db, job: ScimSyncJob, error: Error): Promise<void> {
  if (!("organizationId" in job) || !job.organizationId) return;
  await db.$executeRaw`
    INSERT INTO scim_connections (organization_id, jobs_failed, last_error, last_error_at) VALUES (${job.organizationId}::uuid, 1, ${`${job.kind}: ${error.message}`.slice(0, 1000)}, now())
    ON CONFLICT (organization_id) DO UPDATE SET jobs_failed = scim_connections.jobs_failed + 1, last_error = excluded.last_error, last_error_at = now(), updated_at = now()`;
}
