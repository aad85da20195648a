/**
 * Notes against the real Atrium, in process: the API (real PostgreSQL, demo
 * data) and the worker serving back-channel logouts, Notes on its own port
 * registered as the application's redirect and logout URIs, and a
 * cookie-keeping HTTP browser that signs people in to Atrium and then to
 * Notes through the OpenID Provider.
 */
import { startTestApi } from "@atrium/api/testing";
import { HttpBrowser } from "@atrium/sso-sandbox";
import { generateKeyPair, SignJWT } from "jose";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { startNotes } from "./notes-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const users = api.demo.users;
const DEMO_SCIM_TOKEN = "atrium_scim_demo_acme"; // seeded for Acme, whose acme.example is verified
const webhookSecret = `whsec_${Buffer.from("notes-demo-test-webhook-secret!!").toString("base64")}`;
const logs: string[] = [];
const { url: demoUrl } = await startNotes(api, { webhookSecret, log: (line) => logs.push(line) });

/** Signs `email` in to Atrium (password), then to Notes through the OpenID Provider; returns the browser on the Notes page. */
async function signIn(email: string, organization: string): Promise<HttpBrowser> {
  const atrium = await api.signedIn(email);
  const browser = new HttpBrowser();
  browser.cookies.set(new URL(api.url).host, new Map(atrium.cookies));
  const { response, url } = await browser.follow(`${demoUrl}/login?organization=${organization}`);
  expect(url).toBe(`${demoUrl}/`);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return browser;
}

const notesPage = async (browser: HttpBrowser) => {
  const response = await browser.request(`${demoUrl}/`);
  return { status: response.status, html: await response.text() };
};
const post = (browser: HttpBrowser, path: string, form: Record<string, string> = {}) =>
  browser.request(`${demoUrl}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
const noteIds = (html: string) => [...html.matchAll(/data-note="([0-9a-f-]{36})"/g)].map((m) => m[1]!);

async function poll<T>(probe: () => Promise<T | undefined>, seconds: number): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let lee: HttpBrowser;
let sam: HttpBrowser;
let leeNote: string;

describe("Notes signs people in through Atrium and asks it what they may do", () => {
  it("a member signs in: the page shows their name, organization, plan and role, and no Share action", async () => {
    expect((await notesPage(new HttpBrowser())).html).toContain('<a href="/login">Sign in with Atrium</a>');
    lee = await signIn("lee.chen@acme.example", "acme");
    const { html } = await notesPage(lee);
    expect(html).toContain('<span data-org>Acme Corp</span> <span class="muted">(enterprise plan)</span>');
    expect(html).toContain('<span data-user>Lee Chen</span> <span class="muted" data-roles>member</span>');
    expect(html).toContain("No notes yet.");

    expect((await post(lee, "/notes", { title: "Q4 <plan>", body: "Ship & celebrate" })).status).toBe(303);
    const after = (await notesPage(lee)).html;
    [leeNote] = noteIds(after) as [string];
    expect(noteIds(after)).toEqual([leeNote]);
    expect(after).toContain("<strong>Q4 &lt;plan&gt;</strong> <span class=\"muted\">by Lee Chen</span>");
    expect(after).toContain("<p>Ship &amp; celebrate</p>");
    expect(after).not.toContain("/share");
  });

  it("a member's direct POST to share is refused with 403 and nothing is audited", async () => {
    const response = await post(lee, `/notes/${leeNote}/share`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Your role does not let you share notes outside the organization.");
    expect(await api.db.auditEvent.count({ where: { action: "demo-product/note.share" } })).toBe(0);
  });

  it("an admin shares the note and the event lands in the organization's audit log as them", async () => {
    sam = await signIn("sam.patel@acme.example", "acme");
    const before = (await notesPage(sam)).html;
    expect(before).toContain('<span data-user>Sam Patel</span> <span class="muted" data-roles>admin</span>');
    expect(before).toContain(`<form class="inline" method="post" action="/notes/${leeNote}/share"><button>Share</button></form>`);
    expect((await post(sam, `/notes/${leeNote}/share`)).status).toBe(303);
    expect((await notesPage(sam)).html).toContain('<span class="muted" data-shared>Shared</span>');

    const events = await api.db.auditEvent.findMany({
      where: { action: "demo-product/note.share" },
      select: { organizationId: true, status: true, actorType: true, actorId: true, actorLabel: true, resourceType: true, resourceId: true, details: true },
    });
    expect(events).toEqual([
      { organizationId: acme, status: "success", actorType: "user", actorId: users["sam.patel@acme.example"], actorLabel: "sam.patel@acme.example", resourceType: "demo-product/note", resourceId: leeNote, details: { application: "demo-product", data: { sharedWith: "external-link" } } },
    ]);
    // Another organization's note id is not found, even for an admin.
    expect((await post(sam, "/notes/00000000-0000-4000-8000-000000000000/share")).status).toBe(404);
  });

  it("each note created reports one operation of usage for the organization (keys namespaced by Atrium under the application)", async () => {
    expect((await post(sam, "/notes", { title: "Second" })).status).toBe(303);
    const ids = noteIds((await notesPage(sam)).html);
    expect(ids).toHaveLength(2);
    const usage = await api.db.usageEvent.findMany({ where: { organizationId: acme, idempotencyKey: { startsWith: "demo-product:note-" } }, orderBy: { recordedAt: "asc" }, select: { metric: true, quantity: true, idempotencyKey: true } });
    expect(usage).toEqual([
      { metric: "operations", quantity: 1n, idempotencyKey: `demo-product:note-${leeNote}` },
      { metric: "operations", quantity: 1n, idempotencyKey: `demo-product:note-${ids[0]}` },
    ]);
  });

  it("the enterprise-only export shows for Acme; a Business organization sees an upgrade note and is refused the export", async () => {
    expect((await notesPage(sam)).html).toContain('<a href="/export" data-export>');
    const exported = await sam.request(`${demoUrl}/export`);
    expect(exported.status).toBe(200);
    expect(((await exported.json()) as { title: string }[]).map((n) => n.title)).toEqual(["Second", "Q4 <plan>"]);

    const peter = await signIn("peter.gibbons@initech.example", "initech");
    const { html } = await notesPage(peter);
    expect(html).toContain('<span data-org>Initech</span> <span class="muted">(business plan)</span>');
    expect(html).toContain("No notes yet."); // notes are per organization
    expect(html).toContain('<p class="upgrade" data-upgrade>Compliance export is part of the Enterprise plan.');
    expect(html).not.toContain("data-export");
    expect((await peter.request(`${demoUrl}/export`)).status).toBe(403);
  });
});

describe("Notes ends sessions Atrium ends", () => {
  it("a SCIM deactivation ends the person's Notes session within 5 s (back-channel logout), and only theirs", async () => {
    const scim = (method: string, path: string, body: unknown) =>
      fetch(`${api.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${DEMO_SCIM_TOKEN}`, "content-type": "application/scim+json" }, body: JSON.stringify(body) });
    const created = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "lee.chen@acme.example",
      name: { givenName: "Lee", familyName: "Chen" },
      emails: [{ value: "lee.chen@acme.example", type: "work", primary: true }],
      active: true,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await notesPage(lee)).html).toContain("data-user>Lee Chen<");

    const off = await scim("PATCH", `/Users/${id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
    expect(off.status).toBe(200);
    const signedOut = await poll(async () => {
      const { html } = await notesPage(lee);
      return html.includes("Sign in with Atrium") ? html : undefined;
    }, 5);
    expect(signedOut).not.toContain("Lee Chen");
    expect(logs).toContain("[notes] back-channel logout ended 1 session(s)");
    expect((await notesPage(sam)).html).toContain("data-user>Sam Patel<");
    // Lee's cookie no longer works for anything that needs a session.
    expect((await post(lee, "/notes", { title: "after" })).status).toBe(401);
  });

  it("refuses a logout token that is missing, malformed, or signed by another key", async () => {
    const forged = await (async () => {
      const { privateKey } = await generateKeyPair("RS256");
      return new SignJWT({ events: { "http://schemas.openid.net/event/backchannel-logout": {} }, sid: "x" })
        .setProtectedHeader({ alg: "RS256", typ: "logout+jwt", kid: "attacker" })
        .setIssuer(`${api.url}/oidc`).setAudience("demo-product").setSubject(users["sam.patel@acme.example"]!).setIssuedAt().setJti("j1")
        .sign(privateKey);
    })();
    for (const body of ["", "logout_token=not.a.jwt", `logout_token=${forged}`]) {
      const response = await fetch(`${demoUrl}/backchannel-logout`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_request", error_description: "the logout token is missing or not valid" });
    }
    expect((await notesPage(sam)).html).toContain("data-user>Sam Patel<");
  });

  it("a verified membership.removed webhook ends the person's sessions in that organization; a bad signature is refused", async () => {
    const event = { id: "evt_test_1", type: "membership.removed", organizationId: acme, createdAt: new Date().toISOString(), data: { userId: users["sam.patel@acme.example"] } };
    const payload = JSON.stringify(event);
    const timestamp = new Date();
    const signature = new Webhook(webhookSecret).sign(event.id, timestamp, payload);
    const headers = { "content-type": "application/json", "webhook-id": event.id, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)) };

    const bad = await fetch(`${demoUrl}/webhooks/atrium`, { method: "POST", headers: { ...headers, "webhook-signature": "v1,AAAA" }, body: payload });
    expect(bad.status).toBe(400);
    expect((await notesPage(sam)).html).toContain("data-user>Sam Patel<");

    const good = await fetch(`${demoUrl}/webhooks/atrium`, { method: "POST", headers: { ...headers, "webhook-signature": signature }, body: payload });
    expect(good.status).toBe(200);
    expect((await notesPage(sam)).html).toContain("Sign in with Atrium");
  });

  it("a callback with an unknown state, or a code Atrium did not issue, is a refused sign-in (400), not a session", async () => {
    const browser = new HttpBrowser();
    expect((await browser.request(`${demoUrl}/callback?code=x&state=unknown`)).status).toBe(400);
    const login = await browser.request(`${demoUrl}/login?organization=acme`);
    const state = new URL(login.headers.get("location")!).searchParams.get("state")!;
    const refused = await browser.request(`${demoUrl}/callback?code=not-a-code&state=${state}&iss=${encodeURIComponent(`${api.url}/oidc`)}`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Atrium did not confirm this sign-in. Sign in again.");
    expect(browser.cookie(new URL(demoUrl).host, "notes_session")).toBeUndefined();
  });

  it("signing out ends the Notes session and sends the person to Atrium's RP-initiated logout", async () => {
    const avery = await signIn("admin@acme.example", "acme");
    const response = await post(avery, "/logout");
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${api.url}/oidc/session/end`);
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${demoUrl}/`);
    expect(location.searchParams.get("id_token_hint")).toMatch(/^ey/);
    expect((await notesPage(avery)).html).toContain("Sign in with Atrium");
  });
});
