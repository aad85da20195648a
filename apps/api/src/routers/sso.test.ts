/**
 * The sso router: connections from IdP metadata, certificate rollover, role
 * mappings, domain verification (DNS TXT through an injected resolver),
 * home-realm discovery, enforcement with a break-glass owner, and tenant
 * isolation of every procedure.
 */
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { createSamlIdp, sandboxKeys } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const txtRecords = new Map<string, string[][]>();
const api = await startTestApi({ sso: { resolveTxt: async (name) => txtRecords.get(name) ?? [] } });
const globex = api.demo.organizations["globex"]!;
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("it@globex.example");
const acmeAdmin = await api.signedIn("admin@acme.example");
const idp = createSamlIdp({ entityId: "https://idp.globex.example/saml", ssoUrl: "https://idp.globex.example/sso", ...sandboxKeys("idp") });
const statusOf = async (call: Promise<unknown>) => (await callError(call)).status;

const imported = await owner.trpc.sso.connections.parseMetadata.mutate({ orgId: globex, xml: idp.metadata() });
const created = await owner.trpc.sso.connections.create.mutate({
  orgId: globex,
  name: "Globex Okta",
  provider: "okta",
  protocol: "saml",
  saml: { idpEntityId: imported.entityId, idpSsoUrl: imported.ssoUrl, certificates: imported.certificates, allowIdpInitiated: false },
});

describe("connections", () => {
  it("reads IdP metadata and starts new connections in test mode with our SP values", async () => {
    const parsed = await owner.trpc.sso.connections.parseMetadata.mutate({ orgId: globex, xml: idp.metadata() });
    expect(parsed).toMatchObject({ entityId: "https://idp.globex.example/saml", ssoUrl: "https://idp.globex.example/sso" });
    expect(parsed.certificateInfo[0]).toMatchObject({ status: "ok", subject: "CN=Atrium sandbox IdP (idp)" });
    expect(created).toMatchObject({ status: "test", provider: "okta", idpEntityId: "https://idp.globex.example/saml", defaultRole: { key: "member" } });
    expect(created.sp).toMatchObject({ acsUrl: `${api.url}/auth/saml/${created.id}/acs`, entityId: `${api.url}/auth/saml/${created.id}/metadata` });
    expect(created.attributeMapping).toMatchObject({ email: "email", groups: "groups" });
    expect(await api.db.auditEvent.count({ where: { action: "sso.connection_create", resourceId: created.id } })).toBe(1);
  });

  it("refuses metadata that is not an IdP's", async () => {
    expect(await statusOf(owner.trpc.sso.connections.parseMetadata.mutate({ orgId: globex, xml: "<x/>" }))).toBe(400);
  });

  it("rolls over to a second certificate and back to one", async () => {
    const both = await owner.trpc.sso.connections.rotateCertificates.mutate({ orgId: globex, connectionId: created.id, certificates: [sandboxKeys("idp").certificate, sandboxKeys("idp-next").certificate] });
    expect(both.certificates.map((c) => c.subject)).toEqual(["CN=Atrium sandbox IdP (idp)", "CN=Atrium sandbox IdP (idp-next)"]);
    const next = await owner.trpc.sso.connections.rotateCertificates.mutate({ orgId: globex, connectionId: created.id, certificates: [sandboxKeys("idp-next").certificate] });
    expect(next.certificates).toHaveLength(1);
    expect(await statusOf(owner.trpc.sso.connections.rotateCertificates.mutate({ orgId: globex, connectionId: created.id, certificates: ["not a certificate"] }))).toBe(400);
    await owner.trpc.sso.connections.rotateCertificates.mutate({ orgId: globex, connectionId: created.id, certificates: [sandboxKeys("idp").certificate] });
  });

  it("maps IdP groups to system or custom roles, never to owner", async () => {
    const role = await api.db.role.create({ data: { organizationId: globex, name: "Support agent", permissions: ["org:read"] }, select: { id: true } });
    const mappings = await owner.trpc.sso.roleMappings.set.mutate({ orgId: globex, connectionId: created.id, mappings: [{ idpGroup: "it-admins", role: "admin" }, { idpGroup: "support", role: role.id }] });
    expect(mappings).toEqual([
      { idpGroup: "it-admins", role: { key: "admin", name: "admin", custom: false } },
      { idpGroup: "support", role: { key: role.id, name: "Support agent", custom: true } },
    ]);
    expect(await statusOf(owner.trpc.sso.roleMappings.set.mutate({ orgId: globex, connectionId: created.id, mappings: [{ idpGroup: "x", role: "owner" }] }))).toBe(400);
    expect(await owner.trpc.sso.roleMappings.list.query({ orgId: globex, connectionId: created.id })).toHaveLength(2);
    expect(await api.db.auditEvent.count({ where: { action: "sso.role_mapping_update", resourceId: created.id } })).toBe(1);
  });
});

describe("domains, discovery and enforcement", () => {
  it("verifies a domain only when its TXT record is published", async () => {
    const domain = await owner.trpc.sso.domains.add.mutate({ orgId: globex, domain: "Globex.example" });
    expect(domain).toMatchObject({ domain: "globex.example", verified: false, recordName: "_atrium-verification.globex.example" });
    expect(await owner.trpc.sso.domains.verify.mutate({ orgId: globex, domainId: domain.id })).toMatchObject({ verified: false });
    expect(await api.db.auditEvent.count({ where: { action: "sso.domain_verify", status: "error" } })).toBe(1);
    txtRecords.set(domain.recordName, [["v=spf1 -all"], [domain.recordValue]]);
    expect(await owner.trpc.sso.domains.verify.mutate({ orgId: globex, domainId: domain.id })).toMatchObject({ verified: true });
    expect(await api.db.auditEvent.count({ where: { action: "sso.domain_verify", status: "success" } })).toBe(1);
  });

  it("keeps a verified domain to one organization", async () => {
    expect(await statusOf(acmeAdmin.trpc.sso.domains.add.mutate({ orgId: acme, domain: "globex.example" }))).toBe(409);
  });

  it("routes an e-mail to the IdP once a connection is live (home-realm discovery)", async () => {
    expect(await api.client().trpc.sso.discover.mutate({ email: "karl.berg@globex.example" })).toEqual({ method: "password" });
    await owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: created.id, status: "live", confirmName: created.name });
    expect(await api.client().trpc.sso.discover.mutate({ email: "karl.berg@globex.example" })).toEqual({
      method: "sso",
      organizationName: "Globex Corporation",
      idpName: "Okta", // the provider's product name, for "Continue with Okta"
      enforced: false,
      loginUrl: `/auth/saml/${created.id}/login`,
    });
    expect(await api.client().trpc.sso.discover.mutate({ email: "admin@acme.example" })).toEqual({ method: "password" });
  });

  it("enforces SSO only with a break-glass owner", async () => {
    expect(await statusOf(owner.trpc.sso.enforcement.set.mutate({ orgId: globex, enforced: true, breakGlassUserId: null }))).toBe(400);
    const karl = api.demo.users["karl.berg@globex.example"]!;
    expect(await statusOf(owner.trpc.sso.enforcement.set.mutate({ orgId: globex, enforced: true, breakGlassUserId: karl }))).toBe(400);
    const it = api.demo.users["it@globex.example"]!;
    expect(await owner.trpc.sso.enforcement.set.mutate({ orgId: globex, enforced: true, breakGlassUserId: it })).toMatchObject({ enforced: true, breakGlassUserId: it });
    expect(await api.db.auditEvent.count({ where: { action: "sso.enforce", organizationId: globex } })).toBe(1);
  });

  it("refuses password sign-in for the enforced domain, whatever the password", async () => {
    const error = await callError(api.client().trpc.auth.login.mutate({ email: "karl.berg@globex.example", password: DEMO_PASSWORD }));
    expect(error).toMatchObject({ status: 403, message: "Your organization requires single sign-on. Continue with SSO." });
    expect(await statusOf(api.client().trpc.auth.login.mutate({ email: "karl.berg@globex.example", password: "wrong-password" }))).toBe(403);
    const denied = await api.db.auditEvent.findFirstOrThrow({ where: { action: "auth.login", status: "denied", organizationId: globex }, select: { details: true } });
    expect(denied.details).toEqual({ reason: "sso_enforced" });
  });

  it("lets the break-glass owner sign in with a password, audited", async () => {
    const { user } = await api.client().trpc.auth.login.mutate({ email: "it@globex.example", password: DEMO_PASSWORD });
    expect(user.email).toBe("it@globex.example");
    expect(await api.db.auditEvent.count({ where: { action: "sso.break_glass_login", organizationId: globex, actorId: user.id } })).toBe(1);
  });

  it("leaves other domains' password sign-in alone", async () => {
    expect((await api.client().trpc.auth.login.mutate({ email: "admin@acme.example", password: DEMO_PASSWORD })).user.email).toBe("admin@acme.example");
  });

  it("will not take the last live connection back to test mode while enforced", async () => {
    expect(await statusOf(owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: created.id, status: "test" }))).toBe(409);
    expect(await statusOf(owner.trpc.sso.connections.delete.mutate({ orgId: globex, connectionId: created.id }))).toBe(409);
  });
});

/** Another tenant's admin gets NOT_FOUND for Globex's organization and for Globex's ids under their own organization; nothing changes. */
describe("tenant isolation", () => {
  const connectionId = () => created.id;
  const domainId = async () => (await api.db.ssoDomain.findFirstOrThrow({ where: { organizationId: globex }, select: { id: true } })).id;

  it("answers NOT_FOUND for Globex's organization id", async () => {
    const id = connectionId();
    const calls: (() => Promise<unknown>)[] = [
      () => acmeAdmin.trpc.sso.providers.query({ orgId: globex }),
      () => acmeAdmin.trpc.sso.connections.list.query({ orgId: globex }),
      () => acmeAdmin.trpc.sso.connections.get.query({ orgId: globex, connectionId: id }),
      () => acmeAdmin.trpc.sso.connections.create.mutate({ orgId: globex, name: "Hijack", provider: "generic_saml", protocol: "saml", saml: { idpEntityId: "x", idpSsoUrl: "https://x.test", certificates: [sandboxKeys("attacker").certificate], allowIdpInitiated: true } }),
      () => acmeAdmin.trpc.sso.connections.update.mutate({ orgId: globex, connectionId: id, name: "Hijack", provider: "generic_saml", protocol: "saml", saml: { idpEntityId: "x", idpSsoUrl: "https://x.test", certificates: [sandboxKeys("attacker").certificate], allowIdpInitiated: true } }),
      () => acmeAdmin.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "test" }),
      () => acmeAdmin.trpc.sso.connections.rotateCertificates.mutate({ orgId: globex, connectionId: id, certificates: [sandboxKeys("attacker").certificate] }),
      () => acmeAdmin.trpc.sso.connections.delete.mutate({ orgId: globex, connectionId: id }),
      () => acmeAdmin.trpc.sso.connections.parseMetadata.mutate({ orgId: globex, xml: idp.metadata() }),
      () => acmeAdmin.trpc.sso.connections.testResults.query({ orgId: globex, connectionId: id }),
      () => acmeAdmin.trpc.sso.roleMappings.list.query({ orgId: globex, connectionId: id }),
      () => acmeAdmin.trpc.sso.roleMappings.set.mutate({ orgId: globex, connectionId: id, mappings: [{ idpGroup: "everyone", role: "admin" }] }),
      () => acmeAdmin.trpc.sso.domains.list.query({ orgId: globex }),
      () => acmeAdmin.trpc.sso.domains.add.mutate({ orgId: globex, domain: "hijack.example" }),
      async () => acmeAdmin.trpc.sso.domains.verify.mutate({ orgId: globex, domainId: await domainId() }),
      async () => acmeAdmin.trpc.sso.domains.remove.mutate({ orgId: globex, domainId: await domainId() }),
      () => acmeAdmin.trpc.sso.enforcement.get.query({ orgId: globex }),
      () => acmeAdmin.trpc.sso.enforcement.set.mutate({ orgId: globex, enforced: false, breakGlassUserId: null }),
    ];
    for (const call of calls) expect(await statusOf(call())).toBe(404);
  });

  it("answers NOT_FOUND for Globex's connection and domain ids under the caller's own organization", async () => {
    const id = connectionId();
    const calls: (() => Promise<unknown>)[] = [
      () => acmeAdmin.trpc.sso.connections.get.query({ orgId: acme, connectionId: id }),
      () => acmeAdmin.trpc.sso.connections.update.mutate({ orgId: acme, connectionId: id, name: "Hijack", provider: "generic_saml", protocol: "saml", saml: { idpEntityId: "x", idpSsoUrl: "https://x.test", certificates: [sandboxKeys("attacker").certificate], allowIdpInitiated: true } }),
      () => acmeAdmin.trpc.sso.connections.setStatus.mutate({ orgId: acme, connectionId: id, status: "test" }),
      () => acmeAdmin.trpc.sso.connections.rotateCertificates.mutate({ orgId: acme, connectionId: id, certificates: [sandboxKeys("attacker").certificate] }),
      () => acmeAdmin.trpc.sso.connections.delete.mutate({ orgId: acme, connectionId: id }),
      () => acmeAdmin.trpc.sso.connections.testResults.query({ orgId: acme, connectionId: id }),
      () => acmeAdmin.trpc.sso.roleMappings.list.query({ orgId: acme, connectionId: id }),
      () => acmeAdmin.trpc.sso.roleMappings.set.mutate({ orgId: acme, connectionId: id, mappings: [{ idpGroup: "everyone", role: "admin" }] }),
      async () => acmeAdmin.trpc.sso.domains.verify.mutate({ orgId: acme, domainId: await domainId() }),
      async () => acmeAdmin.trpc.sso.domains.remove.mutate({ orgId: acme, domainId: await domainId() }),
    ];
    for (const call of calls) expect(await statusOf(call())).toBe(404);
    const connection = await api.db.ssoConnection.findUniqueOrThrow({ where: { id }, select: { name: true, status: true, idpCertificates: true } });
    expect(connection).toEqual({ name: "Globex Okta", status: "live", idpCertificates: [expect.stringContaining("BEGIN CERTIFICATE")] });
    expect(await api.db.ssoRoleMapping.count({ where: { connectionId: id, idpGroup: "everyone" } })).toBe(0);
    expect(await api.db.ssoDomain.count({ where: { organizationId: globex } })).toBe(1);
    expect((await acmeAdmin.trpc.sso.connections.list.query({ orgId: acme })).map((c) => c.id)).not.toContain(id);
  });
});
