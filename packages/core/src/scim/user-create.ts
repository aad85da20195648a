/**
 * SCIM user creation (POST /Users), the request a first sync sends once per
 * user of the directory: see createUser for its round trips and locks.
 */
import { pgTransaction, Prisma } from "@atrium/db";
import { notifyAuditAppended } from "../audit/appended.ts";
import { auditBatchSql, type AuditEntry } from "../audit/writer.ts";
import { isUniqueError, statsUpsert, type ScimContext } from "./context.ts";
import { canonicalize } from "./document.ts";
import { uniqueness } from "./errors.ts";
import { addressCandidates, autoLink, directoryAttributes, displayNameOf, linkIssueAudit, linkTarget, type DirectoryRecord, type LinkResult } from "./linking.ts";
import type { Doc } from "./patch.ts";
import { auditResource, emitUserEvent, partsOf, serveUser, type UserRow } from "./users.ts";

/** Serializes writers of one externalId (see assertUnique): a statement of its own, before the check. */
const externalIdLock = (organizationId: string, externalId: string) =>
  Prisma.sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`scim-external-id:${organizationId}:${externalId}`}, 0))`;

interface Claim {
  user_name_taken: boolean;
  external_id_taken: boolean;
  verified_domains: string[];
  /** Null when a uniqueness check refused the record (nothing was inserted). */
  id: string | null;
  created_at: Date;
  updated_at: Date;
  version: string;
}

/**
 * assertUnique's check and the insert in one statement: the record is
 * inserted only when neither its userName nor its externalId is taken. A
 * concurrent insert of the same userName still meets the unique index.
 */
function insertUnlessTaken(organizationId: string, doc: Doc): Prisma.Sql {
  const { userName, externalId, active, resource } = partsOf(doc);
  return Prisma.sql`
    WITH taken AS (
      SELECT EXISTS (SELECT 1 FROM scim_users WHERE organization_id = ${organizationId}::uuid AND user_name = ${userName}::citext) AS user_name,
             EXISTS (SELECT 1 FROM scim_users WHERE organization_id = ${organizationId}::uuid AND external_id = ${externalId}::text) AS external_id
    ), inserted AS (
      INSERT INTO scim_users (organization_id, user_name, external_id, active, resource, display_name)
      SELECT ${organizationId}::uuid, ${userName}, ${externalId}::text, ${active}, ${JSON.stringify(resource)}::jsonb, ${displayNameOf(doc)}
        FROM taken WHERE NOT taken.user_name AND NOT taken.external_id
      RETURNING id::text, created_at, updated_at, xmin::text AS version
    )
    SELECT taken.user_name AS user_name_taken, taken.external_id AS external_id_taken,
           ARRAY(SELECT lower(domain::text) FROM sso_domains WHERE organization_id = ${organizationId}::uuid AND verified_at IS NOT NULL) AS verified_domains,
           i.id, i.created_at, i.updated_at, i.version
      FROM taken LEFT JOIN inserted i ON true`;
}

/**
 * Creates a record in one transaction on node-postgres (a first sync sends
 * thousands), in two round trips when the record stays unlinked:
 *
 * 1. BEGIN, the externalId lock, and in a statement after it (so that it sees
 *    what the lock's previous holder committed) the uniqueness check, the
 *    organization's verified domains and the insert;
 * 2. the link issue, the connection's statistics, the audit events of linking
 *    and creation, and COMMIT.
 *
 * The organization's own rows (its statistics row, its audit chain's head)
 * are written by that last round trip only, so concurrent creations of one
 * organization wait on each other for one statement's execution, not for
 * the whole transaction. A record that links to an account takes the
 * statistics row first, as before (linking may append audit events of its
 * own: every writer takes the statistics row before the chain head).
 * The answer is built from the insert's RETURNING (a new record belongs to
 * no group yet; later statements of the transaction keep its version).
 */
export async function createUser(ctx: ScimContext, body: unknown): Promise<{ resource: Doc; version: string; id: string }> {
  const doc = canonicalize("User", body);
  const { userName, externalId, active, resource } = partsOf(doc);
  const org = ctx.organizationId;
  const audits: AuditEntry[] = [];
  try {
    const row = await pgTransaction(ctx.db, async (tx) => {
      const claimed = await tx.batch([...(externalId !== null ? [externalIdLock(org, externalId)] : []), insertUnlessTaken(org, doc)]);
      const claim = claimed.at(-1)![0] as unknown as Claim;
      if (claim.user_name_taken) throw uniqueness(`userName ${JSON.stringify(userName)} is already provisioned`);
      if (claim.external_id_taken) throw uniqueness(`externalId ${JSON.stringify(externalId)} is already provisioned`);
      const record: DirectoryRecord = { id: claim.id!, userName, active, doc };
      const verifiedDomains = new Set(claim.verified_domains);
      const target = linkTarget(addressCandidates(doc), verifiedDomains);
      const last: Prisma.Sql[] = [];
      let link: LinkResult;
      if (target.issue) {
        link = { userId: null, issue: target.issue, address: target.address, adopted: false };
        last.push(Prisma.sql`UPDATE scim_users SET link_issue = ${target.issue}, link_address = ${target.address}::text WHERE id = ${record.id}::uuid`);
        last.push(statsUpsert(org, "users_created"));
        audits.push(linkIssueAudit(org, record, target.issue, target.address));
      } else {
        await tx.$executeRaw(statsUpsert(org, "users_created"));
        link = await autoLink(tx, { ...ctx, audits, verifiedDomains }, record);
        if (link.userId && active) await emitUserEvent(tx, org, "user.provisioned", link.userId, record.id);
      }
      audits.push({
        action: "scim.user_create",
        organizationId: org,
        resource: auditResource(record.id, link.userId),
        details: { scimId: record.id, active, linked: link.userId !== null, linkedExisting: link.adopted, ...(link.issue ? { linkIssue: link.issue } : {}), attributes: directoryAttributes(doc) },
        personal: { userName, ...(link.address ? { email: link.address } : {}) },
      });
      await tx.commit([...last, auditBatchSql(ctx.actor, audits)]);
      const created: UserRow = {
        id: record.id,
        created_at: claim.created_at,
        updated_at: claim.updated_at,
        version: claim.version,
        user_id: link.userId,
        user_name: userName,
        external_id: externalId,
        active,
        resource,
        dismissed: false,
        groups: [],
      };
      return created;
    });
    notifyAuditAppended(audits);
    return { resource: serveUser(ctx, row), version: row.version, id: row.id };
  } catch (error) {
    if (isUniqueError(error)) throw uniqueness(`userName ${JSON.stringify(userName)} is already provisioned`);
    throw error;
  }
}
