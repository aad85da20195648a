/**
 * SAML sign-in through the real HTTP endpoints, with samlify as the IdP
 * signing real responses: SP- and IdP-initiated login, JIT provisioning,
 * group → role mapping, test mode, certificate rollover, and every attack
 * the ACS must refuse (each test names the refusal reason it expects).
 */
import { createConnection, setConnectionStatus, setRoleMappings } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { sandboxKeys, type ResponseOverrides, type SamlPerson } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { startTestApi, type TestClient } from "../../testing.ts";
import { IDP_ENTITY, IDP_SSO, postSamlResponse as post, sandboxIdp, verifyGlobexDomain } from "./saml-testing.ts";

const api = await startTestApi();
const globex = api.demo.organizations["globex"]!;
const admin = systemActor("sso-test");
const idp = sandboxIdp();
const nextIdp = sandboxIdp({ keys: "idp-next" });
const attacker = sandboxIdp({ keys: "attacker" });

await verifyGlobexDomain(api);

async function samlConnection(name: string, options: { allowIdpInitiated?: boolean; live?: boolean; certificates?: string[] } = {}) {
  const row = await createConnection(api.db, admin, globex, {
    name,
    provider: "generic_saml",
    protocol: "saml",
    saml: { idpEntityId: IDP_ENTITY, idpSsoUrl: IDP_SSO, certificates: options.certificates ?? [sandboxKeys("idp").certificate], allowIdpInitiated: options.allowIdpInitiated ?? false },
  });
  if (options.live !== false) await setConnectionStatus(api.db, admin, globex, row.id, "live", { confirmName: row.name });
  // The IdP is configured from our SP metadata, as an admin would.
  const metadata = await (await api.client().fetch(`/auth/saml/${row.id}/metadata`)).text();
  const entityId = metadata.match(/entityID="([^"]+)"/)![1]!;
  const acsUrl = metadata.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)![1]!;
  return { id: row.id, sp: idp.serviceProvider(entityId, acsUrl), entityId, acsUrl };
}

const spInitiated = await samlConnection("SP-initiated only");
const idpInitiated = await samlConnection("IdP-initiated allowed", { allowIdpInitiated: true });

const karl: SamlPerson = { email: "karl.berg@globex.example", attributes: { email: "karl.berg@globex.example", name: "Karl Berg", groups: ["engineering"] } };

/** Starts an SP-initiated sign-in in a fresh browser; returns it and our AuthnRequest's ID as the IdP read it. */
async function startLogin(connection: { id: string; sp: ReturnType<typeof idp.serviceProvider> }, query = "") {
  const browser = api.client();
  const response = await browser.fetch(`/auth/saml/${connection.id}/login${query}`, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  expect(location.origin + location.pathname).toBe(IDP_SSO);
  const request = await idp.readRequest(connection.sp, Object.fromEntries(location.searchParams));
  return { browser, requestId: request.id };
}


const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
const encode = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

async function lastRefusal() {
  const event = await api.db.auditEvent.findFirst({ where: { action: "sso.login", status: "denied" }, orderBy: { occurredAt: "desc" }, select: { details: true, organizationId: true } });
  return event?.details as { reason: string; detail: string } | undefined;
}

/** Posts a response crafted from a real one and expects the generic error page and the audited reason. */
async function expectRefused(connectionId: string, browser: TestClient, samlResponse: string, reason: string) {
  const response = await post(browser, connectionId, samlResponse);
  expect(response.status).toBe(401);
  const page = await response.text();
  expect(page).toContain("Sign-in failed");
  expect(page).not.toContain(reason);
  expect(browser.cookies.has("atrium_session")).toBe(false);
  const refusal = await lastRefusal();
  expect(refusal?.reason, refusal?.detail).toBe(reason);
}

describe("SAML sign-in", () => {
  it("serves SP metadata with our entity ID and ACS URL", async () => {
    const response = await api.client().fetch(`/auth/saml/${spInitiated.id}/metadata`);
    expect(response.headers.get("content-type")).toContain("application/samlmetadata+xml");
    expect(spInitiated.entityId).toBe(`${api.url}/auth/saml/${spInitiated.id}/metadata`);
    expect(spInitiated.acsUrl).toBe(spInitiated.entityId.replace(/metadata$/, "acs"));
  });

  it("signs an existing member in, SP-initiated, with a session cookie and an audited success", async () => {
    const { browser, requestId } = await startLogin(spInitiated);
    const response = await post(browser, spInitiated.id, await idp.loginResponse(spInitiated.sp, karl, { inResponseTo: requestId }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/admin/orgs/${globex}`);
    const { user } = await browser.trpc.auth.me.query();
    expect(user.email).toBe("karl.berg@globex.example");
    const session = await api.db.session.findFirst({ where: { userId: user.id, authMethod: "saml" }, select: { ssoConnectionId: true } });
    expect(session?.ssoConnectionId).toBe(spInitiated.id);
    expect(await api.db.auditEvent.count({ where: { action: "sso.login", status: "success", actorLabel: "karl.berg@globex.example" } })).toBe(1);
  });

  it("accepts an IdP-initiated response when the connection opts in", async () => {
    const browser = api.client();
    const response = await post(browser, idpInitiated.id, await idp.loginResponse(idpInitiated.sp, karl, { inResponseTo: null }));
    expect(response.status).toBe(303);
    expect((await browser.trpc.auth.me.query()).user.email).toBe("karl.berg@globex.example");
  });

  it("provisions a new person just in time and maps IdP groups to roles on every login", async () => {
    await setRoleMappings(api.db, admin, globex, idpInitiated.id, [{ idpGroup: "globex-admins", role: "admin" }, { idpGroup: "auditors", role: "viewer" }]);
    const nina: SamlPerson = {
      email: "nina.novak@globex.example",
      attributes: { email: "nina.novak@globex.example", name: "Nina Novak", department: "Engineering", title: "SRE", groups: ["globex-admins", "auditors"] },
    };
    expect(await post(api.client(), idpInitiated.id, await idp.loginResponse(idpInitiated.sp, nina, { inResponseTo: null }))).toHaveProperty("status", 303);
    const user = await api.db.user.findUniqueOrThrow({ where: { email: "nina.novak@globex.example" }, select: { id: true, name: true, passwordHash: true } });
    expect(user).toMatchObject({ name: "Nina Novak", passwordHash: null });
    const membership = () => api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: globex, userId: user.id } }, select: { role: true, attributes: true } });
    expect(await membership()).toEqual({ role: "admin", attributes: { department: "Engineering", title: "SRE", groups: ["globex-admins", "auditors"] } });

    // Removed from the admin group at the IdP: the next login applies the mapping again.
    const demoted = { ...nina, attributes: { ...nina.attributes, groups: ["auditors"] } };
    expect(await post(api.client(), idpInitiated.id, await idp.loginResponse(idpInitiated.sp, demoted, { inResponseTo: null }))).toHaveProperty("status", 303);
    expect((await membership()).role).toBe("viewer");
    const mapped = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.role_mapped", resourceId: user.id }, select: { details: true } });
    expect(mapped.details).toMatchObject({ before: { key: "admin" }, after: { key: "viewer" }, source: "group auditors" });
  });

  it("accepts both certificates during a rollover", async () => {
    const rollover = await samlConnection("Rollover", { allowIdpInitiated: true, certificates: [sandboxKeys("idp").certificate, sandboxKeys("idp-next").certificate] });
    const nextSp = nextIdp.serviceProvider(rollover.entityId, rollover.acsUrl);
    expect(await post(api.client(), rollover.id, await nextIdp.loginResponse(nextSp, karl, { inResponseTo: null }))).toHaveProperty("status", 303);
    expect(await post(api.client(), rollover.id, await idp.loginResponse(rollover.sp, karl, { inResponseTo: null }))).toHaveProperty("status", 303);
  });

  it("refuses people whose e-mail domain the organization has not verified", async () => {
    const outsider = { email: "mallory@initech.example", attributes: { email: "mallory@initech.example" } };
    await expectRefused(idpInitiated.id, api.client(), await idp.loginResponse(idpInitiated.sp, outsider, { inResponseTo: null }), "email_domain_not_verified");
  });

  it("in test mode refuses ordinary sign-ins but shows an admin's test the received attributes", async () => {
    const draft = await samlConnection("Draft", { live: false });
    const { browser, requestId } = await startLogin(draft);
    await expectRefused(draft.id, browser, await idp.loginResponse(draft.sp, karl, { inResponseTo: requestId }), "connection_in_test_mode");

    const owner = await api.signedIn("it@globex.example");
    const start = await owner.fetch(`/auth/saml/${draft.id}/login?test=1`, { redirect: "manual" });
    const request = await idp.readRequest(draft.sp, Object.fromEntries(new URL(start.headers.get("location")!).searchParams));
    const response = await post(api.client(), draft.id, await idp.loginResponse(draft.sp, karl, { inResponseTo: request.id }));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!, api.url);
    expect(location.pathname).toBe(`/admin/orgs/${globex}/sso/${draft.id}`);
    const result = await api.db.ssoTestResult.findUniqueOrThrow({ where: { id: location.searchParams.get("test")! }, select: { ok: true, attributes: true } });
    expect(result.ok).toBe(true);
    expect(result.attributes).toMatchObject({ subject: "karl.berg@globex.example", mapped: { email: "karl.berg@globex.example", name: "Karl Berg", groups: ["engineering"] } });
    expect(await api.db.session.count({ where: { ssoConnectionId: draft.id } })).toBe(0);
  });

  it("records the exact error of a failed admin test in the test view", async () => {
    const owner = await api.signedIn("it@globex.example");
    const start = await owner.fetch(`/auth/saml/${spInitiated.id}/login?test=1`, { redirect: "manual" });
    const request = await idp.readRequest(spInitiated.sp, Object.fromEntries(new URL(start.headers.get("location")!).searchParams));
    const response = await post(api.client(), spInitiated.id, await idp.loginResponse(spInitiated.sp, karl, { inResponseTo: request.id, audience: "https://someone-else.test" }));
    const location = new URL(response.headers.get("location")!, api.url);
    const result = await api.db.ssoTestResult.findUniqueOrThrow({ where: { id: location.searchParams.get("test")! }, select: { ok: true, error: true } });
    expect(result).toMatchObject({ ok: false });
    expect(result.error).toMatch(/^wrong_audience: SAML assertion audience mismatch/);
  });

  it("refuses a test sign-in started by someone without sso:test", async () => {
    const member = await api.signedIn("karl.berg@globex.example");
    const response = await member.fetch(`/auth/saml/${spInitiated.id}/login?test=1`, { redirect: "manual" });
    expect(response.status).toBe(403);
  });
});

describe("SAML attacks are refused", () => {
  const signedFor = async (overrides: ResponseOverrides = {}, person: SamlPerson = karl) => {
    const { browser, requestId } = await startLogin(spInitiated);
    return { browser, response: await idp.loginResponse(spInitiated.sp, person, { inResponseTo: requestId, ...overrides }) };
  };

  it("unsigned assertion", async () => {
    const { browser, response } = await signedFor();
    const unsigned = decode(response).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, "");
    expect(unsigned).not.toContain("Signature");
    await expectRefused(spInitiated.id, browser, encode(unsigned), "invalid_signature");
  });

  it("signature by another key", async () => {
    const { browser, requestId } = await startLogin(spInitiated);
    const sp = attacker.serviceProvider(spInitiated.entityId, spInitiated.acsUrl);
    await expectRefused(spInitiated.id, browser, await attacker.loginResponse(sp, karl, { inResponseTo: requestId }), "invalid_signature");
  });

  it("tampered NameID", async () => {
    const { browser, response } = await signedFor();
    const tampered = decode(response).replace(">karl.berg@globex.example</saml:NameID>", ">it@globex.example</saml:NameID>");
    expect(tampered).toContain(">it@globex.example</saml:NameID>");
    await expectRefused(spInitiated.id, browser, encode(tampered), "invalid_signature");
  });

  it("signature wrapping: a second, unsigned assertion before the signed one", async () => {
    const { browser, response } = await signedFor();
    const xml = decode(response);
    const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const evil = signed.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "").replace(/ID="[^"]+"/, 'ID="_evil"').replace(">karl.berg@globex.example<", ">it@globex.example<");
    await expectRefused(spInitiated.id, browser, encode(xml.replace(signed, evil + signed)), "multiple_assertions");
  });

  it("signature wrapping: the signed assertion hidden inside an unsigned one", async () => {
    const { browser, response } = await signedFor();
    const xml = decode(response);
    const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const evil = signed
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "")
      .replace(/ID="[^"]+"/, 'ID="_evil"')
      .replace(">karl.berg@globex.example<", ">it@globex.example<")
      .replace("</saml:Subject>", `</saml:Subject><saml:Advice>${signed}</saml:Advice>`);
    await expectRefused(spInitiated.id, browser, encode(xml.replace(signed, evil)), "multiple_assertions");
  });

  it("comment injection in NameID", async () => {
    // The IdP signs the attacker's own address; the comment would make a naive parser read it@globex.example.
    const evilPerson = { email: "it@globex.example.evil.test", attributes: {} };
    const { browser, response } = await signedFor({}, evilPerson);
    const injected = decode(response).replace(">it@globex.example.evil.test<", ">it@globex.example<!---->.evil.test<");
    await expectRefused(spInitiated.id, browser, encode(injected), "xml_comment");
  });

  it.each<[name: string, overrides: ResponseOverrides, reason: string]>([
    ["wrong audience", { audience: "https://other-sp.test/metadata" }, "wrong_audience"],
    ["wrong recipient", { recipient: "https://other-sp.test/acs" }, "wrong_recipient"],
    ["wrong destination", { destination: "https://other-sp.test/acs" }, "wrong_destination"],
    ["wrong issuer", { issuer: "https://evil-idp.test/saml" }, "wrong_issuer"],
  ])("%s", async (_name, overrides, reason) => {
    const { browser, response } = await signedFor(overrides);
    await expectRefused(spInitiated.id, browser, response, reason);
  });

  it("expired assertion", async () => {
    const past = Date.now() - 3_600_000;
    const { browser, response } = await signedFor({ notBefore: new Date(past - 600_000), notOnOrAfter: new Date(past) });
    await expectRefused(spInitiated.id, browser, response, "expired");
  });

  it("not-yet-valid assertion", async () => {
    const future = Date.now() + 3_600_000;
    const { browser, response } = await signedFor({ notBefore: new Date(future), notOnOrAfter: new Date(future + 600_000) });
    await expectRefused(spInitiated.id, browser, response, "not_yet_valid");
  });

  it("replayed assertion", async () => {
    const response = await idp.loginResponse(idpInitiated.sp, karl, { inResponseTo: null });
    expect(await post(api.client(), idpInitiated.id, response)).toHaveProperty("status", 303);
    await expectRefused(idpInitiated.id, api.client(), response, "replayed_assertion");
  });

  it("InResponseTo mismatch", async () => {
    const { browser } = await startLogin(spInitiated);
    await expectRefused(spInitiated.id, browser, await idp.loginResponse(spInitiated.sp, karl, { inResponseTo: "_never-sent-by-us" }), "in_response_to_mismatch");
  });

  it("a response to a request is not accepted twice (InResponseTo used once)", async () => {
    const { browser, requestId } = await startLogin(spInitiated);
    expect(await post(browser, spInitiated.id, await idp.loginResponse(spInitiated.sp, karl, { inResponseTo: requestId }))).toHaveProperty("status", 303);
    await expectRefused(spInitiated.id, api.client(), await idp.loginResponse(spInitiated.sp, karl, { inResponseTo: requestId }), "in_response_to_mismatch");
  });

  it("IdP-initiated response to a connection that did not opt in", async () => {
    await expectRefused(spInitiated.id, api.client(), await idp.loginResponse(spInitiated.sp, karl, { inResponseTo: null }), "in_response_to_mismatch");
  });

  it("a request ID issued for another connection", async () => {
    const { requestId } = await startLogin(idpInitiated);
    const { browser } = await startLogin(spInitiated);
    await expectRefused(spInitiated.id, browser, await idp.loginResponse(spInitiated.sp, karl, { inResponseTo: requestId }), "in_response_to_mismatch");
  });
});
