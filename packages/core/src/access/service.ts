/**
 * Loads what packages/rbac needs to decide about one organization — the
 * caller's roles there and on its ancestors (custom roles with their
 * conditions, inheritance settings), their directory attributes, the
 * organization's plan — and enforces decisions: a denial is audited on the
 * organization's log and becomes FORBIDDEN.
 */
import { Prisma, type Db, type DbOrTx } from "@atrium/db";
import {
  decide,
  permissionFeature,
  effectivePermissions,
  FEATURES,
  featureState,
  ipInRanges,
  isPermission,
  PERMISSIONS,
  type Feature,
  type FeatureOverride,
  type Condition,
  type Decision,
  type DecisionContext,
  type Permission,
  type Plan,
  type AnyPermission,
  type ProductPermissionSpec,
  type Resource,
  type RoleAssignment,
  type Subject,
  type SystemRoleName,
} from "@atrium/rbac";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { roleRefOf, type RoleRef } from "../roles/ref.ts";

export interface OrgAccess {
  organization: {
    id: string;
    name: string;
    slug: string;
    parentId: string | null;
    ancestorIds: string[];
    plan: Plan;
    archived: boolean;
    /** Unexpired per-organization feature overrides. */
    overrides: FeatureOverride[];
    /** CIDR ranges; empty: no IP restriction. */
    ipAllowlist: string[];
  };
  /** The caller's own role in this organization (null when it reaches them only by inheritance). */
  role: RoleRef | null;
  subject: Subject;
  /** The product catalog's permissions (every application's), for decide() — see rbac products.ts. */
  products: ProductPermissionSpec[];
}

/** The organization's own policy, as ORG_POLICY_COLUMNS selects it. */
export interface OrgPolicyRow {
  id: string;
  name: string;
  slug: string;
  parent_id: string | null;
  path: string;
  plan: Plan;
  archived: boolean;
  overrides: { feature: Feature; enabled: boolean; expiresAt: string | null }[];
  ip_allowlist: string[];
  products: ProductPermissionSpec[];
}

/** Columns of `organizations o` for OrgPolicyRow: identity, plan, archive state, live feature overrides, IP allowlist, and the product catalog's permissions (platform-wide, for decide()). */
export const ORG_POLICY_COLUMNS = Prisma.sql`
  o.id::text, o.name, o.slug::text, o.parent_id::text, o.path::text, o.plan::text AS plan,
  o.archived_at IS NOT NULL AS archived,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('feature', f.feature, 'enabled', f.enabled, 'expiresAt', f.expires_at)), '[]')
     FROM feature_overrides f
    WHERE f.organization_id = o.id AND (f.expires_at IS NULL OR f.expires_at > now())) AS overrides,
  (SELECT coalesce(array_agg(e.cidr), '{}') FROM ip_allowlist_entries e WHERE e.organization_id = o.id) AS ip_allowlist,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('name', ap.name, 'minimumRole', ap.minimum_role)), '[]')
     FROM application_permissions ap JOIN applications app ON app.id = ap.application_id AND app.archived_at IS NULL) AS products`;

export function organizationOf(row: OrgPolicyRow): OrgAccess["organization"] {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    parentId: row.parent_id,
    ancestorIds: row.path.split(".").slice(0, -1).reverse().map(idFromLabel),
    plan: row.plan,
    archived: row.archived,
    overrides: row.overrides.map((o) => ({ ...o, expiresAt: o.expiresAt ? new Date(o.expiresAt) : null })),
    ipAllowlist: row.ip_allowlist,
  };
}

export interface AccessRow extends OrgPolicyRow {
  group_ids: string[];
  roles: {
    organizationId: string;
    role: SystemRoleName | null;
    customRole: { id: string; name: string; permissions: Permission[]; conditions: Condition[] } | null;
    inherit: boolean;
    attributes: Record<string, string | string[]>;
  }[];
}

const idFromLabel = (label: string) => label.replaceAll("_", "-");

/**
 * The caller's access to an organization, or null when the organization does
 * not exist, is deleted, or the caller holds no role that reaches it (callers
 * answer NOT_FOUND in all three cases, so ids of other tenants reveal nothing).
 * One query: it runs on every org-scoped request.
 */
export async function loadOrgAccess(db: DbOrTx, userId: string, organizationId: string): Promise<OrgAccess | null> {
  const [org] = await db.$queryRaw<AccessRow[]>(orgAccessSelect(Prisma.sql`${userId}::uuid`, organizationId));
  return org ? accessFromRow(org, userId) : null;
}

/**
 * The SELECT behind loadOrgAccess, for a user id given as SQL (a parameter,
 * or a column of an enclosing query: sessionWithOrgAccess joins it to the
 * session lookup so one round trip does both) and an organization id given as
 * a value or, for loadOrgAccesses, as a column of an enclosing query.
 */
export function orgAccessSelect(userId: Prisma.Sql, organizationId: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ${ORG_POLICY_COLUMNS},
           (SELECT coalesce(array_agg(gm.group_id::text), '{}') FROM group_members gm JOIN groups g ON g.id = gm.group_id
             WHERE g.organization_id = o.id AND gm.user_id = ${userId}) AS group_ids,
           (SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'organizationId', m.organization_id,
                     'role', m.role,
                     'customRole', CASE WHEN r.id IS NULL THEN NULL ELSE jsonb_build_object(
                        'id', r.id, 'name', r.name, 'permissions', r.permissions, 'conditions', r.conditions) END,
                     'inherit', a.inherit_roles_to_children,
                     'attributes', m.attributes)), '[]')
              FROM memberships m
              JOIN organizations a ON a.id = m.organization_id
              LEFT JOIN roles r ON r.id = m.custom_role_id
             WHERE m.user_id = ${userId} AND m.status = 'active'
               AND m.organization_id = ANY (string_to_array(replace(o.path::text, '_', '-'), '.')::uuid[])) AS roles
      FROM organizations o
     WHERE o.id = ${organizationId}::uuid AND o.deleted_at IS NULL`;
}

/** The access an orgAccessSelect row grants, or null when no role of the user reaches the organization. */
export function accessFromRow(org: AccessRow, userId: string): OrgAccess | null {
  const roles: RoleAssignment[] = org.roles.map((m) => ({
    organizationId: m.organizationId,
    role: m.customRole ?? m.role!,
    inheritToChildren: m.inherit,
  }));
  const own = org.roles.find((m) => m.organizationId === org.id);
  const reaches = own !== undefined || roles.some((r) => r.inheritToChildren && r.organizationId !== org.id);
  if (!reaches) return null;
  return {
    organization: organizationOf(org),
    role: own ? roleRefOf(own.role, own.customRole) : null,
    subject: { id: userId, roles, groupIds: org.group_ids, attributes: own?.attributes ?? {} },
    products: org.products,
  };
}

export function orgResource(access: OrgAccess): Resource {
  return {
    type: "organization",
    id: access.organization.id,
    organizationId: access.organization.id,
    ancestorIds: access.organization.ancestorIds,
  };
}

export function contextFor(actor: Actor, access?: OrgAccess): DecisionContext {
  const mfa = (actor.type === "user" || actor.type === "staff") && actor.mfa === true;
  return { ip: actor.ip, now: new Date(), mfa, ipAllowlist: access?.organization.ipAllowlist, products: access?.products };
}

export function decideFor(access: OrgAccess, permission: AnyPermission, context: DecisionContext = {}): Decision {
  return decide(access.subject, permission, orgResource(access), { ...context, products: context.products ?? access.products });
}

/** Everything the caller may do in the organization (the SPA hides the rest). */
export function permissionsOf(access: OrgAccess, context: DecisionContext): Set<Permission> {
  return new Set(effectivePermissions(access.subject, orgResource(access), context, PERMISSIONS.map((p) => p.name)));
}

/** The product permissions the caller holds in the organization (for "no granting what you lack" on product permissions). */
export function productPermissionsOf(access: OrgAccess, context: DecisionContext): Set<AnyPermission> {
  const products = { ...context, products: access.products };
  return new Set(effectivePermissions(access.subject, orgResource(access), products, access.products.map((p) => p.name)));
}

/** Permissions that stay available in an archived organization. */
const usableWhenArchived = (permission: AnyPermission) => /:read\b|:read_/.test(permission) || permission === "org:restore";

/** Why a permission is refused beyond the decision itself: the plan lacks its feature, or the organization is archived. */
export type Refusal = "not_granted" | "feature_not_in_plan" | "organization_archived";

export type Verdict = Decision & { refusal?: Refusal };

/**
 * The whole answer for one permission in an organization, as every transport
 * enforces it: decide() (roles, inheritance, grants, ABAC conditions), then
 * the plan's feature for the permission, then the organization's archive
 * state. The consoles (authorize) and /v1/authorize both read it.
 */
export function evaluate(access: OrgAccess, permission: AnyPermission, resource: Resource, context: DecisionContext): Verdict {
  const decision = decide(access.subject, permission, resource, context.products ? context : { ...context, products: access.products });
  if (!decision.allowed) return { ...decision, refusal: "not_granted" };
  // Product permissions need no plan feature of Atrium's; the product gates its own features by entitlements.
  const feature = isPermission(permission) ? permissionFeature(permission) : undefined;
  if (feature) {
    const state = featureState(access.organization.plan, feature, access.organization.overrides, context.now);
    if (!state.enabled) return { allowed: false, reason: `${FEATURES[feature]} ${state.reason}`, refusal: "feature_not_in_plan" };
  }
  if (access.organization.archived && !usableWhenArchived(permission)) {
    return { allowed: false, reason: "the organization is archived", refusal: "organization_archived" };
  }
  return decision;
}

/**
 * Allows, or throws after auditing the refusal with its reason: FORBIDDEN when
 * the decision denies, PAYMENT_REQUIRED when the plan lacks the permission's
 * feature, CONFLICT when the organization is archived.
 */
export async function authorize(
  db: Db,
  actor: Actor,
  access: OrgAccess,
  permission: Permission,
  details: { operation: string },
  resource: Resource = orgResource(access),
): Promise<Decision> {
  const verdict = evaluate(access, permission, resource, contextFor(actor, access));
  if (!verdict.refusal) return verdict;
  await recordAudit(db, actor, {
    action: "access.denied",
    organizationId: access.organization.id,
    status: "denied",
    resource: { type: "permission", id: permission },
    details: { operation: details.operation, reason: verdict.reason, ...(resource.id && resource.type !== "organization" ? { resource: `${resource.type}:${resource.id}` } : {}) },
  });
  switch (verdict.refusal) {
    case "not_granted":
      throw new AppError("FORBIDDEN", { message: verdict.reason, userMessage: `You do not have permission to do this (${permission}).` });
    case "feature_not_in_plan":
      throw new AppError("PAYMENT_REQUIRED", { userMessage: `${verdict.reason}.` });
    case "organization_archived":
      throw new AppError("CONFLICT", { userMessage: "This organization is archived. Restore it to make changes." });
  }
}

/** Refuses (FORBIDDEN, audited) a request from outside the organization's IP allowlist. */
export async function enforceIpAllowlist(db: Db, actor: Actor, access: OrgAccess, operation: string): Promise<void> {
  const ranges = access.organization.ipAllowlist;
  if (ranges.length === 0 || (actor.ip && ipInRanges(actor.ip, ranges))) return;
  await recordAudit(db, actor, {
    action: "access.denied",
    organizationId: access.organization.id,
    status: "denied",
    resource: { type: "ip_allowlist" },
    details: { operation, reason: `IP ${actor.ip ?? "unknown"} is not in the organization's IP allowlist` },
  });
  throw new AppError("FORBIDDEN", { userMessage: "Your network is not on this organization's IP allowlist." });
}
