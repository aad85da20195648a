/**
 * SSO connections: several per organization, SAML or OIDC, each starting in
 * test mode. OIDC client secrets are sealed with the SecretBox, bound to the
 * row; IdP certificates are kept as PEM, at most two (rollover).
 *
 * `trustUnverifiedEmail` (OIDC, default off) is the admin's explicit statement
 * that the provider is authoritative for the organization's verified domains:
 * an e-mail it does not mark `email_verified` is then still accepted. Turning
 * it on or off is audited with its before and after.
 */
import { randomUUID } from "node:crypto";
import { isUniqueViolation, type Db, type DbOrTx, type Prisma, type SystemRole } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { resolveRole } from "../roles/service.ts";
import { roleRefOf, type RoleRef } from "../roles/ref.ts";
import { secrets } from "../secrets/box.ts";
import { certificateInfo, normalizeCertificate, type CertificateInfo } from "./certificates.ts";
import { discoverOidc } from "./oidc-discovery.ts";
import { PROVIDER_PRESETS, type AttributeMapping, type SsoProtocol, type SsoProvider } from "./presets.ts";
import { createInitialSpCertificate, spKeyPairFor } from "./sp-certificates.ts";
import { connectionSelect, loadConnection, secretContext, type ConnectionRecord } from "./connection-record.ts";
import { emitEvent } from "../events/emit.ts";

export interface ConnectionInput {
  name: string;
  provider: SsoProvider;
  protocol: SsoProtocol;
  saml?:
    | {
        idpEntityId: string;
        idpSsoUrl: string;
        certificates: string[];
        allowIdpInitiated: boolean;
        signAuthnRequests?: boolean | undefined;
        /** Omitted: keep (new connections: true). */
        wantAssertionsSigned?: boolean | undefined;
        /** Omitted: keep (new connections: false). */
        allowSha1Signatures?: boolean | undefined;
      }
    | undefined;
  oidc?:
    | {
        discoveryUrl?: string | null | undefined;
        issuer?: string | null | undefined;
        authorizationUrl?: string | null | undefined;
        tokenUrl?: string | null | undefined;
        jwksUrl?: string | null | undefined;
        /** Optional: read when the id_token lacks mapped claims; discovery fills it. */
        userinfoUrl?: string | null | undefined;
        clientId: string;
        /** Omitted on update: keep the stored secret. */
        clientSecret?: string | undefined;
        scopes?: string | undefined;
        /** Omitted: keep the stored value (off for a new connection). */
        trustUnverifiedEmail?: boolean | undefined;
      }
    | undefined;
  attributeMapping?: AttributeMapping | undefined;
  /** A system role name (not owner) or a custom role id. */
  defaultRole?: string | undefined;
}

export interface ConnectionRow {
  id: string;
  name: string;
  provider: SsoProvider;
  protocol: SsoProtocol;
  status: "test" | "live";
  idpEntityId: string | null;
  idpSsoUrl: string | null;
  certificates: CertificateInfo[];
  allowIdpInitiated: boolean;
  /** Our AuthnRequests carry an HTTP-Redirect signature by the active SP key. */
  signAuthnRequests: boolean;
  /**
   * The assertion itself must be signed (a response-level signature alone is refused); our SP
   * metadata publishes it as WantAssertionsSigned. True for new connections; false for those made
   * before the setting existed, which kept accepting either signature.
   */
  wantAssertionsSigned: boolean;
  /** An explicit, audited opt-in to RSA-SHA1 signatures and SHA-1 digests (refused otherwise). */
  allowSha1Signatures: boolean;
  oidc: { issuer: string | null; discoveryUrl: string | null; authorizationUrl: string | null; tokenUrl: string | null; jwksUrl: string | null; userinfoUrl: string | null; clientId: string | null; hasSecret: boolean; scopes: string; trustUnverifiedEmail: boolean };
  attributeMapping: AttributeMapping;
  defaultRole: RoleRef;
  createdAt: Date;
  lastLoginAt: Date | null;
}

async function toRow(db: DbOrTx, row: ConnectionRecord): Promise<ConnectionRow> {
  const custom = row.defaultCustomRoleId
    ? await db.role.findUnique({ where: { id: row.defaultCustomRoleId }, select: { id: true, name: true } })
    : null;
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as SsoProvider,
    protocol: row.protocol as SsoProtocol,
    status: row.status as "test" | "live",
    idpEntityId: row.idpEntityId,
    idpSsoUrl: row.idpSsoUrl,
    certificates: row.idpCertificates.map((pem) => certificateInfo(pem)),
    allowIdpInitiated: row.allowIdpInitiated,
    signAuthnRequests: row.signAuthnRequests,
    wantAssertionsSigned: row.wantAssertionsSigned,
    allowSha1Signatures: row.allowSha1Signatures,
    oidc: {
      issuer: row.oidcIssuer,
      discoveryUrl: row.oidcDiscoveryUrl,
      authorizationUrl: row.oidcAuthorizationUrl,
      tokenUrl: row.oidcTokenUrl,
      jwksUrl: row.oidcJwksUrl,
      userinfoUrl: row.oidcUserinfoUrl,
      clientId: row.oidcClientId,
      hasSecret: row.oidcClientSecret !== null,
      scopes: row.oidcScopes,
      trustUnverifiedEmail: row.trustUnverifiedEmail,
    },
    attributeMapping: row.attributeMapping as AttributeMapping,
    defaultRole: roleRefOf(row.defaultRole, custom),
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

export async function listConnections(db: Db, organizationId: string): Promise<ConnectionRow[]> {
  const rows = await db.ssoConnection.findMany({ where: { organizationId }, select: connectionSelect, orderBy: { createdAt: "asc" } });
  return Promise.all(rows.map((r) => toRow(db, r)));
}

export async function getConnection(db: DbOrTx, organizationId: string, connectionId: string): Promise<ConnectionRow> {
  const row = await loadConnection(db, connectionId);
  if (row.organizationId !== organizationId) throw notFound("The SSO connection");
  return toRow(db, row);
}

/** The columns for a protocol's settings, validated (and OIDC discovery resolved). */
async function protocolColumns(input: ConnectionInput, existing: ConnectionRecord | null) {
  // A draft: created from the wizard's first step, so the admin can copy our SP values before configuring the IdP.
  if (input.protocol === "saml" ? !input.saml : !input.oidc) {
    if (existing) throw new AppError("BAD_REQUEST", { userMessage: "Give the IdP's settings." });
    return {};
  }
  if (input.protocol === "saml") {
    const saml = input.saml!;
    if (saml.certificates.length === 0 || saml.certificates.length > 2) {
      throw new AppError("BAD_REQUEST", { userMessage: "Give one IdP signing certificate, or two during a rollover." });
    }
    return {
      idpEntityId: saml.idpEntityId,
      idpSsoUrl: saml.idpSsoUrl,
      idpCertificates: saml.certificates.map(normalizeCertificate),
      allowIdpInitiated: saml.allowIdpInitiated,
      ...(saml.signAuthnRequests === undefined ? {} : { signAuthnRequests: saml.signAuthnRequests }),
      ...(saml.wantAssertionsSigned === undefined ? {} : { wantAssertionsSigned: saml.wantAssertionsSigned }),
      ...(saml.allowSha1Signatures === undefined ? {} : { allowSha1Signatures: saml.allowSha1Signatures }),
    };
  }
  const oidc = input.oidc!;
  let endpoints = {
    issuer: oidc.issuer ?? null,
    authorizationUrl: oidc.authorizationUrl ?? null,
    tokenUrl: oidc.tokenUrl ?? null,
    jwksUrl: oidc.jwksUrl ?? null,
    userinfoUrl: oidc.userinfoUrl ?? null,
  };
  if (oidc.discoveryUrl) {
    const discovered = await discoverOidc(oidc.discoveryUrl);
    endpoints = { ...discovered, userinfoUrl: discovered.userinfoUrl ?? oidc.userinfoUrl ?? null };
  }
  if (!endpoints.issuer || !endpoints.authorizationUrl || !endpoints.tokenUrl || !endpoints.jwksUrl) {
    throw new AppError("BAD_REQUEST", { userMessage: "Give a discovery URL, or the issuer, authorization, token and JWKS URLs." });
  }
  if (!oidc.clientSecret && !existing?.oidcClientSecret) throw new AppError("BAD_REQUEST", { userMessage: "The client secret is required." });
  return {
    oidcDiscoveryUrl: oidc.discoveryUrl ?? null,
    oidcIssuer: endpoints.issuer,
    oidcAuthorizationUrl: endpoints.authorizationUrl,
    oidcTokenUrl: endpoints.tokenUrl,
    oidcJwksUrl: endpoints.jwksUrl,
    oidcUserinfoUrl: endpoints.userinfoUrl,
    oidcClientId: oidc.clientId,
    oidcScopes: oidc.scopes ?? "openid email profile",
    ...(oidc.trustUnverifiedEmail === undefined ? {} : { trustUnverifiedEmail: oidc.trustUnverifiedEmail }),
  };
}

async function defaultRoleColumns(db: DbOrTx, organizationId: string, key: string | undefined): Promise<{ defaultRole: SystemRole | null; defaultCustomRoleId: string | null }> {
  const resolved = await resolveRole(db, organizationId, key ?? "member");
  if (resolved.columns.role === "owner") throw new AppError("BAD_REQUEST", { userMessage: "SSO cannot make people owners." });
  return { defaultRole: resolved.columns.role, defaultCustomRoleId: resolved.columns.customRoleId };
}

export async function createConnection(db: Db, actor: Actor, organizationId: string, input: ConnectionInput): Promise<ConnectionRow> {
  const preset = PROVIDER_PRESETS[input.provider];
  if (!preset.protocols.includes(input.protocol)) throw new AppError("BAD_REQUEST", { userMessage: `${preset.label} does not support ${input.protocol.toUpperCase()} here.` });
  const columns = await protocolColumns(input, null);
  // The id is chosen here so that the SAML key pair (slow to make) exists before the transaction opens.
  const id = randomUUID();
  const spKeyPair = input.protocol === "saml" ? await spKeyPairFor(id) : null;
  return db.$transaction(async (tx) => {
    const roles = await defaultRoleColumns(tx, organizationId, input.defaultRole);
    const created = await tx.ssoConnection.create({
      data: {
        id,
        organizationId,
        name: input.name,
        provider: input.provider,
        protocol: input.protocol,
        ...columns,
        ...roles,
        attributeMapping: (input.attributeMapping ?? preset.attributeMapping[input.protocol]) as Prisma.InputJsonObject,
        createdById: actor.type === "user" || actor.type === "staff" ? actor.userId : null,
      },
      select: { id: true },
    });
    const spCertificate = spKeyPair ? await createInitialSpCertificate(tx, { id: created.id, organizationId }, spKeyPair) : null;
    if (input.protocol === "oidc" && input.oidc?.clientSecret) {
      await tx.ssoConnection.update({ where: { id: created.id }, data: { oidcClientSecret: secrets().encrypt(input.oidc.clientSecret, secretContext(created.id)) }, select: { id: true } });
    }
    await recordAudit(tx, actor, {
      action: "sso.connection_create",
      organizationId,
      resource: { type: "sso_connection", id: created.id },
      details: {
        name: input.name,
        provider: input.provider,
        protocol: input.protocol,
        status: "test",
        ...(spCertificate ? { spCertificate: spCertificate.fingerprint } : {}),
        ...(input.oidc?.trustUnverifiedEmail ? { trustUnverifiedEmail: true } : {}),
      },
    });
    return getConnection(tx, organizationId, created.id);
  });
}

export async function updateConnection(db: Db, actor: Actor, organizationId: string, connectionId: string, input: ConnectionInput): Promise<ConnectionRow> {
  const existing = await loadConnection(db, connectionId);
  if (existing.organizationId !== organizationId) throw notFound("The SSO connection");
  if (existing.protocol !== input.protocol) throw new AppError("BAD_REQUEST", { userMessage: "A connection's protocol cannot change; add a new connection instead." });
  const columns = await protocolColumns(input, existing);
  return db.$transaction(async (tx) => {
    const roles = await defaultRoleColumns(tx, organizationId, input.defaultRole);
    await tx.ssoConnection.update({
      where: { id: connectionId },
      data: {
        name: input.name,
        provider: input.provider,
        ...columns,
        ...roles,
        ...(input.attributeMapping ? { attributeMapping: input.attributeMapping as Prisma.InputJsonObject } : {}),
        ...(input.protocol === "oidc" && input.oidc?.clientSecret ? { oidcClientSecret: secrets().encrypt(input.oidc.clientSecret, secretContext(connectionId)) } : {}),
      },
      select: { id: true },
    });
    const certificatesChanged = input.protocol === "saml" && existing.idpCertificates.join() !== (columns as { idpCertificates?: string[] }).idpCertificates?.join();
    const trust = (columns as { trustUnverifiedEmail?: boolean }).trustUnverifiedEmail;
    const trustChanged = trust !== undefined && trust !== existing.trustUnverifiedEmail;
    await recordAudit(tx, actor, {
      action: "sso.connection_update",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: {
        name: input.name,
        certificatesChanged,
        secretChanged: Boolean(input.oidc?.clientSecret),
        ...signatureSettingChanges(existing, input),
        ...(trustChanged ? { trustUnverifiedEmail: { before: existing.trustUnverifiedEmail, after: trust } } : {}),
      },
    });
    const sha1 = input.saml?.allowSha1Signatures;
    if (sha1 !== undefined && sha1 !== existing.allowSha1Signatures) {
      // An event of its own, so a search for the weakening finds it without reading every update.
      await recordAudit(tx, actor, {
        action: "sso.connection_update",
        organizationId,
        resource: { type: "sso_connection", id: connectionId },
        details: {
          allowSha1Signatures: { before: existing.allowSha1Signatures, after: sha1 },
          warning: sha1 ? "SHA-1 signatures (RSA-SHA1, SHA-1 digests) are now accepted from this IdP." : "SHA-1 signatures are refused again.",
        },
      });
    }
    return getConnection(tx, organizationId, connectionId);
  });
}

/** The SAML signature requirements an update changes, as before/after pairs for its audit event. */
function signatureSettingChanges(existing: ConnectionRecord, input: ConnectionInput) {
  const want = input.saml?.wantAssertionsSigned;
  return want !== undefined && want !== existing.wantAssertionsSigned ? { wantAssertionsSigned: { before: existing.wantAssertionsSigned, after: want } } : {};
}

/** test → live makes the connection route users by domain; live → test takes it back. */
/**
 * Whether the connection's most recent test sign-in passed: the only evidence that the IdP's
 * settings work before people are routed to it.
 */
async function lastTestPassed(tx: DbOrTx, connectionId: string): Promise<boolean> {
  const last = await tx.ssoTestResult.findFirst({ where: { connectionId }, orderBy: { createdAt: "desc" }, select: { ok: true } });
  return last?.ok === true;
}

/**
 * test → live (people of the verified domains are routed to the IdP) or back. Going live needs a
 * passing test (the latest "Test connection" run succeeded) or, when the admin cannot run one, the
 * connection's name typed as `confirmName`: that go-live is recorded as untested in the audit log.
 */
export async function setConnectionStatus(
  db: Db,
  actor: Actor,
  organizationId: string,
  connectionId: string,
  status: "test" | "live",
  options: { confirmName?: string } = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await loadConnection(tx, connectionId);
    if (existing.organizationId !== organizationId) throw notFound("The SSO connection");
    const configured = existing.protocol === "saml" ? Boolean(existing.idpSsoUrl && existing.idpCertificates.length) : Boolean(existing.oidcClientId && existing.oidcTokenUrl);
    if (status === "live" && !configured) throw new AppError("CONFLICT", { userMessage: "Configure the IdP's settings and test the connection before taking it live." });
    const goingLive = status === "live" && existing.status !== "live";
    const untested = goingLive && !(await lastTestPassed(tx, connectionId));
    if (untested && options.confirmName?.trim() !== existing.name) {
      throw new AppError("CONFLICT", {
        userMessage: "Run a passing test of this connection first, or type its name to take it live without one.",
      });
    }
    if (status === "test") {
      const enforcement = await tx.ssoEnforcement.findUnique({ where: { organizationId }, select: { enforced: true } });
      const otherLive = await tx.ssoConnection.count({ where: { organizationId, status: "live", id: { not: connectionId } } });
      if (enforcement?.enforced && otherLive === 0) {
        throw new AppError("CONFLICT", { userMessage: "SSO is enforced: turn enforcement off before taking the last live connection back to test mode." });
      }
    }
    await tx.ssoConnection.update({ where: { id: connectionId }, data: { status }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.connection_update",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { status: { before: existing.status, after: status }, ...(untested ? { withoutPassingTest: true } : {}) },
    });
    if (goingLive) await emitEvent(tx, organizationId, "sso_connection.activated", { connectionId, protocol: existing.protocol === "oidc" ? "oidc" : "saml" });
  });
}

export async function deleteConnection(db: Db, actor: Actor, organizationId: string, connectionId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await loadConnection(tx, connectionId);
    if (existing.organizationId !== organizationId) throw notFound("The SSO connection");
    const enforcement = await tx.ssoEnforcement.findUnique({ where: { organizationId }, select: { enforced: true } });
    const otherLive = await tx.ssoConnection.count({ where: { organizationId, status: "live", id: { not: connectionId } } });
    if (enforcement?.enforced && existing.status === "live" && otherLive === 0) {
      throw new AppError("CONFLICT", { userMessage: "SSO is enforced: turn enforcement off before deleting the last live connection." });
    }
    await tx.ssoTestResult.deleteMany({ where: { connectionId } });
    await tx.ssoConnection.delete({ where: { id: connectionId }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.connection_delete",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { name: existing.name, protocol: existing.protocol },
    });
  });
}

export interface RoleMappingRow {
  idpGroup: string;
  role: RoleRef;
}

export async function listRoleMappings(db: DbOrTx, organizationId: string, connectionId: string): Promise<RoleMappingRow[]> {
  await getConnection(db, organizationId, connectionId);
  const rows = await db.ssoRoleMapping.findMany({ where: { organizationId, connectionId }, select: { idpGroup: true, role: true, customRoleId: true }, orderBy: { idpGroup: "asc" } });
  const customs = await db.role.findMany({ where: { id: { in: rows.flatMap((r) => (r.customRoleId ? [r.customRoleId] : [])) } }, select: { id: true, name: true } });
  return rows.map((r) => ({ idpGroup: r.idpGroup, role: roleRefOf(r.role, customs.find((c) => c.id === r.customRoleId) ?? null) }));
}

/** Replaces the connection's group → role mappings (one transaction, one audit event). */
export async function setRoleMappings(db: Db, actor: Actor, organizationId: string, connectionId: string, mappings: { idpGroup: string; role: string }[]): Promise<RoleMappingRow[]> {
  return db.$transaction(async (tx) => {
    await getConnection(tx, organizationId, connectionId);
    const before = await listRoleMappings(tx, organizationId, connectionId);
    await tx.ssoRoleMapping.deleteMany({ where: { connectionId } });
    for (const mapping of mappings) {
      const resolved = await resolveRole(tx, organizationId, mapping.role);
      if (resolved.columns.role === "owner") throw new AppError("BAD_REQUEST", { userMessage: "SSO cannot make people owners." });
      try {
        await tx.ssoRoleMapping.create({
          data: { organizationId, connectionId, idpGroup: mapping.idpGroup, role: resolved.columns.role, customRoleId: resolved.columns.customRoleId },
          select: { id: true },
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError("CONFLICT", { userMessage: `The group "${mapping.idpGroup}" is mapped twice.` });
        throw error;
      }
    }
    const after = await listRoleMappings(tx, organizationId, connectionId);
    await recordAudit(tx, actor, {
      action: "sso.role_mapping_update",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { before: before.map((m) => `${m.idpGroup} → ${m.role.name}`), after: after.map((m) => `${m.idpGroup} → ${m.role.name}`) },
    });
    return after;
  });
}

/** Our side of a connection: what the admin copies into the IdP. */
export function serviceProviderValues(publicUrl: string, connectionId: string) {
  const base = `${publicUrl.replace(/\/$/, "")}/auth`;
  return {
    entityId: `${base}/saml/${connectionId}/metadata`,
    acsUrl: `${base}/saml/${connectionId}/acs`,
    metadataUrl: `${base}/saml/${connectionId}/metadata`,
    samlLoginUrl: `${base}/saml/${connectionId}/login`,
    redirectUri: `${base}/oidc/${connectionId}/callback`,
    oidcLoginUrl: `${base}/oidc/${connectionId}/login`,
  };
}

/** The organization a connection belongs to (NOT_FOUND when unknown). */
export async function getConnectionOrganization(db: DbOrTx, connectionId: string): Promise<string> {
  return (await loadConnection(db, connectionId)).organizationId;
}

/**
 * Zero-downtime IdP certificate rotation: add the IdP's next certificate next
 * to the current one (both verify during the rollover), then drop the old one.
 */
export async function setCertificates(db: Db, actor: Actor, organizationId: string, connectionId: string, certificates: string[]): Promise<ConnectionRow> {
  if (certificates.length === 0 || certificates.length > 2) throw new AppError("BAD_REQUEST", { userMessage: "Give one IdP signing certificate, or two during a rollover." });
  const pems = certificates.map(normalizeCertificate);
  return db.$transaction(async (tx) => {
    const existing = await loadConnection(tx, connectionId);
    if (existing.organizationId !== organizationId) throw notFound("The SSO connection");
    if (existing.protocol !== "saml") throw new AppError("BAD_REQUEST", { userMessage: "Only SAML connections have IdP certificates." });
    await tx.ssoConnection.update({ where: { id: connectionId }, data: { idpCertificates: pems }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.connection_update",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: {
        certificates: {
          before: existing.idpCertificates.map((p) => certificateInfo(p).fingerprint),
          after: pems.map((p) => certificateInfo(p).fingerprint),
        },
      },
    });
    return getConnection(tx, organizationId, connectionId);
  });
}
