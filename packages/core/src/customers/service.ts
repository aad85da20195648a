/**
 * The vendor's view of its customers, for platform staff in the CSM portal:
 * each top-level organization with its plan, region and people.
 */
import type { Db } from "@atrium/db";
import type { OrganizationSummary } from "../organizations/service.ts";

export interface CustomerRow
  extends Pick<OrganizationSummary, "id" | "name" | "slug" | "plan" | "region" | "status" | "isEnterprise" | "createdAt"> {
  /** Organizations in the customer's tree, itself included. */
  organizationCount: number;
  /** Distinct people with an active membership anywhere in the tree. */
  memberCount: number;
}

export async function listCustomers(db: Db): Promise<CustomerRow[]> {
  const rows = await db.$queryRaw<(Omit<CustomerRow, "organizationCount" | "memberCount"> & { organizationCount: bigint; memberCount: bigint })[]>`
    SELECT r.id::text AS id, r.name, r.slug::text AS slug, r.plan::text AS plan, r.region::text AS region,
           r.status::text AS status, r.is_enterprise AS "isEnterprise", r.created_at AS "createdAt",
           (SELECT count(*) FROM organizations o WHERE o.path <@ r.path AND o.deleted_at IS NULL) AS "organizationCount",
           (SELECT count(DISTINCT m.user_id) FROM memberships m JOIN organizations o ON o.id = m.organization_id
             WHERE o.path <@ r.path AND o.deleted_at IS NULL AND m.status = 'active') AS "memberCount"
      FROM organizations r
     WHERE r.parent_id IS NULL AND r.deleted_at IS NULL
     ORDER BY r.name`;
  return rows.map((r) => ({ ...r, organizationCount: Number(r.organizationCount), memberCount: Number(r.memberCount) }));
}
