/**
 * The admin's side of linking: provisioned directory records with their link
 * state (linked to which account, or why not), and the two ways to resolve an
 * unlinked record — link it to a chosen member's account, or leave it
 * unlinked on purpose (it then stays out of automatic linking until an admin
 * links it). Both are audited in their transaction; the identity provider is
 * never refused for any of it.
 */
import type { Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { UUID, type JobQueue } from "./context.ts";
import { attachAccount, type LinkIssue } from "./linking.ts";
import type { Doc } from "./patch.ts";
import { ScimError } from "./errors.ts";
import { emitEvent } from "../events/emit.ts";

export interface ProvisionedUserRow {
  id: string;
  userName: string;
  name: string;
  active: boolean;
  role: string | null;
  updatedAt: Date;
  /** The linked account, or null while the record is unlinked. */
  account: { id: string; email: string; name: string } | null;
  linkIssue: LinkIssue | null;
  linkAddress: string | null;
  /** For `account_taken`: the record already linked to that account. */
  conflictWith: { id: string; userName: string } | null;
  /** An admin chose to leave this record unlinked. */
  leftUnlinked: boolean;
}

export async function listProvisionedUsers(
  db: Db,
  organizationId: string,
  q: { search: string; limit: number; offset: number; link?: "all" | "unlinked" | undefined },
): Promise<{ total: number; unlinked: number; rows: ProvisionedUserRow[] }> {
  const pattern = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const unlinkedOnly = q.link === "unlinked";
  const [rows, counts] = await Promise.all([
    db.$queryRaw<
      {
        id: string;
        user_name: string;
        name: string;
        active: boolean;
        role: string | null;
        updated_at: Date;
        user_id: string | null;
        email: string | null;
        account_name: string | null;
        link_issue: LinkIssue | null;
        link_address: string | null;
        conflict_id: string | null;
        conflict_user_name: string | null;
        left_unlinked: boolean;
        total: number;
      }[]
    >`
      SELECT su.id::text, su.user_name::text, coalesce(nullif(su.display_name, ''), u.name, su.user_name::text) AS name, su.active,
             coalesce(m.role::text, r.name::text) AS role, su.updated_at, su.user_id::text, u.email::text, u.name AS account_name,
             su.link_issue, su.link_address::text, o.id::text AS conflict_id, o.user_name::text AS conflict_user_name,
             su.link_dismissed_at IS NOT NULL AS left_unlinked, count(*) OVER ()::int AS total
        FROM scim_users su
        LEFT JOIN users u ON u.id = su.user_id
        LEFT JOIN memberships m ON m.organization_id = su.organization_id AND m.user_id = su.user_id
        LEFT JOIN roles r ON r.id = m.custom_role_id
        LEFT JOIN LATERAL (
          SELECT o.id, o.user_name FROM scim_users o JOIN users ou ON ou.id = o.user_id
           WHERE su.link_issue = 'account_taken' AND o.organization_id = su.organization_id AND ou.email = su.link_address LIMIT 1) o ON true
       WHERE su.organization_id = ${organizationId}::uuid AND (su.user_name ILIKE ${pattern} OR su.display_name ILIKE ${pattern} OR u.name ILIKE ${pattern})
         AND (NOT ${unlinkedOnly} OR su.user_id IS NULL)
       ORDER BY su.user_name LIMIT ${q.limit} OFFSET ${q.offset}`,
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM scim_users WHERE organization_id = ${organizationId}::uuid AND user_id IS NULL AND link_dismissed_at IS NULL`,
  ]);
  return {
    total: rows[0]?.total ?? 0,
    unlinked: counts[0]!.n,
    rows: rows.map((r) => ({
      id: r.id,
      userName: r.user_name,
      name: r.name,
      active: r.active,
      role: r.role,
      updatedAt: r.updated_at,
      account: r.user_id ? { id: r.user_id, email: r.email!, name: r.account_name! } : null,
      linkIssue: r.link_issue,
      linkAddress: r.link_address,
      conflictWith: r.conflict_id ? { id: r.conflict_id, userName: r.conflict_user_name! } : null,
      leftUnlinked: r.left_unlinked,
    })),
  };
}

interface LockedRecord {
  id: string;
  user_id: string | null;
  user_name: string;
  external_id: string | null;
  active: boolean;
  resource: Doc;
  link_issue: string | null;
}

async function lockRecord(tx: Parameters<Parameters<Db["$transaction"]>[0]>[0], organizationId: string, scimUserId: string): Promise<LockedRecord> {
  if (!UUID.test(scimUserId)) throw notFound("The provisioned user");
  const [row] = await tx.$queryRaw<LockedRecord[]>`
    SELECT id::text, user_id::text, user_name::text, external_id, active, resource, link_issue FROM scim_users
     WHERE organization_id = ${organizationId}::uuid AND id = ${scimUserId}::uuid FOR UPDATE`;
  if (!row) throw notFound("The provisioned user");
  if (row.user_id) throw new AppError("CONFLICT", { userMessage: "This provisioned user is already linked to an account." });
  return row;
}

/**
 * Links an unlinked record to a member's account chosen by the admin. The
 * account must belong to the organization and not be linked to another
 * record; from then on the record governs the membership as if it had been
 * linked automatically (status, directory attributes, groups and role).
 */
export async function linkScimUser(db: Db, actor: Actor, jobs: JobQueue, organizationId: string, scimUserId: string, userId: string) {
  return db.$transaction(
    async (tx) => {
      const record = await lockRecord(tx, organizationId, scimUserId);
      const [member] = await tx.$queryRaw<{ email: string; linked_to: string | null }[]>`
        SELECT u.email::text, (SELECT s.user_name::text FROM scim_users s WHERE s.organization_id = m.organization_id AND s.user_id = u.id) AS linked_to
          FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ${organizationId}::uuid AND m.user_id = ${userId}::uuid FOR UPDATE OF u`;
      if (!member) throw notFound("The member");
      if (member.linked_to) throw new AppError("CONFLICT", { userMessage: `That member is already linked to the provisioned user ${member.linked_to}.` });
      const doc: Doc = { ...record.resource, userName: record.user_name, active: record.active, ...(record.external_id ? { externalId: record.external_id } : {}) };
      try {
        await attachAccount(tx, { organizationId, actor, jobs }, { id: record.id, userName: record.user_name, active: record.active, doc }, userId);
      } catch (error) {
        // The record is inactive and the account is the last owner: provisioning never removes the last owner.
        if (error instanceof ScimError) throw new AppError("CONFLICT", { userMessage: error.detail });
        throw error;
      }
      await recordAudit(tx, actor, {
        action: "scim.user_link",
        organizationId,
        resource: { type: "user", id: userId },
        details: { scimId: record.id, previousIssue: record.link_issue, active: record.active },
        personal: { userName: record.user_name, email: member.email },
      });
      // Linked now: the account follows the record, active (provisioned) or not (deprovisioned).
      await emitEvent(tx, organizationId, record.active ? "user.provisioned" : "user.deprovisioned", { userId, email: member.email, scimUserId: record.id });
      return { linked: true as const };
    },
    { timeout: 60_000 },
  );
}

/** Marks an unlinked record as deliberately unlinked: it leaves the list of records needing attention. */
export async function leaveScimUserUnlinked(db: Db, actor: Actor, organizationId: string, scimUserId: string) {
  await db.$transaction(async (tx) => {
    const record = await lockRecord(tx, organizationId, scimUserId);
    await tx.$executeRaw`UPDATE scim_users SET link_dismissed_at = now() WHERE id = ${record.id}::uuid`;
    await recordAudit(tx, actor, {
      action: "scim.user_leave_unlinked",
      organizationId,
      resource: { type: "scim_user", id: record.id },
      details: { scimId: record.id, issue: record.link_issue },
      personal: { userName: record.user_name },
    });
  });
}
