/**
 * Our SAML SP key pair through the real HTTP endpoints, with samlify as the
 * IdP: signed AuthnRequests verified by an IdP that requires them, assertions
 * encrypted to the certificate our metadata publishes, and a full rotation
 * (next certificate, activation, retirement, removal).
 */
import { X509Certificate } from "node:crypto";
import {
  activateSpCertificate,
  createConnection,
  generateNextSpCertificate,
  removeSpCertificate,
  RETIRED_GRACE_MS,
  setConnectionStatus,
} from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { metadataCertificates, sandboxKeys, type SamlPerson, type SamlSpKeys } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { IDP_ENTITY, IDP_SSO, postSamlResponse as post, sandboxIdp, verifyGlobexDomain } from "./saml-testing.ts";

const api = await startTestApi();
const globex = api.demo.organizations["globex"]!;
const admin = systemActor("sso-test");
const keys = sandboxKeys("idp");
const strictIdp = sandboxIdp({ wantAuthnRequestsSigned: true });
const encryptingIdp = sandboxIdp({ encryptAssertions: true });

await verifyGlobexDomain(api);

const metadataOf = async (connectionId: string) => (await api.client().fetch(`/auth/saml/${connectionId}/metadata`)).text();

async function samlConnection(name: string, options: { signAuthnRequests?: boolean; allowIdpInitiated?: boolean } = {}) {
  const row = await createConnection(api.db, admin, globex, {
    name,
    provider: "generic_saml",
    protocol: "saml",
    saml: { idpEntityId: IDP_ENTITY, idpSsoUrl: IDP_SSO, certificates: [keys.certificate], allowIdpInitiated: options.allowIdpInitiated ?? false, signAuthnRequests: options.signAuthnRequests ?? false },
  });
  await setConnectionStatus(api.db, admin, globex, row.id, "live", { confirmName: row.name });
  const metadata = await metadataOf(row.id);
  const entityId = metadata.match(/entityID="([^"]+)"/)![1]!;
  const acsUrl = metadata.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)![1]!;
  return { id: row.id, entityId, acsUrl, metadata };
}


async function lastRefusal() {
  const event = await api.db.auditEvent.findFirst({ where: { action: "sso.login", status: "denied" }, orderBy: { occurredAt: "desc" }, select: { details: true } });
  return event?.details as { reason: string; detail: string } | undefined;
}

/** An IdP-initiated response from the encrypting IdP, encrypted to `encryptCert`. */
async function encryptedResponse(connection: { entityId: string; acsUrl: string }, encryptCert: string, person: SamlPerson) {
  const sp = encryptingIdp.serviceProvider(connection.entityId, connection.acsUrl, { encryptCert } satisfies SamlSpKeys);
  return encryptingIdp.loginResponse(sp, person, { inResponseTo: null });
}

const karl: SamlPerson = { email: "karl.berg@globex.example", attributes: { email: "karl.berg@globex.example", name: "Karl Berg" } };

async function expectSignedIn(connectionId: string, samlResponse: string, email: string) {
  const browser = api.client();
  const response = await post(browser, connectionId, samlResponse);
  expect(response.status, (await lastRefusal())?.detail).toBe(303);
  expect((await browser.trpc.auth.me.query()).user.email).toBe(email);
}

async function expectRefused(connectionId: string, samlResponse: string, reason: string) {
  const browser = api.client();
  const response = await post(browser, connectionId, samlResponse);
  expect(response.status).toBe(401);
  expect(browser.cookies.has("atrium_session")).toBe(false);
  const refusal = await lastRefusal();
  expect(refusal?.reason, refusal?.detail).toBe(reason);
}

describe("SP key pair", () => {
  it("is generated with the connection: RSA-2048, self-signed, private key sealed at rest, published for signing and encryption", async () => {
    const connection = await samlConnection("Keys");
    const rows = await api.db.ssoSpCertificate.findMany({ where: { connectionId: connection.id }, select: { id: true, status: true, certificate: true, privateKey: true, organizationId: true } });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ status: "active", organizationId: globex });
    expect(row!.privateKey).toMatch(/^v1\./);
    expect(row!.privateKey).not.toContain("PRIVATE KEY");
    const cert = new X509Certificate(row!.certificate);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject).toContain(connection.id);
    expect(metadataCertificates(connection.metadata, "signing")).toEqual([row!.certificate]);
    expect(metadataCertificates(connection.metadata, "encryption")).toEqual([row!.certificate]);
    expect(connection.metadata).toContain('AuthnRequestsSigned="false"');
  });

  it("is created lazily for a connection made before SP keys existed, and audited", async () => {
    const connection = await samlConnection("Older");
    await api.db.ssoSpCertificate.deleteMany({ where: { connectionId: connection.id } });
    const [published] = metadataCertificates(await metadataOf(connection.id), "encryption");
    const row = await api.db.ssoSpCertificate.findFirstOrThrow({ where: { connectionId: connection.id }, select: { status: true, certificate: true } });
    expect(row).toEqual({ status: "active", certificate: published });
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.sp_certificate_generate", resourceId: connection.id }, orderBy: { occurredAt: "desc" }, select: { actorType: true, details: true } });
    expect(event).toMatchObject({ actorType: "system", details: { status: "active", backfill: true } });
  });
});

describe("signed AuthnRequests", () => {
  async function loginRedirect(connectionId: string) {
    const response = await api.client().fetch(`/auth/saml/${connectionId}/login`, { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    return { query: Object.fromEntries(location.searchParams), rawQuery: location.search, browser: api.client() };
  }

  it("an IdP that requires signed requests verifies ours, and the sign-in succeeds", async () => {
    const connection = await samlConnection("Signed requests", { signAuthnRequests: true });
    expect(connection.metadata).toContain('AuthnRequestsSigned="true"');
    const [signingCert] = metadataCertificates(connection.metadata, "signing");
    const sp = strictIdp.serviceProvider(connection.entityId, connection.acsUrl, { signingCert: signingCert! });

    const { query, rawQuery } = await loginRedirect(connection.id);
    expect(query["SigAlg"]).toBe("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    expect(query["Signature"]).toBeTruthy();
    const request = await strictIdp.readRequest(sp, query, rawQuery);
    const browser = api.client();
    const response = await post(browser, connection.id, await strictIdp.loginResponse(sp, karl, { inResponseTo: request.id }));
    expect(response.status).toBe(303);
    expect((await browser.trpc.auth.me.query()).user.email).toBe("karl.berg@globex.example");
  });

  it("the strict IdP refuses an unsigned request, and a signature by another key", async () => {
    const unsigned = await samlConnection("Unsigned requests");
    const [certificate] = metadataCertificates(unsigned.metadata, "signing");
    const { query, rawQuery } = await loginRedirect(unsigned.id);
    expect(query["Signature"]).toBeUndefined();
    await expect(strictIdp.readRequest(strictIdp.serviceProvider(unsigned.entityId, unsigned.acsUrl, { signingCert: certificate! }), query, rawQuery)).rejects.toThrow("ERR_MISSING_SIG_ALG");

    const signed = await samlConnection("Signed, wrong cert at the IdP", { signAuthnRequests: true });
    const wrong = await loginRedirect(signed.id);
    const sp = strictIdp.serviceProvider(signed.entityId, signed.acsUrl, { signingCert: sandboxKeys("attacker").certificate });
    await expect(strictIdp.readRequest(sp, wrong.query, wrong.rawQuery)).rejects.toThrow("ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION");
  });
});

describe("encrypted assertions", () => {
  it("encrypted to our published certificate: accepted, with JIT provisioning as before", async () => {
    const connection = await samlConnection("Encrypted", { allowIdpInitiated: true });
    const [encryptCert] = metadataCertificates(connection.metadata, "encryption");
    const olga: SamlPerson = { email: "olga.lind@globex.example", attributes: { email: "olga.lind@globex.example", name: "Olga Lind" } };
    const response = await encryptedResponse(connection, encryptCert!, olga);
    expect(Buffer.from(response, "base64").toString()).toContain("EncryptedAssertion");
    expect(Buffer.from(response, "base64").toString()).not.toContain("olga.lind@globex.example");
    await expectSignedIn(connection.id, response, "olga.lind@globex.example");
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "olga.lind@globex.example" }, select: { name: true, passwordHash: true } });
    expect(user).toEqual({ name: "Olga Lind", passwordHash: null });
  });

  it("encrypted to another key: refused, with the reason audited", async () => {
    const connection = await samlConnection("Encrypted elsewhere", { allowIdpInitiated: true });
    await expectRefused(connection.id, await encryptedResponse(connection, sandboxKeys("attacker").certificate, karl), "undecryptable_assertion");
  });

  describe("attacks through encryption", () => {
    const plainIdp = sandboxIdp();
    const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
    /** A signed response, tampered in plaintext, then encrypted to our certificate. */
    async function tamperedAndEncrypted(connection: { entityId: string; acsUrl: string; metadata: string }, tamper: (xml: string) => string) {
      const encryptCert = metadataCertificates(connection.metadata, "encryption")[0]!;
      const signed = decode(await plainIdp.loginResponse(plainIdp.serviceProvider(connection.entityId, connection.acsUrl), karl, { inResponseTo: null }));
      const tampered = tamper(signed);
      expect(tampered).not.toBe(signed);
      return encryptingIdp.encryptResponse(encryptingIdp.serviceProvider(connection.entityId, connection.acsUrl, { encryptCert }), tampered);
    }

    it("a tampered NameID inside the encrypted assertion fails the signature check", async () => {
      const connection = await samlConnection("Encrypted tamper", { allowIdpInitiated: true });
      const response = await tamperedAndEncrypted(connection, (xml) => xml.replace(">karl.berg@globex.example</saml:NameID>", ">it@globex.example</saml:NameID>"));
      await expectRefused(connection.id, response, "invalid_signature");
    });

    it("a comment inside the encrypted assertion is refused like one outside", async () => {
      const connection = await samlConnection("Encrypted comment", { allowIdpInitiated: true });
      const response = await tamperedAndEncrypted(connection, (xml) => xml.replace(">karl.berg@globex.example</saml:NameID>", ">karl.berg@globex.example<!----></saml:NameID>"));
      await expectRefused(connection.id, response, "xml_comment");
    });

    it("an unsigned plain assertion next to an encrypted one is refused (signature wrapping)", async () => {
      const connection = await samlConnection("Encrypted wrapping", { allowIdpInitiated: true });
      const encrypted = decode(await encryptedResponse(connection, metadataCertificates(connection.metadata, "encryption")[0]!, karl));
      const plain = decode(await plainIdp.loginResponse(plainIdp.serviceProvider(connection.entityId, connection.acsUrl), { email: "it@globex.example" }, { inResponseTo: null }));
      const evil = plain.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0].replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "");
      const wrapped = encrypted.replace("<saml:EncryptedAssertion", `${evil}<saml:EncryptedAssertion`);
      await expectRefused(connection.id, Buffer.from(wrapped).toString("base64"), "multiple_assertions");
    });
  });

  it("a replayed encrypted assertion is refused", async () => {
    const connection = await samlConnection("Encrypted replay", { allowIdpInitiated: true });
    const response = await encryptedResponse(connection, metadataCertificates(connection.metadata, "encryption")[0]!, karl);
    await expectSignedIn(connection.id, response, "karl.berg@globex.example");
    await expectRefused(connection.id, response, "replayed_assertion");
  });

  it("rotation: next certificate published and accepted, activated, the retired one accepted within the grace period, refused once removed", async () => {
    const connection = await samlConnection("Rotation", { allowIdpInitiated: true });
    const [original] = metadataCertificates(connection.metadata, "encryption");

    const afterGenerate = await generateNextSpCertificate(api.db, admin, globex, connection.id);
    const next = afterGenerate.find((c) => c.state === "next")!;
    const published = metadataCertificates(await metadataOf(connection.id), "encryption");
    expect(published).toHaveLength(2);
    expect(published[0]).toBe(original);
    expect(metadataCertificates(await metadataOf(connection.id), "signing")).toEqual(published);
    // The IdP picked up the next certificate from the metadata before we activated it.
    await expectSignedIn(connection.id, await encryptedResponse(connection, published[1]!, karl), "karl.berg@globex.example");
    await expectSignedIn(connection.id, await encryptedResponse(connection, original!, karl), "karl.berg@globex.example");

    const afterActivate = await activateSpCertificate(api.db, admin, globex, connection.id, next.id);
    expect(afterActivate.map((c) => c.state)).toEqual(["active", "retired"]);
    expect(metadataCertificates(await metadataOf(connection.id), "encryption")).toEqual([published[1]]);
    // An IdP still encrypting to the old certificate works during the grace period.
    await expectSignedIn(connection.id, await encryptedResponse(connection, original!, karl), "karl.berg@globex.example");
    await expectSignedIn(connection.id, await encryptedResponse(connection, published[1]!, karl), "karl.berg@globex.example");

    const retired = afterActivate.find((c) => c.state === "retired")!;
    await api.db.ssoSpCertificate.update({ where: { id: retired.id }, data: { retiredAt: new Date(Date.now() - RETIRED_GRACE_MS - 1000) } });
    await expectRefused(connection.id, await encryptedResponse(connection, original!, karl), "undecryptable_assertion");

    await removeSpCertificate(api.db, admin, globex, connection.id, retired.id);
    expect(await api.db.ssoSpCertificate.count({ where: { connectionId: connection.id } })).toBe(1);
    await expectRefused(connection.id, await encryptedResponse(connection, original!, karl), "undecryptable_assertion");
    await expectSignedIn(connection.id, await encryptedResponse(connection, published[1]!, karl), "karl.berg@globex.example");
  });

  it("a retired certificate removed right after activation no longer decrypts", async () => {
    const connection = await samlConnection("Quick rotation", { allowIdpInitiated: true });
    const [original] = metadataCertificates(connection.metadata, "encryption");
    const next = (await generateNextSpCertificate(api.db, admin, globex, connection.id)).find((c) => c.state === "next")!;
    const retired = (await activateSpCertificate(api.db, admin, globex, connection.id, next.id)).find((c) => c.state === "retired")!;
    await removeSpCertificate(api.db, admin, globex, connection.id, retired.id);
    await expectRefused(connection.id, await encryptedResponse(connection, original!, karl), "undecryptable_assertion");
  });
});
