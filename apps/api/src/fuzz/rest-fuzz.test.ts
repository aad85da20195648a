/**
 * Every REST surface of apps/api/src/http under generated input, over real
 * HTTP against a seeded API on its own database: the SAML ACS (random and
 * malformed base64 and XML, XXE and billion-laughs payloads, huge responses,
 * wrong content types, signed responses with hostile attributes), the OIDC
 * callback, the device grant, the Stripe webhook (random bodies and
 * signatures, and validly signed random events), SCIM with hostile text, the
 * audit export/report/tail and invoice/QBR downloads, and the remaining
 * routes. Asserts no 5xx, clean error bodies, no session handed out where a
 * request was refused, and Globex's data unchanged.
 */
import { createConnection, setConnectionStatus } from "@atrium/core/sso";
import { createStripeClient, LOCAL_STRIPE_WEBHOOK_SECRET } from "@atrium/core/billing";
import { systemActor } from "@atrium/core/actor";
import { createSamlIdp, sandboxKeys } from "@atrium/sso-sandbox";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimToken } from "../rest/scim/scim-testing.ts";
import { startTestApi } from "../testing.ts";
import { HOSTILE_STRINGS, LEAK, hostile, randomJson, runs, seedFor } from "./arbitraries.ts";
import { fingerprint, tenantTables, treeOf } from "./tenant.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const victimTree = await treeOf(api.db, globex);
const tables = await tenantTables(api.db);
const owner = await api.signedIn("admin@acme.example");
const staff = await api.signedIn("root@atrium.example");
const scimBearer = (await scimToken(api.db, acme)).token;

// A live SAML connection of Acme that accepts IdP-initiated responses, so garbage reaches the whole ACS pipeline.
const IDP_ENTITY = "https://idp.sandbox.test/saml";
const idp = createSamlIdp({ entityId: IDP_ENTITY, ssoUrl: "https://idp.sandbox.test/saml/sso", ...sandboxKeys("idp") });
await api.db.ssoDomain.upsert({ where: { organizationId_domain: { organizationId: acme, domain: "acme.example" } }, create: { organizationId: acme, domain: "acme.example", token: "t", verifiedAt: new Date() }, update: {} });
const saml = await createConnection(api.db, systemActor("fuzz"), acme, {
  name: "Fuzzed SAML",
  provider: "generic_saml",
  protocol: "saml",
  saml: { idpEntityId: IDP_ENTITY, idpSsoUrl: "https://idp.sandbox.test/saml/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: true },
});
await setConnectionStatus(api.db, systemActor("fuzz"), acme, saml.id, "live", { confirmName: saml.name });
const metadata = await (await fetch(`${api.url}/auth/saml/${saml.id}/metadata`)).text();
const sp = idp.serviceProvider(metadata.match(/entityID="([^"]+)"/)![1]!, metadata.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)![1]!);

const counts = new Map<string, number>();
let victimBefore: Record<string, string>;
beforeAll(async () => {
  victimBefore = await fingerprint(api.db, tables, victimTree);
});
afterAll(() => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`REST fuzz: ${total} requests; per surface ${JSON.stringify(Object.fromEntries(counts))}`);
});

interface Sent {
  status: number;
  body: string;
  headers: Headers;
}

/** One request; asserts no 5xx and no leaked internals, counts it under its surface. */
async function send(surface: string, path: string, init: RequestInit & { cookie?: string } = {}): Promise<Sent> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  const controller = new AbortController();
  const response = await fetch(`${api.url}${path}`, { redirect: "manual", ...init, headers, signal: controller.signal });
  // An event stream that opened stays open: its status is the answer.
  const body = response.headers.get("content-type")?.startsWith("text/event-stream") ? (controller.abort(), "") : await response.text();
  counts.set(surface, (counts.get(surface) ?? 0) + 1);
  const shown = `${surface} ${init.method ?? "GET"} ${path.slice(0, 200)} → ${response.status} ${body.slice(0, 300)}`;
  // A checkout without built SPAs answers their paths with 503 (npm test builds them first).
  const unbuiltSpa = response.status === 503 && body.startsWith("This app is not built yet");
  if (!unbuiltSpa) expect(response.status, shown).toBeLessThan(500);
  expect(body, shown).not.toMatch(LEAK);
  return { status: response.status, body, headers: response.headers };
}

const sessionCookie = (sent: Sent) => sent.headers.getSetCookie().some((c) => /^atrium_session=[^;]/.test(c));
const jsonError = (sent: Sent, shown: string) => {
  const parsed = JSON.parse(sent.body) as { error?: { code?: unknown; message?: unknown } | string };
  expect(parsed.error, shown).toBeDefined();
};
const cookieOf = (client: { cookies: Map<string, string> }) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...HOSTILE_STRINGS));
const id = fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom(saml.id, acme, globex), text);
/** encodeURIComponent that also encodes lone surrogates (as the invalid UTF-8 bytes a raw client could send). */
const enc = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[^\ud800-\udfff]+|[\ud800-\udbff][\udc00-\udfff]/g, (part) =>
    part.length === 1 && part.charCodeAt(0) >= 0xd800 && part.charCodeAt(0) <= 0xdfff ? "%ED%A0%80" : encodeURIComponent(part),
  );
/** URLSearchParams without the throw on lone surrogates. */
const qs = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
/** A header value as a client can send it (Latin-1 only). */
const latin1 = (s: string) => s.replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, "?");
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

const XXE = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>`;
const LAUGHS = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${"b".repeat(i + 1)} "${`&${i ? "b".repeat(i) : "a"};`.repeat(10)}">`).join("")}]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&bbbbbbbbb;</samlp:Response>`;
const xmlish = fc.oneof(
  fc.constantFrom(XXE, LAUGHS, "<samlp:Response/>", "<Response><Assertion/></Response>", "<?xml version='1.0'?><a><!-- c --></a>", "<a><?pi x?></a>", "<a>" + "<b>".repeat(10_000)),
  fc.string({ maxLength: 200 }).map((s) => `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${s}">${s}</samlp:Response>`),
  fc.string({ unit: "binary", maxLength: 200 }),
);
const samlResponse = fc.oneof(xmlish.map(b64), text, fc.constant("A".repeat(700_000)), fc.constant(b64(LAUGHS).repeat(2)));

describe("REST fuzz", () => {
  it("SAML ACS: garbage, XXE, billion laughs, huge and wrongly typed bodies are refused without a session", async () => {
    const sessions = await api.db.session.count();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: fc.constant(saml.id) }, { weight: 1, arbitrary: id }), samlResponse, fc.option(text), fc.constantFrom("form", "form", "json", "text", "multipart", "none"), async (connection, response, relay, kind) => {
          const form = qs({ SAMLResponse: response, ...(relay !== null ? { RelayState: relay } : {}) });
          const [contentType, body] =
            kind === "form" ? ["application/x-www-form-urlencoded", form]
            : kind === "json" ? ["application/json", JSON.stringify({ SAMLResponse: response })]
            : kind === "text" ? ["text/plain", response]
            : kind === "multipart" ? ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="SAMLResponse"\r\n\r\n${response}\r\n--x--`]
            : [undefined, undefined];
          const sent = await send("saml-acs", `/auth/saml/${enc(connection)}/acs`, {
            method: "POST",
            headers: { origin: "https://idp.sandbox.test", ...(contentType ? { "content-type": contentType } : {}) },
            ...(body !== undefined ? { body } : {}),
          });
          expect(sent.status).toBeGreaterThanOrEqual(400);
          expect(sessionCookie(sent)).toBe(false);
      }),
      { numRuns: runs(60), seed: seedFor("saml-acs"), endOnFailure: true },
    );
    expect(await api.db.session.count()).toBe(sessions);
  });

  it("SAML ACS: validly signed responses with hostile attribute values never fail with 5xx", async () => {
    const person = fc.record({ local: fc.oneof(fc.stringMatching(/^[a-z]{1,12}$/), text), name: text, groups: fc.array(text, { maxLength: 3 }), department: text });
    await fc.assert(
      fc.asyncProperty(person, async ({ local, name, groups, department }) => {
        const email = `${local}@acme.example`;
        const signed = await idp.loginResponse(sp, { email, attributes: { email, name, groups, department } }, { inResponseTo: null });
        const sent = await send("saml-acs-signed", `/auth/saml/${saml.id}/acs`, {
          method: "POST",
          headers: { origin: "https://idp.sandbox.test", "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ SAMLResponse: signed }).toString(),
        });
        expect([303, 400, 401, 403, 404]).toContain(sent.status);
      }),
      { numRuns: runs(15), seed: seedFor("saml-signed"), endOnFailure: true },
    );
  });

  it("SAML and OIDC login, metadata and callback: random ids, query strings, state and cookies", async () => {
    const query = fc.dictionary(fc.constantFrom("code", "state", "error", "error_description", "iss", "session_state", "return_to", "test", "id_token", "x"), text, { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(id, query, fc.option(text), fc.constantFrom("oidc/callback", "oidc/login", "saml/login", "saml/metadata"), async (connection, params, state, route) => {
        const search = qs(params);
        const [kind, action] = route.split("/") as [string, string];
        const cookie = state !== null ? `atrium_sso_state=${enc(state)}` : undefined;
        const sent = await send(`sso-${route.replace("/", "-")}`, `/auth/${kind}/${enc(connection)}/${action}?${search}`, { ...(cookie ? { cookie } : {}) });
        if (route === "oidc/callback") expect(sessionCookie(sent)).toBe(false);
      }),
      { numRuns: runs(60), seed: seedFor("sso"), endOnFailure: true },
    );
  });

  it("device grant: random form and JSON bodies, content types and user codes", async () => {
    const form = fc.dictionary(fc.constantFrom("client_id", "scope", "grant_type", "device_code", "x"), fc.oneof(text, fc.constant("urn:ietf:params:oauth:grant-type:device_code"), fc.constant("atrium-cli")), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(form, fc.constantFrom("/oauth/device/code", "/oauth/device/token"), fc.constantFrom("form", "form", "json", "text", "none"), randomJson, async (fields, path, kind, json) => {
        const [contentType, body] =
          kind === "form" ? ["application/x-www-form-urlencoded", qs(fields)]
          : kind === "json" ? ["application/json", JSON.stringify(json ?? fields)]
          : kind === "text" ? ["text/plain", qs(fields)]
          : [undefined, undefined];
        const before = await api.db.deviceAuthorization.count();
        const sent = await send("device", path, { method: "POST", headers: contentType ? { "content-type": contentType } : {}, ...(body !== undefined ? { body } : {}) });
        // A refused request leaves no device authorization behind.
        if (sent.status >= 400) expect(await api.db.deviceAuthorization.count()).toBe(before);
        if (sent.status >= 400 && sent.headers.get("content-type")?.includes("json")) {
          const parsed = JSON.parse(sent.body) as { error?: unknown };
          expect(parsed.error, sent.body).toBeDefined();
        }
      }),
      { numRuns: runs(60), seed: seedFor("device"), endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(text, async (code) => {
        const sent = await send("device-page", `/device?user_code=${enc(code)}`);
        // A redirect to the SPA's page, or 400 for text that is not storable.
        expect([302, 400]).toContain(sent.status);
      }),
      { numRuns: runs(20), seed: seedFor("device-page"), endOnFailure: true },
    );
  });

  it("Stripe webhook: random bodies and signatures are refused; validly signed random events never fail with 5xx", async () => {
    const stripe = createStripeClient("sk_test_fuzz");
    const inboxBefore = await api.db.stripeEvent.count();
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, randomJson.map((j) => JSON.stringify(j))), fc.option(fc.oneof(text, fc.constant("t=1,v1=00"), fc.constant(`t=${Math.floor(Date.now() / 1000)},v1=${"ab".repeat(32)}`))), async (body, signature) => {
        const sent = await send("stripe-webhook", "/webhooks/stripe", { method: "POST", headers: { "content-type": "application/json", ...(signature !== null ? { "stripe-signature": latin1(signature) } : {}) }, body });
        // 431: a signature header over Node's header size limit is refused before the route.
        expect([400, 431]).toContain(sent.status);
      }),
      { numRuns: runs(40), seed: seedFor("stripe-unsigned"), endOnFailure: true },
    );
    expect(await api.db.stripeEvent.count()).toBe(inboxBefore);

    const event = fc.record(
      { id: fc.oneof(fc.stringMatching(/^evt_[A-Za-z0-9]{8,24}$/), text), object: fc.constant("event"), type: fc.oneof(fc.constantFrom("customer.subscription.updated", "invoice.paid", "invoice.payment_failed", "checkout.session.completed", "customer.subscription.deleted"), text), created: fc.oneof(fc.integer(), fc.constant(Math.floor(Date.now() / 1000))), data: fc.oneof(fc.record({ object: fc.oneof(randomJson, fc.record({ id: text, customer: text, metadata: fc.dictionary(fc.constantFrom("organizationId", "orgId", "plan"), fc.oneof(text, fc.constantFrom(acme, globex))) })) }), randomJson), livemode: fc.boolean() },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(event.map((e) => JSON.stringify(e)), randomJson.map((j) => JSON.stringify(j)), text), async (payload) => {
        const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: LOCAL_STRIPE_WEBHOOK_SECRET });
        await send("stripe-webhook-signed", "/webhooks/stripe", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
      }),
      { numRuns: runs(40), seed: seedFor("stripe-signed"), endOnFailure: true },
    );
  });

  it("SCIM: hostile text (NUL bytes, lone surrogates, huge values) in otherwise valid requests answers with SCIM errors, never 5xx", async () => {
    const headers = { authorization: `Bearer ${scimBearer}`, "content-type": "application/scim+json" };
    const userSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    await fc.assert(
      fc.asyncProperty(text, text, text, fc.constantFrom("user", "group", "filter", "patch"), async (a, b, c, kind) => {
        const request =
          kind === "user" ? { method: "POST", path: "/scim/v2/Users", body: { schemas: [userSchema], userName: `${a}@acme.example`, name: { givenName: b, familyName: c }, emails: [{ value: `${a}@acme.example`, primary: true }], displayName: b, active: true } }
          : kind === "group" ? { method: "POST", path: "/scim/v2/Groups", body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: a, externalId: b } }
          : kind === "filter" ? { method: "GET", path: `/scim/v2/Users?filter=${enc(`userName eq "${a}"`)}&startIndex=${enc(b)}&count=${enc(c)}` }
          : { method: "PATCH", path: `/scim/v2/Users/${enc(a)}`, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: b, value: c }] } };
        const before = { users: await api.db.scimUser.count(), groups: await api.db.group.count() };
        const sent = await send("scim", request.path, { method: request.method, headers, ...(request.body ? { body: JSON.stringify(request.body) } : {}) });
        if (sent.status >= 400 && sent.status !== 431) {
          expect((JSON.parse(sent.body) as { schemas?: string[] }).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
          // A refused request provisions nothing.
          expect({ users: await api.db.scimUser.count(), groups: await api.db.group.count() }).toEqual(before);
        }
      }),
      { numRuns: runs(60), seed: seedFor("scim"), endOnFailure: true },
    );
  });

  it("audit export, tail and reports, live analytics, invoice and QBR downloads: random path and query parameters", async () => {
    const filter = fc.dictionary(
      fc.constantFrom("format", "actions", "actor", "resourceType", "resourceId", "status", "from", "to", "ip", "q", "cursor", "limit", "lastEventId"),
      fc.oneof(text, fc.constantFrom("csv", "ndjson", "json", "pdf", "2026-01-01", "2020-01-01T00:00:00Z", "member.invite,auth.login", "success", "-1", "1e400")),
      { maxKeys: 5 },
    );
    const path = fc.oneof(
      fc.tuple(fc.constantFrom(acme, acme, globex), filter).map(([org, q]) => ["audit-export", `/api/orgs/${org}/audit/export?${qs(q)}`] as const),
      fc.tuple(fc.constantFrom(acme, globex), id).map(([org, e]) => ["audit-export-download", `/api/orgs/${org}/audit/exports/${enc(e)}/download`] as const),
      fc.tuple(fc.constantFrom(acme, globex), fc.oneof(fc.constantFrom("soc2", "gdpr", "hipaa"), text), filter).map(([org, f, q]) => ["audit-report", `/api/orgs/${org}/audit/reports/${enc(f)}?${qs(q)}`] as const),
      fc.tuple(fc.constantFrom(acme, globex), filter).map(([org, q]) => ["audit-tail", `/api/orgs/${org}/audit/tail?${qs(q)}`] as const),
      fc.tuple(fc.oneof(fc.constantFrom(acme, globex), id), fc.oneof(fc.constantFrom("true", "false"), text)).map(([org, subtree]) => [
        "analytics-live",
        `/api/orgs/${enc(org)}/analytics/live?subtree=${enc(subtree)}`,
      ] as const),
      fc.tuple(id, id).map(([org, invoice]) => ["invoice-pdf", `/api/orgs/${enc(org)}/billing/invoices/${enc(invoice)}/pdf`] as const),
      id.map((invoice) => ["staff-invoice-pdf", `/api/staff/billing/invoices/${enc(invoice)}/pdf`] as const),
      fc.tuple(id, id).map(([qbr, meeting]) => ["qbr-pdf", `/api/csm/qbrs/${enc(qbr)}/pdf?m=${enc(meeting)}`] as const),
      fc.tuple(id, id).map(([qbr, meeting]) => ["qbr-ics", `/api/csm/qbrs/${enc(qbr)}/meetings/${enc(meeting)}/ics`] as const),
    );
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom("owner", "staff", "anonymous"), async ([surface, url], who) => {
        const cookie = who === "owner" ? cookieOf(owner) : who === "staff" ? cookieOf(staff) : undefined;
        const sent = await send(surface, url, { ...(cookie ? { cookie } : {}) });
        if (sent.status >= 400) jsonError(sent, `${url} ${sent.body.slice(0, 200)}`);
      }),
      { numRuns: runs(120), seed: seedFor("downloads"), endOnFailure: true },
    );
  });

  it("every other route: health, metrics, well-known, dev mail, SPAs and unknown paths with random methods", async () => {
    const path = fc.oneof(
      fc.constantFrom("/healthz", "/readyz", "/metrics", "/.well-known/oauth-authorization-server", "/dev/mail", "/", "/admin", "/csm"),
      text.map((t) => `/dev/mail/${enc(t)}`),
      fc.tuple(fc.constantFrom("/admin/", "/csm/", "/trpc/", "/scim/v2/", "/api/", "/auth/", "/"), text).map(([p, t]) => `${p}${enc(t)}`),
    );
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"), hostile, async (url, method, body) => {
        await send("other", url, { method, headers: { origin: api.url, "content-type": "application/json" }, ...(method === "GET" ? {} : { body: JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)) ?? "null" }) });
      }),
      { numRuns: runs(60), seed: seedFor("other"), endOnFailure: true },
    );
  });

  it("left Globex's data as it was", async () => {
    expect(await fingerprint(api.db, tables, victimTree)).toEqual(victimBefore);
  });
});
