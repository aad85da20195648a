/**
 * The limits every surface keeps: bodies over a route's limit are refused
 * with 413 before they are read, deeply nested JSON with 400 (not a stack
 * overflow), overlong headers and paths are refused, the server's timeouts
 * bound a slow client, and e-mails and slugs compare the same however their
 * case or Unicode is written.
 */
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { describe, expect, it } from "vitest";
import { scimToken } from "../rest/scim/scim-testing.ts";
import { callError, startTestApi } from "../testing.ts";
import { LEAK } from "./arbitraries.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const scimBearer = `Bearer ${(await scimToken(api.db, acme)).token}`;
const MB = 1024 * 1024;

/** Every route that reads a body, with its limit and how it is called. */
const BODY_ROUTES: { method: string; path: string; limit: number; headers: Record<string, string> }[] = [
  { method: "POST", path: "/trpc/auth.login", limit: MB, headers: { "content-type": "application/json" } },
  { method: "POST", path: `/trpc/groups.create`, limit: MB, headers: { "content-type": "application/json" } },
  { method: "POST", path: "/scim/v2/Users", limit: MB, headers: { "content-type": "application/scim+json", authorization: scimBearer } },
  { method: "PUT", path: "/scim/v2/Users/00000000-0000-4000-8000-000000000000", limit: MB, headers: { "content-type": "application/scim+json", authorization: scimBearer } },
  { method: "PATCH", path: "/scim/v2/Groups/00000000-0000-4000-8000-000000000000", limit: MB, headers: { "content-type": "application/scim+json", authorization: scimBearer } },
  { method: "POST", path: "/scim/v2/Bulk", limit: MB, headers: { "content-type": "application/scim+json", authorization: scimBearer } },
  { method: "POST", path: "/auth/saml/00000000-0000-4000-8000-000000000000/acs", limit: 512 * 1024, headers: { "content-type": "application/x-www-form-urlencoded" } },
  { method: "POST", path: "/oauth/device/code", limit: MB, headers: { "content-type": "application/x-www-form-urlencoded" } },
  { method: "POST", path: "/oauth/device/token", limit: MB, headers: { "content-type": "application/x-www-form-urlencoded" } },
  { method: "POST", path: "/webhooks/stripe", limit: 512 * 1024, headers: { "content-type": "application/json" } },
];

async function send(route: (typeof BODY_ROUTES)[number], body: string) {
  const response = await owner.fetch(route.path, { method: route.method, headers: route.headers, body });
  const text = await response.text();
  expect(text, `${route.path}: ${text.slice(0, 200)}`).not.toMatch(LEAK);
  return { status: response.status, text };
}

describe("limits", () => {
  it.each(BODY_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))("%s refuses a body over its limit with 413", async (_name, route) => {
    const { status, text } = await send(route, "x".repeat(route.limit + 1024));
    expect(status).toBe(413);
    if (route.path.startsWith("/scim/")) expect(JSON.parse(text)).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "413" });
    else expect(JSON.parse(text)).toHaveProperty("error");
  });

  it.each(BODY_ROUTES.filter((r) => r.headers["content-type"] !== "application/x-www-form-urlencoded").map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s answers JSON nested 100,000 levels deep with 4xx, not a stack overflow",
    async (_name, route) => {
      const depth = 100_000;
      const deep = `${"[".repeat(depth)}${"]".repeat(depth)}`;
      const body = route.path.startsWith("/trpc/") ? `{"json":{"orgId":"${acme}","name":${deep}}}` : deep;
      const { status } = await send(route, body);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    },
  );

  it("refuses nesting beyond 64 levels on tRPC queries and SCIM bodies with 400", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect((await callError(owner.trpc.audit.events.search.query({ orgId: acme, q: deep } as never))).status).toBe(400);
    const scim = await fetch(`${api.url}/scim/v2/Users`, { method: "POST", headers: { "content-type": "application/scim+json", authorization: scimBearer }, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "deep@acme.example", x: deep }) });
    expect(scim.status).toBe(400);
  });

  it("refuses overlong headers with 431 and overlong paths without a 5xx", async () => {
    const header = await fetch(`${api.url}/healthz`, { headers: { "x-padding": "a".repeat(20_000) } });
    expect(header.status).toBe(431);
    const cookie = await fetch(`${api.url}/trpc/auth.me`, { headers: { cookie: `atrium_session=${"a".repeat(17_000)}` } });
    expect(cookie.status).toBe(431);
    const param = await fetch(`${api.url}/auth/saml/${"a".repeat(6_000)}/metadata`);
    expect(param.status).toBeGreaterThanOrEqual(400);
    expect(param.status).toBeLessThan(500);
  });

  it("bounds slow clients with the server's timeouts", () => {
    const server = api.app.server;
    // Fastify's requestTimeout: the whole request (headers and body) must arrive within 30 s.
    expect(server.requestTimeout).toBe(30_000);
    // Headers must arrive within the request timeout; idle keep-alive sockets close.
    expect(server.headersTimeout).toBe(10_000);
    expect(server.keepAliveTimeout).toBeGreaterThan(0);
    expect(server.keepAliveTimeout).toBeLessThanOrEqual(75_000);
    expect(server.maxHeadersCount === null || server.maxHeadersCount <= 2000).toBe(true);
    expect(api.app.initialConfig.bodyLimit).toBe(MB);
  });

  it("signs the same person in whatever the case of the e-mail, and never through look-alike Unicode", async () => {
    const login = (email: string) =>
      fetch(`${api.url}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin: api.url }, body: JSON.stringify({ json: { email, password: DEMO_PASSWORD } }) });
    for (const email of ["ADMIN@ACME.EXAMPLE", "Admin@Acme.Example", " admin@acme.example"]) {
      const response = await login(email.trim());
      expect(response.status, email).toBe(200);
    }
    // Cyrillic а, fullwidth ａ, a zero-width space, a combining accent, the Kelvin sign: other strings, never Avery's account.
    for (const email of ["\u0430dmin@acme.example", "\uff41dmin@acme.example", "ad\u200bmin@acme.example", "admi\u0301n@acme.example", "admin@acme.exampl\u212a", "admin@acme.example\u0000"]) {
      const response = await login(email);
      expect([400, 401], email).toContain(response.status);
      expect(response.headers.getSetCookie().some((c) => c.startsWith("atrium_session=") && !/max-age=0/i.test(c)), email).toBe(false);
    }
  });

  it("compares slugs case-insensitively and refuses non-ASCII look-alikes", async () => {
    const create = (slug: string) => owner.trpc.org.createChild.mutate({ orgId: acme, name: "Slug test", slug });
    const created = await create("fuzz-slug");
    expect(created.id).toBeTruthy();
    for (const slug of ["FUZZ-SLUG", " fuzz-slug ", "Fuzz-Slug"]) expect((await callError(create(slug))).status, slug).toBe(409);
    for (const slug of ["fuzz-slüg", "fuzz\u200bslug", "fuzz-slug\u0000", "ｆuzz-slug", "fuzz-\u0455lug"]) expect((await callError(create(slug))).status, slug).toBe(400);
    const stored = await api.db.organization.findMany({ where: { name: "Slug test" }, select: { slug: true } });
    expect(stored.map((o) => o.slug)).toEqual(["fuzz-slug"]);
  });
});
