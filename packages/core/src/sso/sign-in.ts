/**
 * What happens after a SAML assertion or an OIDC id_token passed every
 * check: attribute mapping, then either the admin's test result or a real
 * sign-in (JIT user and membership, group → role mapping applied on every
 * login, a session), all in one transaction with its audit events.
 *
 * The account: the link of `(connection, subject)` when there is one
 * (identities.ts), else the e-mail — which must be in a verified domain of the
 * organization and, for OIDC, marked verified by the provider
 * (`email_verified`) unless the admin made the connection authoritative for
 * its domains (`trustUnverifiedEmail`). The first sign-in creates the link.
 *
 * Every refusal is an SsoLoginError: `reason` is a stable code and `detail`
 * the exact cause; both go to the audit log and the admin's test view, while
 * the person signing in sees a generic page.
 */
import type { Db, DbOrTx, Prisma, SystemRole } from "@atrium/db";
import { actorForUser, type Actor, type RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { createSession } from "../auth/sessions.ts";
import { roleRefOf } from "../roles/ref.ts";
import type { ConnectionRecord } from "./connection-record.ts";
import { findUnstorableText, storableText } from "../security/text.ts";
import type { AttributeMapping } from "./presets.ts";
import { conflictError, isStableSubject, linkedUserId, linkIdentity, otherLinkedSubject, touchIdentity } from "./identities.ts";
import { emitEvent } from "../events/emit.ts";
import { SsoLoginError } from "./login-error.ts";

export { SsoLoginError };

export interface SsoIdentity {
  /** NameID (SAML) or sub (OIDC). */
  subject: string;
  /** The SAML NameID Format; a transient NameID is no stable subject (matched by e-mail, never linked). */
  subjectFormat?: string | undefined;
  attributes: Record<string, unknown>;
  /**
   * OIDC: whether the provider vouches for the mapped e-mail (`email_verified`).
   * Undefined where the protocol makes no such statement (SAML: the IdP asserts it).
   */
  emailVerified?: boolean | undefined;
}

export interface MappedProfile {
  email: string | null;
  name: string | null;
  department: string | null;
  title: string | null;
  groups: string[];
}

export type SsoOutcome =
  | { kind: "session"; token: string; expiresAt: Date; user: { id: string; email: string; name: string }; organizationId: string }
  | { kind: "test"; resultId: string; organizationId: string; connectionId: string; ok: boolean };

const EMAIL = /^[^\s@<>()]+@[a-z0-9.-]+\.[a-z]{2,}$/i;
const ROLE_RANK: Record<SystemRole, number> = { owner: 4, admin: 3, member: 2, viewer: 1 };

const first = (value: unknown): string | null => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" && v.trim() ? v.trim() : null;
};
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).filter((v): v is string => typeof v === "string" && v.length > 0);

export function mapProfile(identity: SsoIdentity, mapping: AttributeMapping): MappedProfile {
  const attr = (key: string | undefined) => (key ? identity.attributes[key] : undefined);
  const email = first(attr(mapping.email)) ?? (EMAIL.test(identity.subject) ? identity.subject : null);
  return {
    email: email && EMAIL.test(email) ? email.toLowerCase() : null,
    name: first(attr(mapping.name)),
    department: first(attr(mapping.department)),
    title: first(attr(mapping.title)),
    groups: list(attr(mapping.groups)),
  };
}

async function emailDomainVerified(db: DbOrTx, organizationId: string, email: string): Promise<boolean> {
  const domain = email.split("@")[1]!;
  const row = await db.ssoDomain.findFirst({ where: { organizationId, domain, verifiedAt: { not: null } }, select: { id: true } });
  return row !== null;
}

/** The role the IdP's groups give: the highest mapped system role, else the first mapped custom role, else the default. */
async function roleFor(db: DbOrTx, connection: ConnectionRecord, groups: string[]) {
  const mappings = await db.ssoRoleMapping.findMany({
    where: { connectionId: connection.id, idpGroup: { in: groups } },
    select: { idpGroup: true, role: true, customRoleId: true },
    orderBy: { idpGroup: "asc" },
  });
  const system = mappings.filter((m) => m.role).sort((a, b) => ROLE_RANK[b.role!] - ROLE_RANK[a.role!])[0];
  const chosen = system ?? mappings[0];
  if (chosen) return { role: chosen.role, customRoleId: chosen.customRoleId, source: `group ${chosen.idpGroup}` };
  return { role: connection.defaultRole, customRoleId: connection.defaultCustomRoleId, source: "default role" };
}

export interface CompleteOptions {
  testByUserId: string | null;
  meta: RequestMeta;
}

export async function completeSsoLogin(db: Db, connection: ConnectionRecord, identity: SsoIdentity, options: CompleteOptions): Promise<SsoOutcome> {
  // A signed response may still carry NUL characters (or an id_token invalid Unicode), which the database refuses.
  const unstorable = findUnstorableText(identity);
  if (unstorable) throw new SsoLoginError("invalid_attributes", `The identity provider sent text that cannot be stored (a NUL character or invalid Unicode) in ${storableText(unstorable.path)}.`);
  const profile = mapProfile(identity, connection.attributeMapping as AttributeMapping);
  const organizationId = connection.organizationId;
  if (profile.email && identity.emailVerified === false && !connection.trustUnverifiedEmail) {
    throw new SsoLoginError(
      "email_not_verified",
      `The provider does not mark ${profile.email} as verified (email_verified is not true), so it cannot identify an account. ` +
        "Have the provider verify its users' addresses, or mark this connection as authoritative for your verified domains.",
    );
  }
  const stable = isStableSubject(identity.subjectFormat);

  if (options.testByUserId) {
    const linked = stable ? await linkedUserId(db, connection.id, identity.subject) : null;
    const existing = profile.email && stable && !linked ? await db.user.findUnique({ where: { email: profile.email }, select: { id: true } }) : null;
    const other = existing ? await otherLinkedSubject(db, connection.id, existing.id, identity.subject) : null;
    const problem = !profile.email
      ? "No e-mail address was found in the NameID or the mapped e-mail attribute."
      : !(await emailDomainVerified(db, organizationId, profile.email))
        ? `The e-mail domain of ${profile.email} is not a verified domain of this organization; verify it before people can sign in.`
        : other !== null
          ? conflictError(profile.email, other).message
          : null;
    const role = await roleFor(db, connection, profile.groups);
    return db.$transaction(async (tx) => {
      const result = await tx.ssoTestResult.create({
        data: {
          organizationId,
          connectionId: connection.id,
          userId: options.testByUserId,
          ok: problem === null,
          error: problem,
          attributes: { subject: identity.subject, linked: linked !== null, received: identity.attributes, mapped: { ...profile }, role: role.source } as Prisma.InputJsonObject,
        },
        select: { id: true },
      });
      const tester = await tx.user.findUniqueOrThrow({ where: { id: options.testByUserId! }, select: { id: true, email: true, platformRole: true } });
      await recordAudit(tx, actorForUser(tester, options.meta), {
        action: "sso.connection_test",
        organizationId,
        status: problem ? "error" : "success",
        resource: { type: "sso_connection", id: connection.id },
        details: { ok: problem === null, ...(problem ? { error: problem } : {}) },
      });
      return { kind: "test" as const, resultId: result.id, organizationId, connectionId: connection.id, ok: problem === null };
    });
  }

  if (connection.status !== "live") throw new SsoLoginError("connection_in_test_mode", "The connection is in test mode; only an admin's test sign-in may use it.");
  if (!profile.email) throw new SsoLoginError("missing_email", "No e-mail address in the NameID or the mapped e-mail attribute.");
  if (!(await emailDomainVerified(db, organizationId, profile.email))) {
    throw new SsoLoginError("email_domain_not_verified", `The domain of ${profile.email} is not verified by this organization.`);
  }
  const email = profile.email;

  return db.$transaction(async (tx) => {
    const anonymous: Actor = { type: "anonymous", label: email, ...options.meta };
    const userSelect = { id: true, email: true, name: true, platformRole: true, status: true } as const;
    const linkedId = stable ? await linkedUserId(tx, connection.id, identity.subject) : null;
    let user = linkedId
      ? await tx.user.findUniqueOrThrow({ where: { id: linkedId }, select: userSelect })
      : await tx.user.findUnique({ where: { email }, select: userSelect });
    if (user && user.status !== "active") throw new SsoLoginError("user_deactivated", "The Atrium account is deactivated.");
    if (user?.platformRole) throw new SsoLoginError("platform_account", "Platform staff accounts cannot sign in through a tenant's IdP.");
    if (!user) {
      user = await tx.user.create({ data: { email, name: jitName(profile.name, email) }, select: { id: true, email: true, name: true, platformRole: true, status: true } });
      await recordAudit(tx, anonymous, {
        action: "user.create",
        organizationId,
        resource: { type: "user", id: user.id },
        details: { reason: "just-in-time provisioning by SSO", connectionId: connection.id },
        personal: { email: user.email, name: user.name },
      });
    }
    const actor = actorForUser(user, options.meta);
    if (linkedId) await touchIdentity(tx, connection.id, identity.subject);
    else if (stable) await linkIdentity(tx, actor, { organizationId, connectionId: connection.id, subject: identity.subject, userId: user.id, email: user.email });
    const attributes = Object.fromEntries(
      Object.entries({ department: profile.department, title: profile.title, groups: profile.groups.length ? profile.groups : null }).filter(([, v]) => v !== null),
    ) as Prisma.InputJsonObject;
    const mapped = await roleFor(tx, connection, profile.groups);
    const hasMappings = (await tx.ssoRoleMapping.count({ where: { connectionId: connection.id } })) > 0;
    const membership = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId: user.id } },
      select: { id: true, role: true, customRoleId: true, status: true },
    });
    if (!membership) {
      await tx.membership.create({ data: { organizationId, userId: user.id, role: mapped.role, customRoleId: mapped.customRoleId, attributes }, select: { id: true } });
      const custom = mapped.customRoleId ? await tx.role.findUnique({ where: { id: mapped.customRoleId }, select: { id: true, name: true } }) : null;
      await recordAudit(tx, actor, {
        action: "membership.create",
        organizationId,
        resource: { type: "user", id: user.id },
        details: { role: roleRefOf(mapped.role, custom) as unknown as Prisma.InputJsonObject, reason: `just-in-time provisioning by SSO (${mapped.source})`, connectionId: connection.id },
      });
      await emitEvent(tx, organizationId, "membership.created", { userId: user.id, role: roleRefOf(mapped.role, custom).key });
    } else {
      if (membership.status !== "active") throw new SsoLoginError("membership_deactivated", "The membership in this organization is deactivated.");
      const changes = hasMappings && membership.role !== "owner" && (membership.role !== mapped.role || membership.customRoleId !== mapped.customRoleId);
      await tx.membership.update({
        where: { id: membership.id },
        data: { attributes, ...(changes ? { role: mapped.role, customRoleId: mapped.customRoleId } : {}) },
        select: { id: true },
      });
      if (changes) {
        const ids = [membership.customRoleId, mapped.customRoleId].filter((v): v is string => v !== null);
        const customs = await tx.role.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
        await recordAudit(tx, actor, {
          action: "sso.role_mapped",
          organizationId,
          resource: { type: "user", id: user.id },
          details: {
            before: roleRefOf(membership.role, customs.find((c) => c.id === membership.customRoleId) ?? null) as unknown as Prisma.InputJsonObject,
            after: roleRefOf(mapped.role, customs.find((c) => c.id === mapped.customRoleId) ?? null) as unknown as Prisma.InputJsonObject,
            source: mapped.source,
            connectionId: connection.id,
          },
        });
      }
    }
    const session = await createSession(tx, user.id, options.meta, { origin: { authMethod: connection.protocol as "saml" | "oidc", ssoConnectionId: connection.id } });
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
    await tx.ssoConnection.update({ where: { id: connection.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.login",
      organizationId,
      resource: { type: "sso_connection", id: connection.id },
      details: { protocol: connection.protocol, role: mapped.source },
    });
    return { kind: "session" as const, ...session, user: { id: user.id, email: user.email, name: user.name }, organizationId };
  });
}

/**
 * Records a refused SSO sign-in: an audit event with the exact reason, and
 * for an admin's test run the error in the test view.
 */
export async function recordSsoFailure(
  db: Db,
  connection: { id: string; organizationId: string; protocol: string } | null,
  error: SsoLoginError,
  options: CompleteOptions,
): Promise<{ testResultId: string | null }> {
  return db.$transaction(async (tx) => {
    await recordAudit(tx, { type: "anonymous", label: "sso", ...options.meta }, {
      action: "sso.login",
      organizationId: connection?.organizationId ?? null,
      status: "denied",
      resource: { type: "sso_connection", id: connection?.id ?? null },
      details: { reason: error.reason, detail: error.detail.slice(0, 1000), ...(connection ? { protocol: connection.protocol } : {}) },
    });
    if (!connection || !options.testByUserId) return { testResultId: null };
    const result = await tx.ssoTestResult.create({
      data: { organizationId: connection.organizationId, connectionId: connection.id, userId: options.testByUserId, ok: false, error: `${error.reason}: ${error.detail}`.slice(0, 2000) },
      select: { id: true },
    });
    return { testResultId: result.id };
  });
}

/**
 * The name a just-in-time user gets: the IdP's name attribute with its
 * whitespace and control characters collapsed, lone surrogates replaced, cut to the 200 characters a user name may have
 * (whole code points), or the e-mail's local part when the IdP sent none or
 * only blanks (an IdP's over-long name used to fail the users check as a 500).
 */
export function jitName(name: string | null | undefined, email: string): string {
  const clean = (s: string) =>
    // eslint-disable-next-line no-control-regex -- control characters are what is dropped
    [...s.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd").replace(/\s+/g, " ").trim()]
      .slice(0, 200)
      .join("")
      .trim();
  return clean(name ?? "") || clean(email.split("@")[0]!) || "SSO user";
}
