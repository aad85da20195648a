/**
 * Which organization a person signs in to an application for, and what the
 * tokens say about them there.
 *
 * A person signs in for one organization (like Auth0 Organizations): the one
 * the request names (`organization`: an id or a slug), where they must be an
 * active member; or, without it, their only organization, or the one they
 * choose. The organization's own policies then apply as in the consoles: its
 * IP allowlist and its MFA policy (a password-only session does not enter an
 * organization that requires MFA). Each refusal is audited on the
 * organization's log; each sign-in too.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { ipInRanges } from "@atrium/rbac";
import { loadOrgAccess, permissionsOf } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { getMfaPolicy } from "../mfa/policy.ts";

export interface SignInOrganization {
  id: string;
  slug: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organizations a person may sign in for: active memberships of live, unarchived organizations, by name. */
export async function signInOrganizations(db: DbOrTx, userId: string): Promise<SignInOrganization[]> {
  return db.$queryRaw<SignInOrganization[]>`
    SELECT o.id::text, o.slug, o.name FROM memberships m JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = ${userId}::uuid AND m.status = 'active' AND o.deleted_at IS NULL AND o.archived_at IS NULL
     ORDER BY o.name, o.id`;
}

/** The organization `wanted` (id or slug) names among the person's, or null. */
export function pickOrganization(organizations: SignInOrganization[], wanted: string): SignInOrganization | null {
  const byId = UUID.test(wanted) ? organizations.find((o) => o.id === wanted.toLowerCase()) : undefined;
  return byId ?? organizations.find((o) => o.slug === wanted) ?? null;
}

export type SignInRefusal = "not_a_member" | "ip_not_allowed" | "mfa_required";

const REASONS: Record<SignInRefusal, string> = {
  not_a_member: "not an active member of the organization",
  ip_not_allowed: "IP address not in the organization's IP allowlist",
  mfa_required: "the organization requires multi-factor authentication and the session has none",
};

/**
 * Checks the organization's policies for this sign-in and audits the outcome
 * (`oidc.sign_in`, or `oidc.sign_in_denied` with the reason). `organizationId`
 * null means the request named an organization the person does not belong to:
 * the denial goes to the platform log, as other refusals that reveal nothing.
 */
export async function admitSignIn(
  db: Db,
  actor: Actor & { type: "user" },
  sign: { clientId: string; organizationId: string | null; requested?: string },
): Promise<{ allowed: true } | { allowed: false; refusal: SignInRefusal }> {
  const deny = async (refusal: SignInRefusal, organizationId: string | null) => {
    await recordAudit(db, actor, {
      action: "oidc.sign_in_denied",
      organizationId,
      status: "denied",
      resource: { type: "application", id: sign.clientId },
      details: { reason: REASONS[refusal], ...(sign.requested ? { requestedOrganization: sign.requested } : {}) },
    });
    return { allowed: false as const, refusal };
  };
  if (!sign.organizationId) return deny("not_a_member", null);
  const access = await loadOrgAccess(db, actor.userId, sign.organizationId);
  if (!access || !access.role) return deny("not_a_member", null);
  const ranges = access.organization.ipAllowlist;
  if (ranges.length > 0 && !(actor.ip && ipInRanges(actor.ip, ranges))) return deny("ip_not_allowed", sign.organizationId);
  if ((await getMfaPolicy(db, sign.organizationId)).required && actor.mfa !== true) return deny("mfa_required", sign.organizationId);
  await recordAudit(db, actor, { action: "oidc.sign_in", organizationId: sign.organizationId, resource: { type: "application", id: sign.clientId }, details: {} });
  return { allowed: true };
}

export interface OrganizationClaims {
  org_id: string;
  org_name: string;
  roles: string[];
  permissions: string[];
  plan: string;
}

/**
 * The `organization` scope's claims: the organization, the person's roles
 * there (system role and custom role's name), every permission they hold
 * there (the same decision as the consoles, without request context), and
 * the plan. Null when they are no longer a member.
 */
export async function organizationClaims(db: DbOrTx, userId: string, organizationId: string): Promise<OrganizationClaims | null> {
  const access = await loadOrgAccess(db, userId, organizationId);
  if (!access || !access.role) return null;
  const [membership] = await db.$queryRaw<{ role: string | null; custom_role: string | null }[]>`
    SELECT m.role::text, r.name AS custom_role FROM memberships m LEFT JOIN roles r ON r.id = m.custom_role_id
     WHERE m.user_id = ${userId}::uuid AND m.organization_id = ${organizationId}::uuid AND m.status = 'active'`;
  const roles = [membership?.role, membership?.custom_role].filter((r): r is string => typeof r === "string");
  return {
    org_id: access.organization.id,
    org_name: access.organization.name,
    roles,
    permissions: [...permissionsOf(access, { now: new Date() })].sort(),
    plan: access.organization.plan,
  };
}
