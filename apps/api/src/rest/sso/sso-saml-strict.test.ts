/**
 * What the ACS refuses or accepts from an IdP configured as real ones are, through the real HTTP
 * endpoints with samlify as the IdP: non-Success statuses carrying an assertion, SHA-1 signatures
 * and their per-connection opt-in, WantAssertionsSigned as published and enforced, and the exact
 * reasons for encrypted assertions (3DES, namespaces declared on the Response) and missing Conditions.
 */
import { createConnection, setConnectionStatus } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { metadataCertificates, sandboxKeys, type ResponseOverrides, type SamlIdp, type SamlPerson, type SamlSigning } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { startTestApi, type TestClient } from "../../testing.ts";
import { IDP_ENTITY, IDP_SSO, postSamlResponse as post, sandboxIdp, verifyGlobexDomain } from "./saml-testing.ts";

const api = await startTestApi();
const globex = api.demo.organizations["globex"]!;
const admin = systemActor("sso-test");
const keys = sandboxKeys("idp");
const idp = sandboxIdp();
const sha1Idp = sandboxIdp({ signatureAlgorithm: "http://www.w3.org/2000/09/xmldsig#rsa-sha1" });
const encryptingIdp = sandboxIdp({ encryptAssertions: true });
const tripleDesIdp = sandboxIdp({ encryptAssertions: true, dataEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#tripledes-cbc" });

await verifyGlobexDomain(api);
const owner = await api.signedIn("it@globex.example");

const karl: SamlPerson = { email: "karl.berg@globex.example", attributes: { email: "karl.berg@globex.example", name: "Karl Berg" } };
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

async function samlConnection(name: string) {
  const row = await createConnection(api.db, admin, globex, {
    name,
    provider: "generic_saml",
    protocol: "saml",
    saml: { idpEntityId: IDP_ENTITY, idpSsoUrl: IDP_SSO, certificates: [keys.certificate], allowIdpInitiated: true },
  });
  await setConnectionStatus(api.db, admin, globex, row.id, "live", { confirmName: row.name });
  const metadata = await metadataOf(row.id);
  const entityId = metadata.match(/entityID="([^"]+)"/)![1]!;
  const acsUrl = metadata.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)![1]!;
  return { id: row.id, entityId, acsUrl, metadata };
}
type Connection = Awaited<ReturnType<typeof samlConnection>>;

const metadataOf = async (connectionId: string) => (await api.client().fetch(`/auth/saml/${connectionId}/metadata`)).text();

/** A signed response from `from` for the connection; SP-initiated (a request we sent) unless `inResponseTo` is given. */
async function responseFor(connection: Connection, options: { from?: SamlIdp; signing?: SamlSigning; overrides?: ResponseOverrides; encryptCert?: string } = {}) {
  const from = options.from ?? idp;
  const sp = from.serviceProvider(connection.entityId, connection.acsUrl, options.encryptCert ? { encryptCert: options.encryptCert } : {}, options.signing ?? "assertion");
  const browser = api.client();
  const start = await browser.fetch(`/auth/saml/${connection.id}/login`, { redirect: "manual" });
  const request = await from.readRequest(sp, Object.fromEntries(new URL(start.headers.get("location")!).searchParams));
  return { browser, response: await from.loginResponse(sp, karl, { inResponseTo: request.id, ...options.overrides }) };
}

async function lastRefusal() {
  const event = await api.db.auditEvent.findFirst({ where: { action: "sso.login", status: "denied" }, orderBy: { occurredAt: "desc" }, select: { details: true, organizationId: true, resourceId: true } });
  return event as { details: { reason: string; detail: string }; organizationId: string; resourceId: string } | null;
}

async function expectRefused(connectionId: string, browser: TestClient, samlResponse: string, reason: string) {
  const response = await post(browser, connectionId, samlResponse);
  expect(response.status).toBe(401);
  expect(await response.text()).toContain("Sign-in failed");
  expect(browser.cookies.has("atrium_session")).toBe(false);
  const refusal = await lastRefusal();
  expect(refusal?.details.reason, refusal?.details.detail).toBe(reason);
  expect(refusal).toMatchObject({ organizationId: globex, resourceId: connectionId });
  return refusal!.details.detail;
}

async function expectSignedIn(connectionId: string, browser: TestClient, samlResponse: string) {
  const response = await post(browser, connectionId, samlResponse);
  expect(response.status, (await lastRefusal())?.details.detail).toBe(303);
  expect((await browser.trpc.auth.me.query()).user.email).toBe("karl.berg@globex.example");
}

/** The update procedure, as the admin console calls it (the IdP settings are sent again). */
const updateSaml = (connection: Connection, settings: { wantAssertionsSigned?: boolean; allowSha1Signatures?: boolean }) =>
  owner.trpc.sso.connections.update.mutate({
    orgId: globex,
    connectionId: connection.id,
    name: "Updated",
    provider: "generic_saml",
    protocol: "saml",
    saml: { idpEntityId: IDP_ENTITY, idpSsoUrl: IDP_SSO, certificates: [keys.certificate], allowIdpInitiated: true, ...settings },
  });

const RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";
const REQUESTER = "urn:oasis:names:tc:SAML:2.0:status:Requester";

describe("a non-Success status is refused even with a validly signed assertion", () => {
  it("Responder / AuthnFailed: 401, no session, audited as idp_error with the codes and the message", async () => {
    const connection = await samlConnection("Status Responder");
    const status = { code: RESPONDER, subCode: "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed", message: "User failed MFA" };
    const { browser, response } = await responseFor(connection, { signing: "both", overrides: { status } });
    expect(decode(response)).toContain(`<samlp:StatusCode Value="${RESPONDER}">`);
    expect(decode(response).match(/<ds:Signature[ >]/g)).toHaveLength(2);
    const detail = await expectRefused(connection.id, browser, response, "idp_error");
    expect(detail).toBe(
      `The IdP answered with status ${RESPONDER}, sub-status urn:oasis:names:tc:SAML:2.0:status:AuthnFailed, message "User failed MFA". Only a Success response signs anyone in; the IdP's sign-in log says why it refused.`,
    );
    expect(await api.db.session.count({ where: { ssoConnectionId: connection.id } })).toBe(0);
  });

  it("Requester / RequestDenied, with a message sanitized and bounded", async () => {
    const connection = await samlConnection("Status Requester");
    const status = { code: REQUESTER, subCode: "urn:oasis:names:tc:SAML:2.0:status:RequestDenied", message: `Denied\n\u0007by policy ${"x".repeat(400)}` };
    const { browser, response } = await responseFor(connection, { signing: "both", overrides: { status } });
    const detail = await expectRefused(connection.id, browser, response, "idp_error");
    expect(detail).toContain(`status ${REQUESTER}, sub-status urn:oasis:names:tc:SAML:2.0:status:RequestDenied, message "Denied by policy xxx`);
    expect(detail).toContain(`${"x".repeat(183)}…"`);
    expect(detail).not.toContain("\u0007");
    expect(await api.db.session.count({ where: { ssoConnectionId: connection.id } })).toBe(0);
  });

  it("an error Response without an assertion is reported as idp_error too (not as a wrong assertion count)", async () => {
    const connection = await samlConnection("Status without assertion");
    const status = { code: RESPONDER, subCode: "urn:oasis:names:tc:SAML:2.0:status:NoPassive" };
    const { browser, response } = await responseFor(connection, { signing: "response", overrides: { status } });
    const bare = decode(response).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "").replace(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, "");
    expect(bare).not.toContain("Assertion");
    const detail = await expectRefused(connection.id, browser, Buffer.from(bare).toString("base64"), "idp_error");
    expect(detail).toContain(`status ${RESPONDER}, sub-status urn:oasis:names:tc:SAML:2.0:status:NoPassive, no message.`);
  });

  it("is shown in the admin's test view", async () => {
    const connection = await samlConnection("Status in test view");
    const sp = idp.serviceProvider(connection.entityId, connection.acsUrl, {}, "both");
    const start = await owner.fetch(`/auth/saml/${connection.id}/login?test=1`, { redirect: "manual" });
    const request = await idp.readRequest(sp, Object.fromEntries(new URL(start.headers.get("location")!).searchParams));
    const status = { code: RESPONDER, subCode: "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed" };
    const response = await post(api.client(), connection.id, await idp.loginResponse(sp, karl, { inResponseTo: request.id, status }));
    const location = new URL(response.headers.get("location")!, api.url);
    expect(location.pathname).toBe(`/admin/orgs/${globex}/sso/${connection.id}`);
    const result = await api.db.ssoTestResult.findUniqueOrThrow({ where: { id: location.searchParams.get("test")! }, select: { ok: true, error: true } });
    expect(result).toEqual({ ok: false, error: `idp_error: The IdP answered with status ${RESPONDER}, sub-status urn:oasis:names:tc:SAML:2.0:status:AuthnFailed, no message. Only a Success response signs anyone in; the IdP's sign-in log says why it refused.` });
  });
});

describe("SHA-1 signatures", () => {
  it("are refused by default, naming the algorithm and what is accepted", async () => {
    const connection = await samlConnection("SHA-1 refused");
    const { browser, response } = await responseFor(connection, { from: sha1Idp });
    expect(decode(response)).toContain('<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>');
    const counted = async () => {
      const series = 'atrium_sso_logins_total{protocol="saml",result="failure",reason="weak_signature_algorithm"} ';
      const line = (await (await fetch(`${api.url}/metrics`)).text()).split("\n").find((l) => l.startsWith(series));
      return line ? Number(line.slice(series.length)) : 0;
    };
    const before = await counted();
    const detail = await expectRefused(connection.id, browser, response, "weak_signature_algorithm");
    expect(await counted()).toBe(before + 1);
    expect(detail).toMatch(/^The IdP's XML signature uses the signature algorithm rsa-sha1 \(http:\/\/www\.w3\.org\/2000\/09\/xmldsig#rsa-sha1\), which is SHA-1 based; Atrium accepts SHA-256 or better/);
  });

  it("a SHA-1 DigestMethod under a SHA-256 SignatureMethod is refused too, before the signature is checked", async () => {
    const connection = await samlConnection("SHA-1 digest");
    const { browser, response } = await responseFor(connection);
    const xml = decode(response);
    const sha1Digest = xml.replace('<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>', '<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>');
    expect(sha1Digest).not.toBe(xml);
    const detail = await expectRefused(connection.id, browser, Buffer.from(sha1Digest).toString("base64"), "weak_signature_algorithm");
    expect(detail).toMatch(/^The IdP's XML signature uses the digest algorithm sha1 \(http:\/\/www\.w3\.org\/2000\/09\/xmldsig#sha1\)/);
  });

  it("are accepted after the admin's explicit opt-in, which is audited and shown on the connection", async () => {
    const connection = await samlConnection("SHA-1 opt-in");
    const updated = await updateSaml(connection, { allowSha1Signatures: true });
    expect(updated.allowSha1Signatures).toBe(true);
    const listed = (await owner.trpc.sso.connections.list.query({ orgId: globex })).find((c) => c.id === connection.id);
    expect(listed?.allowSha1Signatures).toBe(true);
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.connection_update", resourceId: connection.id, details: { path: ["allowSha1Signatures", "after"], equals: true } }, select: { details: true, actorLabel: true } });
    expect(event).toEqual({
      actorLabel: "it@globex.example",
      details: { allowSha1Signatures: { before: false, after: true }, warning: "SHA-1 signatures (RSA-SHA1, SHA-1 digests) are now accepted from this IdP." },
    });
    const { browser, response } = await responseFor(connection, { from: sha1Idp });
    await expectSignedIn(connection.id, browser, response);

    await updateSaml(connection, { allowSha1Signatures: false });
    const again = await responseFor(connection, { from: sha1Idp });
    await expectRefused(connection.id, again.browser, again.response, "weak_signature_algorithm");
  });
});

describe("WantAssertionsSigned: what the metadata says is what the ACS enforces", () => {
  it("a new connection publishes true and refuses a response signed only at the Response level", async () => {
    const connection = await samlConnection("Wants signed assertions");
    expect(connection.metadata).toContain('WantAssertionsSigned="true"');
    const { browser, response } = await responseFor(connection, { signing: "response" });
    expect(decode(response).match(/<ds:Signature[ >]/g)).toHaveLength(1);
    expect(decode(response)).toMatch(/<saml:Issuer>[^<]+<\/saml:Issuer><ds:Signature/);
    await expectRefused(connection.id, browser, response, "assertion_not_signed");
  });

  it("turned off through the update procedure: published as false, a response-only signature is enough, an unsigned one is not", async () => {
    const connection = await samlConnection("Either signature");
    const updated = await updateSaml(connection, { wantAssertionsSigned: false });
    expect(updated.wantAssertionsSigned).toBe(false);
    expect(await metadataOf(connection.id)).toContain('WantAssertionsSigned="false"');
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.connection_update", resourceId: connection.id }, orderBy: { occurredAt: "desc" }, select: { details: true } });
    expect(event.details).toMatchObject({ wantAssertionsSigned: { before: true, after: false } });

    const responseOnly = await responseFor(connection, { signing: "response" });
    await expectSignedIn(connection.id, responseOnly.browser, responseOnly.response);
    const assertionOnly = await responseFor(connection, { signing: "assertion" });
    await expectSignedIn(connection.id, assertionOnly.browser, assertionOnly.response);
    const unsigned = await responseFor(connection, { signing: "response" });
    const stripped = decode(unsigned.response).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, "");
    await expectRefused(connection.id, unsigned.browser, Buffer.from(stripped).toString("base64"), "invalid_signature");
  });
});

describe("WantAssertionsSigned with encrypted assertions (the response signature covers the ciphertext)", () => {
  const encryptedFor = async (connection: Connection, signing: SamlSigning) =>
    responseFor(connection, { from: encryptingIdp, signing, encryptCert: metadataCertificates(connection.metadata, "encryption")[0]!, overrides: { encryptThenSign: true } });

  it("wanted: the signature inside the encryption counts; a response signature alone is refused", async () => {
    const connection = await samlConnection("Encrypted, wants signed assertions");
    const both = await encryptedFor(connection, "both");
    expect(decode(both.response)).toContain("EncryptedAssertion");
    await expectSignedIn(connection.id, both.browser, both.response);
    const responseOnly = await encryptedFor(connection, "response");
    await expectRefused(connection.id, responseOnly.browser, responseOnly.response, "assertion_not_signed");
  });

  it("not wanted: a response signature over the encrypted assertion is enough; tampering with the ciphertext breaks it", async () => {
    const connection = await samlConnection("Encrypted, either signature");
    await updateSaml(connection, { wantAssertionsSigned: false });
    const responseOnly = await encryptedFor(connection, "response");
    await expectSignedIn(connection.id, responseOnly.browser, responseOnly.response);

    const other = await encryptedFor(connection, "response");
    const swapped = decode(other.response).replace(/<saml:EncryptedAssertion[\s\S]*<\/saml:EncryptedAssertion>/, decode(responseOnly.response).match(/<saml:EncryptedAssertion[\s\S]*<\/saml:EncryptedAssertion>/)![0]);
    expect(swapped).not.toBe(decode(other.response));
    await expectRefused(connection.id, other.browser, Buffer.from(swapped).toString("base64"), "invalid_signature");
  });
});

describe("encrypted assertions and Conditions: the reason an admin acts on", () => {
  it("3DES with our key: refused as weak_encryption_algorithm, naming it and the accepted ones", async () => {
    const connection = await samlConnection("3DES");
    const [encryptCert] = metadataCertificates(connection.metadata, "encryption");
    const { browser, response } = await responseFor(connection, { from: tripleDesIdp, encryptCert: encryptCert! });
    expect(decode(response)).toContain('Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc"');
    const detail = await expectRefused(connection.id, browser, response, "weak_encryption_algorithm");
    expect(detail).toBe(
      "The assertion is encrypted with tripledes-cbc (http://www.w3.org/2001/04/xmlenc#tripledes-cbc), which Atrium refuses as insecure; accepted: aes256-gcm, aes128-gcm, aes256-cbc, aes128-cbc for the assertion and rsa-oaep-mgf1p for its key. Change the encryption algorithm at the IdP.",
    );
  });

  it("a plaintext using a prefix declared only on the Response is read in context and accepted", async () => {
    const connection = await samlConnection("Inherited namespaces");
    const [encryptCert] = metadataCertificates(connection.metadata, "encryption");
    const { browser, response } = await responseFor(connection);
    const signed = decode(response);
    // The assertion relies on the Response's xmlns:saml (samlify declares it on both).
    const relying = signed.replace(/(<saml:Assertion[^>]*?) xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/, "$1");
    expect(relying).not.toBe(signed);
    expect(relying.match(/<saml:Assertion[^>]*>/)![0]).not.toContain("xmlns:saml");
    const encrypted = await idp.encryptAssertionText(encryptCert!, relying);
    expect(decode(encrypted)).toContain("<saml:EncryptedAssertion>");
    expect(decode(encrypted)).not.toContain("karl.berg@globex.example");
    await expectSignedIn(connection.id, browser, encrypted);
  });

  it("a missing Conditions element: missing_conditions, with a sentence", async () => {
    const connection = await samlConnection("No Conditions");
    const { browser, response } = await responseFor(connection, { overrides: { withoutConditions: true } });
    expect(decode(response)).not.toContain("Conditions");
    const detail = await expectRefused(connection.id, browser, response, "missing_conditions");
    expect(detail).toBe(
      "The assertion has no Conditions element. Atrium needs one with an AudienceRestriction naming our SP entity ID and a validity window (NotBefore/NotOnOrAfter); set the audience (SP entity ID) at the IdP.",
    );
  });
});
