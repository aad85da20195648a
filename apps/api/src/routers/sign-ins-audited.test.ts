/**
 * Sign-ins in the tenant's audit log, through the real API: a member of two
 * organizations (and a deactivated member of a third) signs in by password,
 * with a second factor and from a device; each sign-in and each refusal, with
 * its reason, is in both organizations' logs — found by the org audit search
 * filtered on `auth.login` — and in no other, an unknown e-mail only on the
 * platform log. With a SAML sign-in (`sso.login`, on the connection's
 * organization) beside them, the compliance report counts exactly those events.
 */
import { createConnection, setConnectionStatus } from "@atrium/core/sso";
import { currentStep, keyFromManualEntry } from "@atrium/core/mfa";
import { systemActor } from "@atrium/core/actor";
import { verifyAuditChain } from "@atrium/core/audit";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { createSamlIdp, sandboxKeys } from "@atrium/sso-sandbox";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { postSamlResponse } from "../rest/sso/saml-testing.ts";
import { callError, startTestApi, type TestClient } from "../testing.ts";
import { deviceGrant } from "../rest/device/device-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const emea = api.demo.organizations["acmeEmea"]!;
const sam = "sam.patel@acme.example";
const samId = api.demo.users[sam]!;
// Sam is an admin of Acme; here also a member of Globex (another tenant), and a deactivated member of Acme EMEA.
await api.db.membership.create({ data: { organizationId: globex, userId: samId, role: "member" } });
await api.db.membership.create({ data: { organizationId: emea, userId: samId, role: "member", status: "deactivated" } });
const acmeOwner = await api.signedIn("admin@acme.example");
const globexOwner = await api.signedIn("it@globex.example");
/** Every sign-in event from here on belongs to the scenario below (the owners signed in before). */
const scenarioStart = new Date();

const owners: Record<string, TestClient> = { [acme]: acmeOwner, [globex]: globexOwner, [emea]: acmeOwner };
const { as, cli, insecure } = deviceGrant(api.url);

// A live SAML connection of Globex, its IdP configured from our SP metadata; and an impostor signing with another key.
const IDP = { entityId: "https://idp.sandbox.test/saml", ssoUrl: "https://idp.sandbox.test/saml/sso" };
const idp = createSamlIdp({ ...IDP, ...sandboxKeys("idp") });
const impostor = createSamlIdp({ ...IDP, ...sandboxKeys("attacker") });
await api.db.ssoDomain.create({ data: { organizationId: globex, domain: "globex.example", token: "t", verifiedAt: new Date() } });
const saml = await createConnection(api.db, systemActor("sso-test"), globex, {
  name: "Globex IdP",
  provider: "generic_saml",
  protocol: "saml",
  saml: { idpEntityId: IDP.entityId, idpSsoUrl: IDP.ssoUrl, certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: true },
});
await setConnectionStatus(api.db, systemActor("sso-test"), globex, saml.id, "live", { confirmName: saml.name });
const spMetadata = await (await api.client().fetch(`/auth/saml/${saml.id}/metadata`)).text();
const samlSp = (issuer: typeof idp) => issuer.serviceProvider(spMetadata.match(/entityID="([^"]+)"/)![1]!, spMetadata.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)![1]!);
const karl = { email: "karl.berg@globex.example", attributes: { email: "karl.berg@globex.example", name: "Karl Berg" } };

/** Someone's (Sam's by default) sign-in events in an organization's log since `from`, oldest first, as its admin finds them with the `auth.login` filter. */
async function signIns(orgId: string, from: Date, actor = sam) {
  const page = await owners[orgId]!.trpc.audit.events.search.query({ orgId, actions: ["auth.login"], actor, from, limit: 200 });
  return page.rows.map((r) => ({ status: r.status, details: r.details })).reverse();
}

/** The same in both of Sam's organizations, none in the deactivated one, one on the platform log. */
async function expectInBothLogs(from: Date, events: { status: string; details: Record<string, unknown> }[]) {
  expect(await signIns(acme, from)).toEqual(events);
  expect(await signIns(globex, from)).toEqual(events);
  expect(await signIns(emea, from)).toEqual([]);
  const platform = await api.db.auditEvent.findMany({
    where: { action: "auth.login", organizationId: null, resourceId: samId, occurredAt: { gte: from } },
    select: { status: true, details: true },
    orderBy: { seq: "asc" },
  });
  expect(platform).toEqual(events);
}

let samKey: Uint8Array;
let samBrowser: TestClient;

describe("sign-ins in each organization's audit log", () => {
  it("records a password sign-in and a wrong password in both of the member's organizations; an unknown e-mail only on the platform log", async () => {
    const from = new Date();
    await api.client().trpc.auth.login.mutate({ email: sam, password: DEMO_PASSWORD });
    expect((await callError(api.client().trpc.auth.login.mutate({ email: sam, password: "not the password" }))).status).toBe(401);
    await expectInBothLogs(from, [
      { status: "success", details: { method: "password", mfa: false } },
      { status: "denied", details: { method: "password", reason: "wrong_password" } },
    ]);

    expect((await callError(api.client().trpc.auth.login.mutate({ email: "nobody@acme.example", password: "whatever-password" }))).status).toBe(401);
    const unknown = await api.db.auditEvent.findMany({ where: { action: "auth.login", actorLabel: "nobody@acme.example" }, select: { organizationId: true, details: true } });
    expect(unknown).toEqual([{ organizationId: null, details: { method: "password", reason: "unknown_email" } }]);
  });

  it("records an MFA sign-in and a wrong code in both organizations, with the reason", async () => {
    const settings = await api.signedIn(sam);
    const { manualKey } = await settings.trpc.mfa.enrollStart.mutate();
    samKey = keyFromManualEntry(manualKey);
    await settings.trpc.mfa.enrollConfirm.mutate({ code: generateTOTP(samKey, 30, 6) });

    const from = new Date();
    samBrowser = api.client();
    const step = await samBrowser.trpc.auth.login.mutate({ email: sam, password: DEMO_PASSWORD });
    const code = generateHOTP(samKey, currentStep() + 1n, 6);
    const wrong = code === "000000" ? "111111" : "000000";
    expect((await callError(samBrowser.trpc.mfa.challenge.verify.mutate({ challenge: step.mfa!.challenge, code: wrong }))).status).toBe(401);
    await samBrowser.trpc.mfa.challenge.verify.mutate({ challenge: step.mfa!.challenge, code });
    expect((await samBrowser.trpc.auth.me.query()).user.email).toBe(sam);
    // The password step alone is no sign-in: nothing is recorded for it.
    await expectInBothLogs(from, [
      { status: "denied", details: { method: "password", reason: "wrong_totp_code" } },
      { status: "success", details: { method: "password", mfa: true, factor: "totp" } },
    ]);
  });

  it("records a device's sign-in in the organization it was approved for, and a denial where the device would have acted", async () => {
    const from = new Date();
    const approved = await oauth.processDeviceAuthorizationResponse(as, cli, await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope: "org:read" }, insecure));
    await samBrowser.trpc.device.decide.mutate({ userCode: approved.user_code, orgId: acme, approve: true });
    const token = await oauth.processDeviceCodeResponse(as, cli, await oauth.deviceCodeGrantRequest(as, cli, oauth.None(), approved.device_code, insecure));
    expect(token.access_token).toMatch(/^atd_/);

    const denied = await oauth.processDeviceAuthorizationResponse(as, cli, await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope: "org:read" }, insecure));
    await samBrowser.trpc.device.decide.mutate({ userCode: denied.user_code, orgId: globex, approve: false });

    const deviceSignIn = { status: "success", details: { method: "device", clientId: "atrium-cli", mfa: true } };
    const refusal = { status: "denied", details: { method: "device", clientId: "atrium-cli", reason: "denied_by_user" } };
    expect(await signIns(acme, from)).toEqual([deviceSignIn]);
    expect(await signIns(globex, from)).toEqual([refusal]);
    expect(await signIns(emea, from)).toEqual([]);
  });

  it("records a device refused for scopes the approver lacks, and one whose approver lost access before it polled, in that organization only", async () => {
    const from = new Date();
    const start = async (scope: string) =>
      oauth.processDeviceAuthorizationResponse(as, cli, await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope }, insecure));
    const tooMuch = await start("members:invite");
    expect((await callError(samBrowser.trpc.device.decide.mutate({ userCode: tooMuch.user_code, orgId: globex, approve: true }))).status).toBe(403);

    const orphan = await start("org:read");
    await samBrowser.trpc.device.decide.mutate({ userCode: orphan.user_code, orgId: globex, approve: true });
    const membership = { organizationId_userId: { organizationId: globex, userId: samId } };
    await api.db.membership.update({ where: membership, data: { status: "deactivated" } });
    const polled = await oauth.deviceCodeGrantRequest(as, cli, oauth.None(), orphan.device_code, insecure);
    await expect(oauth.processDeviceCodeResponse(as, cli, polled)).rejects.toMatchObject({ error: "access_denied" });
    await api.db.membership.update({ where: membership, data: { status: "active" } });

    expect(await signIns(globex, from)).toEqual([
      { status: "denied", details: { method: "device", clientId: "atrium-cli", reason: "scopes_not_held", scopes: ["members:invite"] } },
      { status: "denied", details: { method: "device", clientId: "atrium-cli", reason: "approver_lost_access" } },
    ]);
    expect(await signIns(acme, from)).toEqual([]);
  });

  it("records a SAML sign-in and its refusal on the connection's organization (sso.login)", async () => {
    const from = new Date();
    expect((await postSamlResponse(api.client(), saml.id, await idp.loginResponse(samlSp(idp), karl, { inResponseTo: null }))).status).toBe(303);
    expect((await postSamlResponse(api.client(), saml.id, await impostor.loginResponse(samlSp(impostor), karl, { inResponseTo: null }))).status).toBe(401);
    const page = await globexOwner.trpc.audit.events.search.query({ orgId: globex, actions: ["sso.login"], from, limit: 200 });
    expect(page.rows.map((r) => r.status).reverse()).toEqual(["success", "denied"]);
  });

  it("records a password refused by SSO enforcement in each of the account's organizations, and the break-glass owner's sign-in", async () => {
    const from = new Date();
    const hank = api.demo.users["it@globex.example"]!;
    await api.db.membership.create({ data: { organizationId: acme, userId: api.demo.users[karl.email]!, role: "viewer" } });
    await globexOwner.trpc.sso.enforcement.set.mutate({ orgId: globex, enforced: true, breakGlassUserId: hank });
    expect((await callError(api.client().trpc.auth.login.mutate({ email: karl.email, password: DEMO_PASSWORD }))).status).toBe(403);
    const refused = [{ status: "denied", details: { reason: "sso_enforced" } }];
    expect(await signIns(globex, from, karl.email)).toEqual(refused);
    expect(await signIns(acme, from, karl.email)).toEqual(refused);
    expect(await api.db.auditEvent.count({ where: { action: "auth.login", organizationId: null, actorLabel: karl.email, occurredAt: { gte: from } } })).toBe(1);

    await api.client().trpc.auth.login.mutate({ email: "it@globex.example", password: DEMO_PASSWORD });
    expect(await signIns(globex, from, "it@globex.example")).toEqual([{ status: "success", details: { method: "password", mfa: false } }]);
    const breakGlass = await globexOwner.trpc.audit.events.search.query({ orgId: globex, actions: ["sso.break_glass_login"], from });
    expect(breakGlass.rows).toHaveLength(1);
    await globexOwner.trpc.sso.enforcement.set.mutate({ orgId: globex, enforced: false, breakGlassUserId: null });
  });

  it("counts in the compliance report exactly the sign-in events of the organization's log", async () => {
    const to = new Date(Date.now() + 3600_000);
    // Acme: password, the settings sign-in before enrolling, MFA, device; refused: wrong password, wrong code, Karl's password under SSO enforcement.
    // Globex: the same without the device, Karl's SAML sign-in and the break-glass owner's;
    // refused: wrong password, wrong code, the three refused devices, the impostor's response, Karl's password.
    for (const [orgId, succeeded, refused] of [[acme, 4, 3], [globex, 5, 7]] as const) {
      const report = await owners[orgId]!.trpc.audit.reports.generate.query({ orgId, framework: "soc2", from: scenarioStart, to });
      const controls = report.sections.flatMap((s) => s.controls);
      const failed = controls.find((c) => c.key === "failed_logins")!;
      expect(failed.evidence).toEqual([{ label: "Refused", value: String(refused) }, { label: "Succeeded", value: String(succeeded) }]);
      const shown = await owners[orgId]!.trpc.audit.events.search.query({ orgId, actions: ["auth.login", "sso.login"], from: scenarioStart, limit: 200 });
      expect([shown.rows.filter((r) => r.status === "success").length, shown.rows.filter((r) => r.status === "denied").length]).toEqual([succeeded, refused]);
      // With a second factor: the MFA sign-in, and in Acme the device approved from that MFA session.
      const mfa = controls.find((c) => c.key === "mfa_coverage")!;
      const withMfa = orgId === acme ? 2 : 1;
      expect(mfa.evidence).toEqual([{ label: "Sign-ins with MFA", value: String(withMfa) }, { label: "Without", value: String(succeeded - withMfa) }]);
      const sso = controls.find((c) => c.key === "sso_coverage")!;
      const bySso = orgId === globex ? 1 : 0;
      expect(sso.evidence).toEqual(
        orgId === globex ? [{ label: "SSO sign-ins", value: "1" }, { label: "Password sign-ins", value: String(succeeded - bySso) }] : [{ label: "Successful sign-ins", value: String(succeeded) }],
      );
    }
  });

  it("keeps every organization's hash chain valid, with sign-ins of members of several organizations running at once", async () => {
    // Avery is in four Acme organizations, Hank in two of Globex's: their batches lock overlapping chain heads.
    const people = ["admin@acme.example", "it@globex.example", "lee.chen@acme.example"];
    const from = new Date();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => api.client().trpc.auth.login.mutate({ email: people[i % 3]!, password: DEMO_PASSWORD })));
    expect(results.map((r) => r.user.email)).toEqual(Array.from({ length: 12 }, (_, i) => people[i % 3]));
    expect(await api.db.auditEvent.count({ where: { action: "auth.login", organizationId: acme, occurredAt: { gte: from } } })).toBe(8);
    for (const orgId of [acme, globex]) {
      expect(await owners[orgId]!.trpc.audit.events.verify.mutate({ orgId })).toMatchObject({ ok: true });
    }
    for (const orgId of [api.demo.organizations["acmeCanada"]!, api.demo.organizations["globexUk"]!, null]) {
      expect(await verifyAuditChain(api.db, orgId)).toMatchObject({ ok: true });
    }
  });
});
