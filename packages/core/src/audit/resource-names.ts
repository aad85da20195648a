/**
 * Names for the resources audit events point at, so the log reads "Role
 * Billing admins" rather than a UUID. Only resources of the organization whose
 * log is read are named (users: its members, past or present, by their name;
 * organizations: itself and its subtree), so a name never crosses tenants.
 * A deleted resource, or a type without a name, keeps its id.
 */
import { Prisma, type DbOrTx } from "@atrium/db";

/** Per resource type: the table and the column that names a row; every table has organization_id. */
const NAMED: Record<string, { table: string; name: string }> = {
  role: { table: "roles", name: "name" },
  api_key: { table: "api_keys", name: "name" },
  sso_connection: { table: "sso_connections", name: "name" },
  group: { table: "groups", name: "name" },
  workspace: { table: "workspaces", name: "name" },
  invitation: { table: "invitations", name: "email" },
  scim_token: { table: "scim_tokens", name: "name" },
  alert_rule: { table: "audit_alert_rules", name: "name" },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const resourceKey = (type: string, id: string) => `${type}:${id}`;

/** `type:id` → name, for the named resources among `rows`. */
export async function auditResourceNames(db: DbOrTx, organizationId: string, rows: readonly { resourceType: string; resourceId: string | null }[]): Promise<Map<string, string>> {
  const ids = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.resourceId || !UUID.test(r.resourceId)) continue;
    if (!(r.resourceType in NAMED) && r.resourceType !== "user" && r.resourceType !== "organization") continue;
    if (!ids.has(r.resourceType)) ids.set(r.resourceType, new Set());
    ids.get(r.resourceType)!.add(r.resourceId);
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...ids].map(async ([type, set]) => {
      const list = [...set];
      let found: { id: string; name: string }[];
      if (type === "user") {
        found = await db.$queryRaw`
          SELECT DISTINCT u.id::text AS id, u.name FROM users u JOIN memberships m ON m.user_id = u.id
           WHERE u.id = ANY(${list}::uuid[]) AND m.organization_id = ${organizationId}::uuid`;
      } else if (type === "organization") {
        found = await db.$queryRaw`
          SELECT o.id::text AS id, o.name FROM organizations o
           WHERE o.id = ANY(${list}::uuid[]) AND o.path <@ (SELECT path FROM organizations WHERE id = ${organizationId}::uuid)`;
      } else {
        const { table, name } = NAMED[type]!;
        found = await db.$queryRaw`
          SELECT id::text AS id, ${Prisma.raw(`"${name}"`)}::text AS name FROM ${Prisma.raw(`"${table}"`)}
           WHERE id = ANY(${list}::uuid[]) AND organization_id = ${organizationId}::uuid`;
      }
      for (const row of found) names.set(resourceKey(type, row.id), row.name);
    }),
  );
  return names;
}
