/**
 * /v1/authorize: permission decisions for the vendor's product, made exactly
 * as the consoles make them. The subject is loaded by loadOrgAccess (active
 * memberships, custom roles with their conditions, roles inherited from
 * ancestors that allow it, directory attributes, groups), resource grants by
 * grantsOn, and the answer comes from evaluate() (decide(), then the plan's
 * feature, then the archive state). Nothing here decides on its own.
 *
 * Each check gets an answer; nothing in one check fails the batch. The reason
 * is a stable code; `explanation` is the sentence decide() gave.
 * Principals are user ids in this slice; access tokens issued by Atrium's
 * OpenID Provider come with it.
 *
 * Product permissions (`<application>/<resource>:<action>`, declared with
 * PUT /v1/catalog) are decided by the same decide(), with the product catalog
 * as data; one that is not declared is unknown_permission.
 */
import type { DbOrTx } from "@atrium/db";
import { findProductPermission, isPermission, isProductPermissionName, type AnyPermission, type DecisionContext, type Resource } from "@atrium/rbac";
import { grantsOn } from "../access/grants.ts";
import { evaluate, loadOrgAccess, orgResource, type OrgAccess } from "../access/service.ts";
import { workspaceResource } from "../workspaces/service.ts";
import { productPermissionSpecs } from "./catalog.ts";

export interface Check {
  principal: { type: "user"; id: string };
  organizationId: string;
  permission: string;
  resource?: { type: string; id: string } | undefined;
  /** What the product knows of the request it is deciding: the person's IP, whether they passed MFA (for ABAC conditions). */
  context?: { ip?: string | undefined; mfa?: boolean | undefined } | undefined;
}

export const DECISION_REASONS = [
  "granted",
  "not_granted",
  "not_a_member",
  "organization_not_found",
  "resource_not_found",
  "unknown_permission",
  "feature_not_in_plan",
  "organization_archived",
] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

export interface CheckResult {
  allowed: boolean;
  reason: DecisionReason;
  explanation: string;
}

const refused = (reason: DecisionReason, explanation: string): CheckResult => ({ allowed: false, reason, explanation });

/** The resource a check names, within the organization; null when it does not exist there. */
async function resourceOf(db: DbOrTx, access: OrgAccess, named: Check["resource"]): Promise<{ resource: Resource; subject: OrgAccess["subject"] } | null> {
  if (!named || (named.type === "organization" && named.id === access.organization.id)) return { resource: orgResource(access), subject: access.subject };
  if (named.type === "organization") return null;
  let resource: Resource = { type: named.type, id: named.id, organizationId: access.organization.id, ancestorIds: access.organization.ancestorIds };
  if (named.type === "workspace") {
    const workspace = await db.workspace.findFirst({ where: { id: named.id, organizationId: access.organization.id }, select: { id: true, visibility: true } });
    if (!workspace) return null;
    resource = workspaceResource(access.organization.id, workspace);
  }
  return { resource, subject: { ...access.subject, grants: await grantsOn(db, access, named.type, [named.id]) } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function decideChecks(db: DbOrTx, checks: readonly Check[], now = new Date()): Promise<CheckResult[]> {
  // One access load per (user, organization), however many checks share it.
  const accesses = new Map<string, Promise<OrgAccess | null>>();
  const accessOf = (check: Check) => {
    const key = `${check.principal.id}:${check.organizationId}`;
    if (!accesses.has(key)) accesses.set(key, loadOrgAccess(db, check.principal.id, check.organizationId));
    return accesses.get(key)!;
  };
  const organizations = [...new Set(checks.map((c) => c.organizationId))];
  const existing = new Set(
    (await db.organization.findMany({ where: { id: { in: organizations }, deletedAt: null }, select: { id: true } })).map((o) => o.id),
  );
  const products = checks.some((c) => isProductPermissionName(c.permission)) ? await productPermissionSpecs(db) : [];
  const known = (permission: string): permission is AnyPermission =>
    isPermission(permission) || (isProductPermissionName(permission) && findProductPermission(products, permission) !== undefined);

  return Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      if (!existing.has(check.organizationId)) return refused("organization_not_found", `organization ${check.organizationId} does not exist`);
      if (!known(check.permission)) return refused("unknown_permission", `"${check.permission}" is not a permission of the catalog`);
      const access = await accessOf(check);
      if (!access) return refused("not_a_member", `user ${check.principal.id} holds no active role that reaches organization ${check.organizationId}`);
      if (check.resource && check.resource.type !== "organization" && !UUID.test(check.resource.id)) {
        return refused("resource_not_found", `${check.resource.type} ${check.resource.id} is not a resource id`);
      }
      const target = await resourceOf(db, access, check.resource);
      if (!target) return refused("resource_not_found", `${check.resource!.type} ${check.resource!.id} is not in organization ${check.organizationId}`);
      const context: DecisionContext = { now, ip: check.context?.ip, mfa: check.context?.mfa ?? false, ipAllowlist: access.organization.ipAllowlist };
      const verdict = evaluate({ ...access, subject: target.subject }, check.permission, target.resource, context);
      if (verdict.allowed) return { allowed: true, reason: "granted", explanation: verdict.reason };
      return { allowed: false, reason: verdict.refusal ?? "not_granted", explanation: verdict.reason };
    }),
  );
}
