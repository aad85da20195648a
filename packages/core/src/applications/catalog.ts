/**
 * The product catalog: what an application's product declares of itself —
 * its permissions, resource types and audit action types — through
 * PUT /v1/catalog. Declared through the API, not a file read at Atrium's
 * boot, because the vendor's product ships on its own schedule: a new
 * permission is live on the next request, with no Atrium deploy.
 *
 * Every name starts with the application's slug and a "/"
 * (`demo-product/notes:share`, `demo-product/note`, `demo-product/note.share`),
 * so it never collides with Atrium's own catalog (whose names hold no "/")
 * nor with another application's.
 *
 * A PUT replaces the whole document (idempotent). A permission still held by
 * a custom role or a resource grant in any organization cannot be removed
 * (409 naming it): a role must never silently lose, or later silently regain,
 * what its members rely on. Organization admins take it out of their roles
 * first. Resource types still named by a grant are kept the same way.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { ProductMinimumRole, ProductPermission, ProductPermissionSpec } from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

export interface CatalogDocument {
  permissions: { name: ProductPermission; description: string; category: string; minimumRole: ProductMinimumRole }[];
  resourceTypes: { type: string; description: string }[];
  auditActions: { action: string; description: string }[];
}

export interface CatalogApplication {
  id: string;
  slug: string;
}

export async function getCatalog(db: DbOrTx, applicationId: string): Promise<CatalogDocument> {
  const [permissions, resourceTypes, auditActions] = await Promise.all([
    db.applicationPermission.findMany({ where: { applicationId }, orderBy: { position: "asc" }, select: { name: true, description: true, category: true, minimumRole: true } }),
    db.applicationResourceType.findMany({ where: { applicationId }, orderBy: { position: "asc" }, select: { type: true, description: true } }),
    db.applicationAuditAction.findMany({ where: { applicationId }, orderBy: { position: "asc" }, select: { action: true, description: true } }),
  ]);
  return {
    permissions: permissions.map((p) => ({ ...p, name: p.name as ProductPermission, minimumRole: p.minimumRole as ProductMinimumRole })),
    resourceTypes,
    auditActions,
  };
}

const duplicates = (names: string[]) => [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];

/** Names outside the application's namespace, or declared twice. */
function problemsOf(application: CatalogApplication, doc: CatalogDocument): string[] {
  const prefix = `${application.slug}/`;
  const all = [...doc.permissions.map((p) => p.name), ...doc.resourceTypes.map((t) => t.type), ...doc.auditActions.map((a) => a.action)];
  const problems: string[] = [];
  const foreign = all.filter((n) => !n.startsWith(prefix));
  if (foreign.length) problems.push(`Every name must start with "${prefix}": ${foreign.join(", ")}.`);
  const twice = duplicates(all);
  if (twice.length) problems.push(`Declared more than once: ${twice.join(", ")}.`);
  return problems;
}

/** Which of these permissions and resource types custom roles or resource grants still use, in any organization. */
async function stillUsed(db: DbOrTx, permissions: string[], resourceTypes: string[]): Promise<string[]> {
  const used: string[] = [];
  if (permissions.length) {
    const rows = await db.$queryRaw<{ name: string }[]>`
      SELECT DISTINCT p AS name FROM (
        SELECT unnest(permissions) AS p FROM roles WHERE permissions && ${permissions}::text[]
        UNION ALL
        SELECT unnest(permissions) AS p FROM resource_grants WHERE permissions && ${permissions}::text[]) held
       WHERE p = ANY (${permissions}::text[])
       ORDER BY 1`;
    used.push(...rows.map((r) => r.name));
  }
  if (resourceTypes.length) {
    const rows = await db.resourceGrant.findMany({ where: { resourceType: { in: resourceTypes } }, distinct: ["resourceType"], select: { resourceType: true } });
    used.push(...rows.map((r) => r.resourceType).sort());
  }
  return used;
}

/**
 * Replaces the application's catalog with `doc`, in one transaction with its
 * audit record (platform log, what was added and removed). Serialized per
 * application so two PUTs cannot interleave. A refused document (a name
 * outside the namespace or declared twice: BAD_REQUEST; removing what roles or
 * grants still use: CONFLICT) is recorded as a denied `application.catalog_update`
 * in the transaction that read the catalog, and then thrown.
 */
export async function putCatalog(db: Db, actor: Actor, application: CatalogApplication, doc: CatalogDocument): Promise<CatalogDocument> {
  const applicationId = application.id;
  const outcome = await db.$transaction(async (tx): Promise<CatalogDocument | AppError> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`catalog:${applicationId}`}, 0))`;
    const refuse = async (error: AppError, details: Record<string, string[]>) => {
      await recordAudit(tx, actor, {
        action: "application.catalog_update",
        organizationId: null,
        status: "denied",
        resource: { type: "application", id: applicationId },
        details: { reason: error.code === "CONFLICT" ? "still_used" : "invalid", ...details },
      });
      return error;
    };
    const problems = problemsOf(application, doc);
    if (problems.length) return refuse(new AppError("BAD_REQUEST", { userMessage: problems.join(" ") }), { problems });

    const before = await getCatalog(tx, applicationId);
    const names = (d: CatalogDocument) => ({
      permissions: d.permissions.map((p) => p.name as string),
      resourceTypes: d.resourceTypes.map((t) => t.type),
      auditActions: d.auditActions.map((a) => a.action),
    });
    const was = names(before);
    const now = names(doc);
    const gone = (k: keyof typeof was) => was[k].filter((n) => !now[k].includes(n));
    const added = (k: keyof typeof was) => now[k].filter((n) => !was[k].includes(n));

    const used = await stillUsed(tx, gone("permissions"), gone("resourceTypes"));
    if (used.length) {
      const error = new AppError("CONFLICT", {
        userMessage: `Still used by custom roles or resource grants, so they cannot be removed: ${used.join(", ")}. Organizations must take them out of their roles and grants first.`,
      });
      return refuse(error, { stillUsed: used });
    }
    // Names are global keys (slug-prefixed): another application cannot hold them, so replacing ours is safe.
    await tx.applicationPermission.deleteMany({ where: { applicationId } });
    await tx.applicationResourceType.deleteMany({ where: { applicationId } });
    await tx.applicationAuditAction.deleteMany({ where: { applicationId } });
    await tx.applicationPermission.createMany({ data: doc.permissions.map((p, position) => ({ applicationId, ...p, position })) });
    await tx.applicationResourceType.createMany({ data: doc.resourceTypes.map((t, position) => ({ applicationId, ...t, position })) });
    await tx.applicationAuditAction.createMany({ data: doc.auditActions.map((a, position) => ({ applicationId, ...a, position })) });
    await recordAudit(tx, actor, {
      action: "application.catalog_update",
      organizationId: null,
      resource: { type: "application", id: applicationId },
      details: {
        permissions: { added: added("permissions"), removed: gone("permissions"), count: now.permissions.length },
        resourceTypes: { added: added("resourceTypes"), removed: gone("resourceTypes"), count: now.resourceTypes.length },
        auditActions: { added: added("auditActions"), removed: gone("auditActions"), count: now.auditActions.length },
      },
    });
    return getCatalog(tx, applicationId);
  });
  if (outcome instanceof AppError) throw outcome;
  return outcome;
}

/**
 * Every declared product permission, as decide() needs it. The access loader
 * reads the same rows in its one query (access/service.ts); this is for the
 * callers that decide without an OrgAccess.
 */
export async function productPermissionSpecs(db: DbOrTx): Promise<ProductPermissionSpec[]> {
  const rows = await db.applicationPermission.findMany({ select: { name: true, minimumRole: true }, orderBy: [{ applicationId: "asc" }, { position: "asc" }] });
  return rows.map((r) => ({ name: r.name as ProductPermission, minimumRole: r.minimumRole as ProductMinimumRole }));
}

export interface ProductCatalogView {
  application: { slug: string; name: string };
  permissions: { name: string; description: string; category: string; minimumRole: ProductMinimumRole }[];
  resourceTypes: { type: string; description: string }[];
}

/** The product catalogs, grouped by application, for the roles editor (permissions under the product's name). */
export async function productCatalogs(db: DbOrTx): Promise<ProductCatalogView[]> {
  const apps = await db.application.findMany({
    where: { archivedAt: null, permissions: { some: {} } },
    orderBy: { name: "asc" },
    select: {
      slug: true,
      name: true,
      permissions: { orderBy: { position: "asc" }, select: { name: true, description: true, category: true, minimumRole: true } },
      resourceTypes: { orderBy: { position: "asc" }, select: { type: true, description: true } },
    },
  });
  return apps.map((a) => ({
    application: { slug: a.slug, name: a.name },
    permissions: a.permissions.map((p) => ({ ...p, minimumRole: p.minimumRole as ProductMinimumRole })),
    resourceTypes: a.resourceTypes,
  }));
}

/** The registered audit action of this application, or null. */
export async function registeredAuditActions(db: DbOrTx, applicationId: string): Promise<Set<string>> {
  const rows = await db.applicationAuditAction.findMany({ where: { applicationId }, select: { action: true } });
  return new Set(rows.map((r) => r.action));
}
