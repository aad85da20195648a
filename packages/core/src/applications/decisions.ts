/**
 * /v1/authorize: permission decisions for the vendor's product, made exactly
 * as the consoles make them. The subject is loaded by loadOrgAccesses (loadOrgAccess for every
 * (person, organization) pair of the batch in one statement: active
 * memberships, custom roles with their conditions, roles inherited from
 * ancestors that allow it, directory attributes, groups), resource grants by
 * grantsOn, and the answer comes from evaluate() (decide(), then the plan's
 * feature, then the archive state). Nothing here decides on its own.
 *
 * Each check gets an answer; nothing in one check fails the batch. The reason
 * is a stable code; `explanation` is the sentence decide() gave.
 * A principal is a user id, or an access token issued by Atrium's OpenID
 * Provider to the calling application: the caller resolves tokens
 * (`resolveToken`, see oidc-provider/access-token-principal.ts) to their person
 * and the organization their grant was given for; an inactive token, one
 * issued to another application, or a check naming another organization than
 * the token's is denied with its reason before anything else is looked at.
 *
 * Product permissions (`<application>/<resource>:<action>`, declared with
 * PUT /v1/catalog) are decided by the same decide(), with the product catalog
 * as data; one that is not declared is unknown_permission.
 */
import type { DbOrTx } from "@atrium/db";
import { findProductPermission, isPermission, isProductPermissionName, type AnyPermission, type DecisionContext, type ProductPermissionSpec, type Resource } from "@atrium/rbac";
import { grantsOn } from "../access/grants.ts";
import { loadOrgAccesses, pairKey, type PairAccess } from "../access/batch.ts";
import { evaluate, orgResource, type OrgAccess } from "../access/service.ts";
import { workspaceResource } from "../workspaces/service.ts";
import { productPermissionSpecs } from "./catalog.ts";

export type Principal = { type: "user"; id: string } | { type: "access_token"; token: string };

/** What an access token stands for, as the caller's resolver found it. */
export type TokenPrincipal =
  | { active: true; userId: string; organizationId: string | null }
  | { active: false; reason: "token_inactive" | "token_not_for_application" };

export interface Check {
  principal: Principal;
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
  "token_inactive",
  "token_not_for_application",
  "token_organization_mismatch",
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

const TOKEN_REFUSALS = {
  token_inactive: "the access token is not active: unknown, expired or revoked",
  token_not_for_application: "the access token was issued to another application",
} as const;

export interface DecideOptions {
  now?: Date;
  /** Resolves an access-token principal; without it, every token check is token_inactive. */
  resolveToken?: (token: string) => Promise<TokenPrincipal>;
  /**
   * The batch's (person, organization) accesses, already read in the caller's
   * own statement of this request (admitSecretKey with pairs). Used only when
   * it answers every pair; otherwise they are loaded here.
   */
  accesses?: Map<string, PairAccess>;
}

/** An Atrium permission, or a product permission of the catalog `products` (read for this batch). */
function isKnown(permission: string, products: readonly ProductPermissionSpec[]): permission is AnyPermission {
  return isPermission(permission) || (isProductPermissionName(permission) && findProductPermission(products, permission) !== undefined);
}

/** evaluate()'s verdict on `check` as a CheckResult, with the check's own context (IP, MFA) when it gives one. */
function verdictOf(access: OrgAccess, check: Check, resource: Resource, context: DecisionContext): CheckResult {
  const verdict = evaluate(access, check.permission as AnyPermission, resource, check.context ? { ...context, ip: check.context.ip, mfa: check.context.mfa ?? false } : context);
  if (verdict.allowed) return { allowed: true, reason: "granted", explanation: verdict.reason };
  return { allowed: false, reason: verdict.refusal ?? "not_granted", explanation: verdict.reason };
}

/** A check naming a resource of the organization other than itself: the resource (and its grants) read, then decided. */
async function decideOnResource(db: DbOrTx, access: OrgAccess, check: Check, named: NonNullable<Check["resource"]>, context: DecisionContext): Promise<CheckResult> {
  const target = await resourceOf(db, access, named);
  return target
    ? verdictOf({ ...access, subject: target.subject }, check, target.resource, context)
    : refused("resource_not_found", `${named.type} ${named.id} is not in organization ${check.organizationId}`);
}

/** Each check's person (a user id), or the refusal of a check whose access token does not count; one resolution per distinct token. */
function principalsOf(checks: readonly Check[], resolveToken: DecideOptions["resolveToken"]): Promise<(string | CheckResult)[]> {
  const tokens = new Map<string, Promise<TokenPrincipal>>();
  const tokenOf = (token: string) => {
    if (!tokens.has(token)) tokens.set(token, resolveToken ? resolveToken(token) : Promise.resolve({ active: false, reason: "token_inactive" }));
    return tokens.get(token)!;
  };
  return Promise.all(
    checks.map(async (check): Promise<string | CheckResult> => {
      if (check.principal.type === "user") return check.principal.id;
      const principal = await tokenOf(check.principal.token);
      if (!principal.active) return refused(principal.reason, TOKEN_REFUSALS[principal.reason]);
      if (principal.organizationId !== null && principal.organizationId !== check.organizationId) {
        return refused("token_organization_mismatch", `the access token was issued for organization ${principal.organizationId}, not ${check.organizationId}`);
      }
      return principal.userId;
    }),
  );
}

export async function decideChecks(db: DbOrTx, checks: readonly Check[], options: DecideOptions = {}): Promise<CheckResult[]> {
  const now = options.now ?? new Date();
  // One resolution per distinct token, then one statement for every (user, organization) pair of the batch:
  // the organizations' existence and each person's access there (loadOrgAccesses).
  // A batch of user ids (the usual one) is decided without a promise per check.
  const principals = checks.every((c) => c.principal.type === "user") ? checks.map((c) => (c.principal as { id: string }).id) : await principalsOf(checks, options.resolveToken);
  const pairs = checks.flatMap((check, i) => {
    const userId = principals[i];
    return typeof userId === "string" ? [{ userId, organizationId: check.organizationId }] : [];
  });
  const [accesses, products] = await Promise.all([
    options.accesses && pairs.every((p) => options.accesses!.has(pairKey(p))) ? options.accesses : loadOrgAccesses(db, pairs),
    checks.some((c) => isProductPermissionName(c.permission)) ? productPermissionSpecs(db) : [],
  ]);

  // Checks on a resource other than the organization read it (and its grants) first; the others are decided at once,
  // in a plain loop with no function made per check (tsx names every function it makes, which costs more than the decision).
  const results: CheckResult[] = new Array(checks.length);
  const pending: Promise<void>[] = [];
  // What every check of one (person, organization) pair shares: the organization as a resource and the decision context.
  const shared = new Map<string, { resource: Resource; context: DecisionContext }>();
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i]!;
    const userId = principals[i]!;
    if (typeof userId !== "string") {
      results[i] = userId;
      continue;
    }
    const key = pairKey({ userId, organizationId: check.organizationId });
    const { exists, access } = accesses.get(key)!;
    if (!exists) results[i] = refused("organization_not_found", `organization ${check.organizationId} does not exist`);
    else if (!isKnown(check.permission, products)) results[i] = refused("unknown_permission", `"${check.permission}" is not a permission of the catalog`);
    else if (!access) results[i] = refused("not_a_member", `user ${userId} holds no active role that reaches organization ${check.organizationId}`);
    else {
      let pair = shared.get(key);
      if (!pair) {
        pair = { resource: orgResource(access), context: { now, mfa: false, ipAllowlist: access.organization.ipAllowlist, products: access.products } };
        shared.set(key, pair);
      }
      const named = check.resource;
      if (!named || (named.type === "organization" && named.id === access.organization.id)) results[i] = verdictOf(access, check, pair.resource, pair.context);
      else if (named.type !== "organization" && !UUID.test(named.id)) results[i] = refused("resource_not_found", `${named.type} ${named.id} is not a resource id`);
      else pending.push(decideOnResource(db, access, check, named, pair.context).then((result) => void (results[i] = result)));
    }
  }
  await Promise.all(pending);
  return results;
}
