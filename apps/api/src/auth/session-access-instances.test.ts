/**
 * Two API instances on one database, each caching sessions and access in
 * process: what one changes, the other refuses within a second (PostgreSQL
 * announces the change; see SessionAccessCache and the invalidation bus).
 */
import { createDb } from "@atrium/db";
import superjson from "superjson";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiEnv } from "../env.ts";
import { newUser, patch, scimClient, scimToken, verifiedDomain } from "../rest/scim/scim-testing.ts";
import { buildServer } from "../server.ts";
import { startTestApi, type TestClient } from "../testing.ts";

const a = await startTestApi({ sessionCache: true });
const acme = a.demo.organizations["acme"]!;
const userId = (email: string) => a.demo.users[email]!;

// Instance B: its own process state and database pool, the same database.
const bDb = createDb(a.databaseUrl, { maxConnections: 4 });
const b = await buildServer({ db: bDb, env: loadApiEnv({ NODE_ENV: "test", DATABASE_URL: a.databaseUrl, PORT: "0", LOG_LEVEL: "error" }) });
await b.listen({ host: "127.0.0.1", port: 0 });
const bUrl = `http://127.0.0.1:${(b.server.address() as { port: number }).port}`;
afterAll(async () => {
  await b.close();
  await bDb.$disconnect();
});

const cookieOf = (client: TestClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** The HTTP status of a tRPC query sent to instance B with a cookie header. */
async function onB(cookie: string, path: string, input: unknown): Promise<number> {
  const response = await fetch(`${bUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: { cookie } });
  await response.arrayBuffer();
  return response.status;
}

/** Asks B until it answers `status`; the milliseconds that took (fails past 1 s). */
async function refusedOnB(cookie: string, path: string, input: unknown, status: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const answered = await onB(cookie, path, input);
    const elapsed = performance.now() - start;
    if (answered === status) return elapsed;
    if (elapsed > 1_000) throw new Error(`instance B still answered ${answered} after ${Math.round(elapsed)} ms`);
  }
}

/** B answers 200 and now holds the caller's session and access in its cache. */
async function warmOnB(cookie: string, path: string, input: unknown) {
  expect(await onB(cookie, path, input)).toBe(200);
  expect(await onB(cookie, path, input)).toBe(200);
  expect(b.sessionAccess!.size).toBeGreaterThan(0);
}

describe("two API instances caching sessions and access", () => {
  it("a session signed out on A is refused on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    const cookie = cookieOf(owner);
    await warmOnB(cookie, "org.get", { orgId: acme });
    await owner.trpc.auth.logout.mutate();
    expect(await refusedOnB(cookie, "org.get", { orgId: acme }, 401)).toBeLessThan(1_000);
  });

  it("a membership removed on A is refused on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    const lee = await a.signedIn("lee.chen@acme.example");
    await warmOnB(cookieOf(lee), "org.get", { orgId: acme });
    await owner.trpc.members.remove.mutate({ orgId: acme, userId: userId("lee.chen@acme.example") });
    expect(await refusedOnB(cookieOf(lee), "org.get", { orgId: acme }, 404)).toBeLessThan(1_000);
  });

  it("a role changed on A is enforced on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    const sam = await a.signedIn("sam.patel@acme.example");
    await warmOnB(cookieOf(sam), "audit.events.actions", { orgId: acme });
    await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: userId("sam.patel@acme.example"), roleKey: "viewer" });
    expect(await refusedOnB(cookieOf(sam), "audit.events.actions", { orgId: acme }, 403)).toBeLessThan(1_000);
  });

  it("a person deactivated by SCIM on A is refused on B within 1 s", async () => {
    await verifiedDomain(a.db, acme, "acme.example");
    const scim = scimClient(a.url, (await scimToken(a.db, acme)).token);
    const created = await scim("POST", "/Users", newUser("auditor@acme.example"));
    expect(created.status).toBe(201);
    const auditor = await a.signedIn("auditor@acme.example");
    await warmOnB(cookieOf(auditor), "org.get", { orgId: acme });
    const off = await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "replace", path: "active", value: false }));
    expect(off.status).toBe(200);
    expect(await refusedOnB(cookieOf(auditor), "org.get", { orgId: acme }, 404)).toBeLessThan(1_000);
  });

  it("an IP allowlist set on A is enforced on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    await warmOnB(cookieOf(owner), "org.get", { orgId: acme });
    await owner.trpc.settings.updateIpAllowlist.mutate({ orgId: acme, entries: [{ cidr: "198.51.100.0/24", description: "Office" }], confirmLockout: true });
    expect(await refusedOnB(cookieOf(owner), "org.get", { orgId: acme }, 403)).toBeLessThan(1_000);
  });
});
