/**
 * Verified domains, home-realm discovery and enforcement.
 *
 * An organization claims a domain and proves it by publishing a TXT record
 * `_atrium-verification.<domain>` = `atrium-verification=<token>`; the DNS
 * lookup is a parameter so tests need no DNS. A verified domain belongs to one
 * organization. Sign-in by e-mail sends people whose domain is verified by an
 * organization with a live connection to that IdP. Enforcement turns password
 * sign-in off for those domains, except for one break-glass owner account.
 */
import { resolveTxt as dnsResolveTxt } from "node:dns/promises";
import { isUniqueViolation, type Db, type DbOrTx } from "@atrium/db";
import { actorForUser, type Actor, type RequestMeta } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { randomToken } from "../crypto.ts";
import { PROVIDER_PRESETS, type SsoProvider } from "./presets.ts";

export type ResolveTxt = (hostname: string) => Promise<string[][]>;
export const defaultResolveTxt: ResolveTxt = dnsResolveTxt;

export interface DomainRow {
  id: string;
  domain: string;
  verified: boolean;
  verifiedAt: Date | null;
  recordName: string;
  recordValue: string;
}

const toRow = (d: { id: string; domain: string; token: string; verifiedAt: Date | null }): DomainRow => ({
  id: d.id,
  domain: d.domain,
  verified: d.verifiedAt !== null,
  verifiedAt: d.verifiedAt,
  recordName: `_atrium-verification.${d.domain}`,
  recordValue: `atrium-verification=${d.token}`,
});
const domainSelect = { id: true, domain: true, token: true, verifiedAt: true } as const;

export async function listDomains(db: Db, organizationId: string): Promise<DomainRow[]> {
  const rows = await db.ssoDomain.findMany({ where: { organizationId }, select: domainSelect, orderBy: { domain: "asc" } });
  return rows.map(toRow);
}

export async function addDomain(db: Db, actor: Actor, organizationId: string, domain: string): Promise<DomainRow> {
  const name = domain.trim().toLowerCase().replace(/\.$/, "");
  return db.$transaction(async (tx) => {
    const taken = await tx.ssoDomain.findFirst({ where: { domain: name, verifiedAt: { not: null }, organizationId: { not: organizationId } }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", { userMessage: `${name} is already verified by another organization.` });
    let row;
    try {
      row = await tx.ssoDomain.create({ data: { organizationId, domain: name, token: randomToken(16) }, select: domainSelect });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", { userMessage: `${name} is already added.` });
      throw error;
    }
    await recordAudit(tx, actor, { action: "sso.domain_add", organizationId, resource: { type: "sso_domain", id: row.id }, details: { domain: name } });
    return toRow(row);
  });
}

/** Looks for the TXT record; marks the domain verified when it is there. */
export async function verifyDomain(db: Db, actor: Actor, organizationId: string, domainId: string, resolveTxt: ResolveTxt = defaultResolveTxt): Promise<DomainRow> {
  const row = await db.ssoDomain.findFirst({ where: { id: domainId, organizationId }, select: domainSelect });
  if (!row) throw notFound("The domain");
  if (row.verifiedAt) return toRow(row);
  const expected = toRow(row);
  const records = await resolveTxt(expected.recordName).catch((): string[][] => []);
  const found = records.some((chunks) => chunks.join("") === expected.recordValue);
  return db.$transaction(async (tx) => {
    if (!found) {
      await recordAudit(tx, actor, {
        action: "sso.domain_verify",
        organizationId,
        status: "error",
        resource: { type: "sso_domain", id: row.id },
        details: { domain: row.domain, reason: "txt_record_not_found" },
      });
      return expected;
    }
    try {
      const updated = await tx.ssoDomain.update({ where: { id: row.id }, data: { verifiedAt: new Date() }, select: domainSelect });
      await recordAudit(tx, actor, { action: "sso.domain_verify", organizationId, resource: { type: "sso_domain", id: row.id }, details: { domain: row.domain } });
      return toRow(updated);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", { userMessage: `${row.domain} is already verified by another organization.` });
      throw error;
    }
  });
}

export async function removeDomain(db: Db, actor: Actor, organizationId: string, domainId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.ssoDomain.findFirst({ where: { id: domainId, organizationId }, select: domainSelect });
    if (!row) throw notFound("The domain");
    await tx.ssoDomain.delete({ where: { id: row.id }, select: { id: true } });
    await recordAudit(tx, actor, { action: "sso.domain_remove", organizationId, resource: { type: "sso_domain", id: row.id }, details: { domain: row.domain } });
  });
}

export type RealmDiscovery =
  | { method: "password" }
  | { method: "sso"; connectionId: string; protocol: "saml" | "oidc"; organizationName: string; enforced: boolean; idpName: string };

/** Well-known providers by their product name ("Continue with Okta"); any other by the connection's own name. */
const NAMED_PROVIDERS: ReadonlySet<SsoProvider> = new Set(["okta", "entra", "google", "onelogin"]);
export function idpDisplayName(connection: { provider: string; name: string }): string {
  const provider = connection.provider as SsoProvider;
  return NAMED_PROVIDERS.has(provider) ? PROVIDER_PRESETS[provider].label : connection.name;
}

/** Home-realm discovery: where a person with this e-mail signs in. */
export async function discoverRealm(db: Db, email: string): Promise<RealmDiscovery> {
  const domain = email.trim().toLowerCase().split("@")[1];
  if (!domain) return { method: "password" };
  const owner = await db.ssoDomain.findFirst({ where: { domain, verifiedAt: { not: null } }, select: { organizationId: true } });
  if (!owner) return { method: "password" };
  const connection = await db.ssoConnection.findFirst({
    where: { organizationId: owner.organizationId, status: "live" },
    select: { id: true, protocol: true, provider: true, name: true },
    orderBy: { createdAt: "asc" },
  });
  if (!connection) return { method: "password" };
  const [org, enforcement] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: owner.organizationId }, select: { name: true } }),
    db.ssoEnforcement.findUnique({ where: { organizationId: owner.organizationId }, select: { enforced: true } }),
  ]);
  return { method: "sso", connectionId: connection.id, protocol: connection.protocol as "saml" | "oidc", organizationName: org.name, enforced: enforcement?.enforced ?? false, idpName: idpDisplayName(connection) };
}

export interface EnforcementRow {
  enforced: boolean;
  breakGlassUserId: string | null;
  updatedAt: Date | null;
}

export async function getEnforcement(db: Db, organizationId: string): Promise<EnforcementRow> {
  const row = await db.ssoEnforcement.findUnique({ where: { organizationId }, select: { enforced: true, breakGlassUserId: true, updatedAt: true } });
  return row ?? { enforced: false, breakGlassUserId: null, updatedAt: null };
}

/**
 * Turns enforcement on or off. On needs a live connection, a verified domain
 * and a break-glass account that is an active owner of the organization.
 */
export async function setEnforcement(db: Db, actor: Actor, organizationId: string, input: { enforced: boolean; breakGlassUserId: string | null }): Promise<EnforcementRow> {
  return db.$transaction(async (tx) => {
    if (input.enforced) {
      const live = await tx.ssoConnection.count({ where: { organizationId, status: "live" } });
      if (live === 0) throw new AppError("CONFLICT", { userMessage: "Take a tested connection live before enforcing SSO." });
      const domains = await tx.ssoDomain.count({ where: { organizationId, verifiedAt: { not: null } } });
      if (domains === 0) throw new AppError("CONFLICT", { userMessage: "Verify at least one domain before enforcing SSO." });
      if (!input.breakGlassUserId) throw new AppError("BAD_REQUEST", { userMessage: "Choose a break-glass owner account that keeps password sign-in." });
    }
    if (input.breakGlassUserId) {
      const owner = await tx.membership.findFirst({ where: { organizationId, userId: input.breakGlassUserId, role: "owner", status: "active" }, select: { id: true } });
      if (!owner) throw new AppError("BAD_REQUEST", { userMessage: "The break-glass account must be an active owner of the organization." });
    }
    const before = await tx.ssoEnforcement.findUnique({ where: { organizationId }, select: { enforced: true, breakGlassUserId: true } });
    const updatedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const row = await tx.ssoEnforcement.upsert({
      where: { organizationId },
      create: { organizationId, enforced: input.enforced, breakGlassUserId: input.breakGlassUserId, updatedById },
      update: { enforced: input.enforced, breakGlassUserId: input.breakGlassUserId, updatedById, updatedAt: new Date() },
      select: { enforced: true, breakGlassUserId: true, updatedAt: true },
    });
    await recordAudit(tx, actor, {
      action: "sso.enforce",
      organizationId,
      resource: { type: "organization", id: organizationId },
      details: { before: before?.enforced ?? false, after: input.enforced, breakGlassUserId: input.breakGlassUserId },
    });
    return row;
  });
}

export type PasswordGate = { kind: "allowed" } | { kind: "refused"; organizationId: string } | { kind: "break_glass"; organizationId: string };

/**
 * Asked by password sign-in before the password is checked (so a refusal
 * says nothing about the password): refuses when the e-mail's domain is
 * verified by an organization that enforces SSO, unless the user is that
 * organization's break-glass account. Refusals are audited here; a
 * break-glass sign-in is audited by `recordBreakGlassLogin` with the session.
 */
export async function passwordLoginGate(db: Db, email: string, userId: string | null, meta: RequestMeta): Promise<PasswordGate> {
  const domain = email.split("@")[1];
  if (!domain) return { kind: "allowed" };
  const owner = await db.ssoDomain.findFirst({ where: { domain, verifiedAt: { not: null } }, select: { organizationId: true } });
  if (!owner) return { kind: "allowed" };
  const enforcement = await db.ssoEnforcement.findUnique({ where: { organizationId: owner.organizationId }, select: { enforced: true, breakGlassUserId: true } });
  if (!enforcement?.enforced) return { kind: "allowed" };
  if (userId && enforcement.breakGlassUserId === userId) return { kind: "break_glass", organizationId: owner.organizationId };
  await recordAudit(db, { type: "anonymous", label: email, ...meta }, {
    action: "auth.login",
    organizationId: owner.organizationId,
    status: "denied",
    resource: { type: "user", id: userId },
    details: { reason: "sso_enforced" },
  });
  return { kind: "refused", organizationId: owner.organizationId };
}

export async function recordBreakGlassLogin(tx: DbOrTx, user: { id: string; email: string; platformRole: string | null }, organizationId: string, meta: RequestMeta): Promise<void> {
  await recordAudit(tx, actorForUser(user, meta), {
    action: "sso.break_glass_login",
    organizationId,
    resource: { type: "user", id: user.id },
    details: { reason: "password sign-in by the break-glass account while SSO is enforced" },
  });
}
