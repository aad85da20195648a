/**
 * sso.certificates: the rotation screen's procedures — IdP certificates added
 * and removed one at a time (never the last), SP certificates generated,
 * activated and removed in order, request signing switched — each audited,
 * permission-checked and isolated per tenant.
 */
import { X509Certificate } from "node:crypto";
import { createSamlIdp, sandboxKeys } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const globex = api.demo.organizations["globex"]!;
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("it@globex.example");
const acmeAdmin = await api.signedIn("admin@acme.example");
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
const statusOf = async (call: Promise<unknown>) => (await callError(call)).status;
const saml = { idpEntityId: "https://idp.globex.example/saml", idpSsoUrl: "https://idp.globex.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false };
const create = (name: string) => owner.trpc.sso.connections.create.mutate({ orgId: globex, name, provider: "okta", protocol: "saml", saml });
const audits = (action: string, connectionId: string) => api.db.auditEvent.count({ where: { action, resourceId: connectionId } });

describe("IdP certificates", () => {
  it("adds the next certificate, refuses a third, removes the old one, and never the last", async () => {
    const { id } = await create("IdP rotation");
    const ids = { orgId: globex, connectionId: id };
    expect((await owner.trpc.sso.certificates.get.query(ids)).idp.map((c) => c.fingerprint)).toEqual([fingerprint(sandboxKeys("idp").certificate)]);

    const added = await owner.trpc.sso.certificates.addIdp.mutate({ ...ids, certificate: sandboxKeys("idp-next").certificate });
    expect(added.map((c) => c.fingerprint)).toEqual([fingerprint(sandboxKeys("idp").certificate), fingerprint(sandboxKeys("idp-next").certificate)]);
    expect(added[1]).toMatchObject({ subject: "CN=Atrium sandbox IdP (idp-next)", status: "ok" });
    expect(await statusOf(owner.trpc.sso.certificates.addIdp.mutate({ ...ids, certificate: sandboxKeys("attacker").certificate }))).toBe(409);
    expect(await statusOf(owner.trpc.sso.certificates.addIdp.mutate({ ...ids, certificate: "not a certificate" }))).toBe(400);

    const remaining = await owner.trpc.sso.certificates.removeIdp.mutate({ ...ids, fingerprint: fingerprint(sandboxKeys("idp").certificate) });
    expect(remaining.map((c) => c.fingerprint)).toEqual([fingerprint(sandboxKeys("idp-next").certificate)]);
    expect(await statusOf(owner.trpc.sso.certificates.removeIdp.mutate({ ...ids, fingerprint: fingerprint(sandboxKeys("idp-next").certificate) }))).toBe(409);
    expect(await statusOf(owner.trpc.sso.certificates.addIdp.mutate({ ...ids, certificate: sandboxKeys("idp-next").certificate }))).toBe(409);

    const row = await api.db.ssoConnection.findUniqueOrThrow({ where: { id }, select: { idpCertificates: true } });
    expect(row.idpCertificates.map(fingerprint)).toEqual([fingerprint(sandboxKeys("idp-next").certificate)]);
    expect(await audits("sso.idp_certificate_add", id)).toBe(1);
    expect(await audits("sso.idp_certificate_remove", id)).toBe(1);
  });
});

describe("SP certificates", () => {
  it("generate next → activate (old one retired) → remove retired, each step in order and audited", async () => {
    const { id } = await create("SP rotation");
    const ids = { orgId: globex, connectionId: id };
    const [first] = (await owner.trpc.sso.certificates.get.query(ids)).sp;
    expect(first).toMatchObject({ state: "active", status: "ok", graceOver: false });
    expect(first!.subject).toContain(id);

    const generated = await owner.trpc.sso.certificates.generateSp.mutate(ids);
    expect(generated.map((c) => c.state)).toEqual(["next", "active"]);
    expect(await statusOf(owner.trpc.sso.certificates.generateSp.mutate(ids))).toBe(409);
    const next = generated[0]!;
    expect(await statusOf(owner.trpc.sso.certificates.activateSp.mutate({ ...ids, certificateId: first!.id }))).toBe(409);
    expect(await statusOf(owner.trpc.sso.certificates.removeSp.mutate({ ...ids, certificateId: first!.id }))).toBe(409);

    const activated = await owner.trpc.sso.certificates.activateSp.mutate({ ...ids, certificateId: next.id });
    expect(activated.map((c) => [c.id, c.state])).toEqual([[next.id, "active"], [first!.id, "retired"]]);
    expect(await statusOf(owner.trpc.sso.certificates.removeSp.mutate({ ...ids, certificateId: next.id }))).toBe(409);

    const removed = await owner.trpc.sso.certificates.removeSp.mutate({ ...ids, certificateId: first!.id });
    expect(removed.map((c) => [c.id, c.state])).toEqual([[next.id, "active"]]);
    expect(await statusOf(owner.trpc.sso.certificates.removeSp.mutate({ ...ids, certificateId: first!.id }))).toBe(404);
    expect(await audits("sso.sp_certificate_generate", id)).toBe(1);
    expect(await audits("sso.sp_certificate_activate", id)).toBe(1);
    expect(await audits("sso.sp_certificate_remove", id)).toBe(1);
  });

  it("is for SAML connections only", async () => {
    const oidc = await api.db.ssoConnection.create({ data: { organizationId: globex, name: "OIDC", protocol: "oidc", provider: "generic_oidc" }, select: { id: true } });
    expect(await statusOf(owner.trpc.sso.certificates.get.query({ orgId: globex, connectionId: oidc.id }))).toBe(400);
    expect(await statusOf(owner.trpc.sso.certificates.generateSp.mutate({ orgId: globex, connectionId: oidc.id }))).toBe(400);
  });
});

describe("request signing", () => {
  it("follows the IdP metadata's WantAuthnRequestsSigned, and the per-connection switch changes the SP metadata", async () => {
    const strict = createSamlIdp({ entityId: "https://idp.globex.example/saml", ssoUrl: "https://idp.globex.example/sso", ...sandboxKeys("idp"), wantAuthnRequestsSigned: true });
    expect(await owner.trpc.sso.connections.parseMetadata.mutate({ orgId: globex, xml: strict.metadata() })).toMatchObject({ wantAuthnRequestsSigned: true });

    const { id } = await create("Signing switch");
    const ids = { orgId: globex, connectionId: id };
    const metadata = async () => (await api.client().fetch(`/auth/saml/${id}/metadata`)).text();
    expect(await metadata()).toContain('AuthnRequestsSigned="false"');
    expect(await owner.trpc.sso.certificates.setRequestSigning.mutate({ ...ids, enabled: true })).toEqual({ signAuthnRequests: true });
    expect((await owner.trpc.sso.certificates.get.query(ids)).signAuthnRequests).toBe(true);
    expect(await metadata()).toContain('AuthnRequestsSigned="true"');
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.connection_update", resourceId: id }, orderBy: { occurredAt: "desc" }, select: { details: true } });
    expect(event.details).toEqual({ signAuthnRequests: { before: false, after: true } });
  });

  it("needs sso:rotate_certificates to rotate and sso:update to switch signing", async () => {
    const { id } = await create("Permissions");
    const member = await api.signedIn("karl.berg@globex.example");
    const ids = { orgId: globex, connectionId: id };
    expect(await statusOf(member.trpc.sso.certificates.generateSp.mutate(ids))).toBe(403);
    expect(await statusOf(member.trpc.sso.certificates.addIdp.mutate({ ...ids, certificate: sandboxKeys("idp-next").certificate }))).toBe(403);
    expect(await statusOf(member.trpc.sso.certificates.setRequestSigning.mutate({ ...ids, enabled: true }))).toBe(403);
    expect(await api.db.ssoSpCertificate.count({ where: { connectionId: id } })).toBe(1);
  });
});

/** Another tenant's admin gets NOT_FOUND for Globex's organization, and for Globex's ids under their own; nothing changes. */
describe("tenant isolation", () => {
  it("answers NOT_FOUND and changes nothing", async () => {
    const { id } = await create("Isolated");
    const [active] = (await owner.trpc.sso.certificates.get.query({ orgId: globex, connectionId: id })).sp;
    const retiredLater = (await owner.trpc.sso.certificates.generateSp.mutate({ orgId: globex, connectionId: id })).find((c) => c.state === "next")!;
    const before = await api.db.ssoSpCertificate.findMany({ where: { connectionId: id }, select: { id: true, status: true }, orderBy: { id: "asc" } });
    for (const orgId of [globex, acme]) {
      const ids = { orgId, connectionId: id };
      const calls: (() => Promise<unknown>)[] = [
        () => acmeAdmin.trpc.sso.certificates.get.query(ids),
        () => acmeAdmin.trpc.sso.certificates.addIdp.mutate({ ...ids, certificate: sandboxKeys("attacker").certificate }),
        () => acmeAdmin.trpc.sso.certificates.removeIdp.mutate({ ...ids, fingerprint: fingerprint(sandboxKeys("idp").certificate) }),
        () => acmeAdmin.trpc.sso.certificates.generateSp.mutate(ids),
        () => acmeAdmin.trpc.sso.certificates.activateSp.mutate({ ...ids, certificateId: retiredLater.id }),
        () => acmeAdmin.trpc.sso.certificates.removeSp.mutate({ ...ids, certificateId: active!.id }),
        () => acmeAdmin.trpc.sso.certificates.setRequestSigning.mutate({ ...ids, enabled: true }),
      ];
      for (const call of calls) expect(await statusOf(call())).toBe(404);
    }
    expect(await api.db.ssoSpCertificate.findMany({ where: { connectionId: id }, select: { id: true, status: true }, orderBy: { id: "asc" } })).toEqual(before);
    const row = await api.db.ssoConnection.findUniqueOrThrow({ where: { id }, select: { idpCertificates: true, signAuthnRequests: true } });
    expect(row).toEqual({ idpCertificates: [expect.stringContaining("BEGIN CERTIFICATE")], signAuthnRequests: false });
    expect(row.idpCertificates.map(fingerprint)).toEqual([fingerprint(sandboxKeys("idp").certificate)]);
  });
});
