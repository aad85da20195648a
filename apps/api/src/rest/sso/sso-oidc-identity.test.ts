/**
 * Which account an OIDC sign-in reaches, over our real HTTP endpoints with
 * oidc-provider as the OP: an e-mail the OP does not mark verified cannot name
 * an account (the "nOAuth" takeover) unless the admin made the connection
 * authoritative for its domains; the first sign-in links (connection, sub) to
 * the account, the link decides later sign-ins, and a second OP account
 * claiming the same e-mail is refused rather than re-linked.
 *
 * The OP puts the profile claims in the id_token here (as Entra ID and Okta
 * do), so the takeover is the one from the report; the same refusal through
 * UserInfo is checked with the OP in its defaults.
 */
import { createConnection, setConnectionStatus } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { createSigningKey, HttpBrowser, SANDBOX_PEOPLE, type SandboxPerson } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";
import { expectRefused, oidcSignIn, opClient, startTestOp, whoIs, type TestOp } from "./oidc-testing.ts";

const api = await startTestApi();
const globex = api.demo.organizations["globex"]!;
const system = systemActor("sso-test");
await api.db.ssoDomain.create({ data: { organizationId: globex, domain: "globex.example", token: "t", verifiedAt: new Date() } });
const ADMIN_EMAIL = "ines.dupont@globex.example";
const ines = await api.db.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL }, select: { id: true } });

// An OP account that is not the admin but claims her address, unverified (the OP lets users type their own e-mail).
const mallory: SandboxPerson = { sub: "mallory", email: ADMIN_EMAIL, emailVerified: false, name: "Mallory", department: "", title: "", groups: [] };
// Two OP accounts with the same verified address (the OP reassigned it).
const ninaFirst: SandboxPerson = { ...SANDBOX_PEOPLE.find((p) => p.sub === "nina")!, sub: "nina-1" };
const ninaSecond: SandboxPerson = { ...ninaFirst, sub: "nina-2" };
const people = [...SANDBOX_PEOPLE, mallory, ninaFirst, ninaSecond];
const key = createSigningKey();
const clients = [opClient(api.url, "atrium")];
const claimsOp = await startTestOp({ clients, people, claimsInIdToken: true, signingKey: key });
const defaultOp = await startTestOp({ clients, people });

async function liveConnection(name: string, op: TestOp) {
  const row = await createConnection(api.db, system, globex, {
    name,
    provider: "generic_oidc",
    protocol: "oidc",
    oidc: { discoveryUrl: op.discoveryUrl, clientId: "atrium", clientSecret: "atrium-secret" },
  });
  await setConnectionStatus(api.db, system, globex, row.id, "live", { confirmName: row.name });
  return row.id;
}

const linksOf = (connectionId: string) =>
  api.db.ssoIdentity.findMany({ where: { connectionId }, select: { subject: true, userId: true, organizationId: true }, orderBy: { subject: "asc" } });

describe("an e-mail the OP does not mark verified", () => {
  it("cannot sign in as the existing admin who owns that address (id_token claims)", async () => {
    const connectionId = await liveConnection("Takeover", claimsOp);
    const { response, session } = await oidcSignIn(api.url, claimsOp, connectionId, "mallory");
    expect(session).toBeUndefined();
    await expectRefused(api.db, response, "email_not_verified");
    expect(await linksOf(connectionId)).toEqual([]);
  });

  it("cannot sign in either when the OP gives the e-mail at UserInfo (oidc-provider defaults)", async () => {
    const connectionId = await liveConnection("Takeover via UserInfo", defaultOp);
    const { response, session } = await oidcSignIn(api.url, defaultOp, connectionId, "mallory");
    expect(session).toBeUndefined();
    await expectRefused(api.db, response, "email_not_verified");
  });

  it("is shown with its reason in the admin's test view", async () => {
    const connectionId = await liveConnection("Takeover test view", claimsOp);
    const admin = await api.signedIn(ADMIN_EMAIL);
    const browser = new HttpBrowser();
    browser.cookies.set(new URL(api.url).host, new Map([["atrium_session", admin.cookies.get("atrium_session")!]]));
    const start = await browser.follow(`${api.url}/auth/oidc/${connectionId}/login?test=1`);
    await start.response.text();
    const done = await browser.follow(start.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "sub=mallory" }, (next) => next.pathname.startsWith("/admin"));
    expect(done.response.status).toBe(303);
    const result = await api.db.ssoTestResult.findFirstOrThrow({ where: { connectionId }, select: { id: true, ok: true, error: true } });
    expect(done.response.headers.get("location")).toBe(`/admin/orgs/${globex}/sso/${connectionId}?test=${result.id}`);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^email_not_verified: The provider does not mark ines\.dupont@globex\.example as verified/);
    const shown = await admin.trpc.sso.connections.testResults.query({ orgId: globex, connectionId });
    expect(shown.map((r) => r.error?.split(":")[0])).toEqual(["email_not_verified"]);
  });

  it("is accepted once an admin marks the connection authoritative for the verified domains (audited)", async () => {
    const connectionId = await liveConnection("Authoritative", claimsOp);
    const admin = await api.signedIn(ADMIN_EMAIL);
    const updated = await admin.trpc.sso.connections.update.mutate({
      orgId: globex,
      connectionId,
      name: "Authoritative",
      provider: "generic_oidc",
      protocol: "oidc",
      oidc: { discoveryUrl: claimsOp.discoveryUrl, clientId: "atrium", trustUnverifiedEmail: true },
    });
    expect(updated.oidc.trustUnverifiedEmail).toBe(true);
    const audit = await api.db.auditEvent.findFirstOrThrow({
      where: { action: "sso.connection_update", resourceId: connectionId },
      orderBy: { occurredAt: "desc" },
      select: { details: true, actorId: true },
    });
    expect(audit).toMatchObject({ actorId: ines.id, details: { trustUnverifiedEmail: { before: false, after: true } } });

    const { response, session } = await oidcSignIn(api.url, claimsOp, connectionId, "mallory");
    expect(response.status).toBe(303);
    expect(await whoIs(api.url, session!)).toBe(ADMIN_EMAIL);
    expect(await linksOf(connectionId)).toEqual([{ subject: "mallory", userId: ines.id, organizationId: globex }]);
  });
});

describe("identity links (connection, sub)", () => {
  it("the first sign-in links the OP account; a second OP account with the same verified e-mail is refused", async () => {
    const connectionId = await liveConnection("Links", claimsOp);
    const first = await oidcSignIn(api.url, claimsOp, connectionId, "nina-1");
    expect(first.response.status).toBe(303);
    const nina = await api.db.user.findUniqueOrThrow({ where: { email: "nina.novak@globex.example" }, select: { id: true } });
    expect(await linksOf(connectionId)).toEqual([{ subject: "nina-1", userId: nina.id, organizationId: globex }]);
    const linked = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.identity_linked", resourceId: nina.id }, select: { details: true, status: true } });
    expect(linked).toEqual({ status: "success", details: { connectionId, subject: "nina-1" } });

    const second = await oidcSignIn(api.url, claimsOp, connectionId, "nina-2");
    expect(second.session).toBeUndefined();
    await expectRefused(api.db, second.response, "identity_conflict");
    expect(await linksOf(connectionId)).toEqual([{ subject: "nina-1", userId: nina.id, organizationId: globex }]);

    const again = await oidcSignIn(api.url, claimsOp, connectionId, "nina-1");
    expect(again.response.status).toBe(303);
    expect(await whoIs(api.url, again.session!)).toBe("nina.novak@globex.example");
  });

  it("an admin sees the links and removes one, after which the second OP account signs in and is linked (audited)", async () => {
    const connectionId = await liveConnection("Links resolved", claimsOp);
    expect((await oidcSignIn(api.url, claimsOp, connectionId, "nina-1")).response.status).toBe(303);
    await expectRefused(api.db, (await oidcSignIn(api.url, claimsOp, connectionId, "nina-2")).response, "identity_conflict");
    const admin = await api.signedIn(ADMIN_EMAIL);
    const listed = await admin.trpc.sso.identities.list.query({ orgId: globex, connectionId });
    expect(listed.map((l) => [l.subject, l.user.email])).toEqual([["nina-1", "nina.novak@globex.example"]]);

    // Another tenant's admin can neither see nor remove it.
    const acme = api.demo.organizations["acme"]!;
    const outsider = await api.signedIn("admin@acme.example");
    expect(await callError(outsider.trpc.sso.identities.list.query({ orgId: acme, connectionId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await callError(outsider.trpc.sso.identities.remove.mutate({ orgId: acme, connectionId, identityId: listed[0]!.id }))).toMatchObject({ code: "NOT_FOUND" });

    await admin.trpc.sso.identities.remove.mutate({ orgId: globex, connectionId, identityId: listed[0]!.id });
    const unlinked = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.identity_unlinked" }, orderBy: { occurredAt: "desc" }, select: { actorId: true, details: true } });
    expect(unlinked).toEqual({ actorId: ines.id, details: { connectionId, subject: "nina-1" } });
    const second = await oidcSignIn(api.url, claimsOp, connectionId, "nina-2");
    expect(await whoIs(api.url, second.session!)).toBe("nina.novak@globex.example");
    expect((await linksOf(connectionId)).map((l) => l.subject)).toEqual(["nina-2"]);
  });

  it("the link decides the account: a linked OP account whose e-mail later changes still reaches its own account", async () => {
    const connectionId = await liveConnection("Link decides", claimsOp);
    const first = await oidcSignIn(api.url, claimsOp, connectionId, "karl");
    expect(await whoIs(api.url, first.session!)).toBe("karl.berg@globex.example");
    // The OP's admin changes karl's (verified) address to the IT admin's.
    claimsOp.replace({ clients, people: people.map((p) => (p.sub === "karl" ? { ...p, email: ADMIN_EMAIL } : p)), claimsInIdToken: true, signingKey: key });
    try {
      const later = await oidcSignIn(api.url, claimsOp, connectionId, "karl");
      expect(later.response.status).toBe(303);
      expect(await whoIs(api.url, later.session!)).toBe("karl.berg@globex.example");
    } finally {
      claimsOp.replace({ clients, people, claimsInIdToken: true, signingKey: key });
    }
  });

  it("a removed member's links go with the membership", async () => {
    const connectionId = await liveConnection("Unlink on removal", claimsOp);
    const first = await oidcSignIn(api.url, claimsOp, connectionId, "omar");
    expect(first.response.status).toBe(303);
    const omar = await api.db.user.findUniqueOrThrow({ where: { email: "omar.haddad@globex.example" }, select: { id: true } });
    expect(await linksOf(connectionId)).toEqual([{ subject: "omar", userId: omar.id, organizationId: globex }]);
    const admin = await api.signedIn(ADMIN_EMAIL);
    await admin.trpc.members.remove.mutate({ orgId: globex, userId: omar.id });
    expect(await linksOf(connectionId)).toEqual([]);
    const removal = await api.db.auditEvent.findFirstOrThrow({ where: { action: "membership.remove", resourceId: omar.id }, select: { details: true } });
    expect(removal.details).toMatchObject({ ssoLinksRemoved: 1 });
  });
});
