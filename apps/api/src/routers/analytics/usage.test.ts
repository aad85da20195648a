/**
 * analytics.usage over HTTP, on a test-only mount of the router (the analytics router mounts it as
 * `analytics.usage` in the app): the procedure chain's answers for each kind of caller (anonymous,
 * another tenant, a child organization's admin asking for its parent, a viewer), the range checks,
 * and every procedure's figures passing its output schema.
 */
import { insertMixedEvents } from "@atrium/core/analytics/testing";
import { rollupUsageAnalytics } from "@atrium/core/analytics";
import { freePort } from "@atrium/db/embedded";
import { systemRolePermissions } from "@atrium/rbac";
import fastifyCookie from "@fastify/cookie";
import Fastify from "fastify";
import superjson from "superjson";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiEnv } from "../../env.ts";
import { sessionCookies } from "../../server/session-cookie.ts";
import { startTestApi, type TestClient } from "../../testing.ts";
import { contextFactory } from "../../trpc/context.ts";
import { router } from "../../trpc/init.ts";
import { registerTrpc } from "../../trpc/mount.ts";
import { analyticsUsageRouter } from "./usage.ts";

const api = await startTestApi();
const org = api.demo.organizations;
const acmeTree = [org["acme"]!, org["acmeNorthAmerica"]!, org["acmeCanada"]!, org["acmeEmea"]!];
await insertMixedEvents(api.db, acmeTree, "2026-10-01T00:00:00Z", 3000);
await insertMixedEvents(api.db, [org["globex"]!], "2026-10-01T00:00:00Z", 500);
await rollupUsageAnalytics(api.db);

const testRouter = router({ analytics: router({ usage: analyticsUsageRouter }) });
const app = Fastify();
await app.register(fastifyCookie);
await registerTrpc(app, "/trpc", {
  router: testRouter,
  createContext: contextFactory({ db: api.db, env: loadApiEnv({ NODE_ENV: "test", DATABASE_URL: api.databaseUrl, ATRIUM_PUBLIC_URL: api.url, LOG_LEVEL: "error" }), cookies: sessionCookies(api.url) }),
});
const port = await freePort();
await app.listen({ host: "127.0.0.1", port });
afterAll(() => app.close());

const anonymous: TestClient | null = null;
const owner = await api.signedIn("admin@acme.example");
const childAdmin = await api.signedIn("maria.garcia@acme.example"); // admin of Acme North America only
const outsider = await api.signedIn("it@globex.example");
const viewer = await api.signedIn("auditor@acme.example");

const range = { from: "2026-10-01", to: "2026-10-31" };
async function call(client: TestClient | null, procedure: string, input: object): Promise<{ status: number; data: unknown; error: { data?: { fieldErrors?: Record<string, string[]> } } | undefined }> {
  const headers: Record<string, string> = client ? { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {};
  const res = await fetch(`http://127.0.0.1:${port}/trpc/analytics.usage.${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers });
  const body = (await res.json()) as { result?: { data: never }; error?: { json: never } };
  return { status: res.status, data: body.result ? superjson.deserialize(body.result.data) : undefined, error: body.error ? body.error.json : undefined };
}
const PROCEDURES = ["summary", "operations", "cost", "quality", "topResources"] as const;
const eventsIn = async (ids: string[]) =>
  Number((await api.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM usage_events WHERE organization_id = ANY(${ids}::uuid[])
    AND occurred_at >= '2026-10-01T00:00:00Z' AND occurred_at < '2026-11-01T00:00:00Z'`)[0]!.n);
const summaryEvents = (data: unknown) => (data as { metrics: { events: number }[] }).metrics.reduce((s, m) => s + m.events, 0);

describe("analytics.usage access", () => {
  it.each(PROCEDURES)("%s: 401 anonymous, 404 another tenant, 404 a child's admin asking for the parent (subtree or not)", async (procedure) => {
    const input = { orgId: org["acme"]!, ...range, subtree: true };
    expect((await call(anonymous, procedure, input)).status).toBe(401);
    expect((await call(outsider, procedure, input)).status).toBe(404);
    expect((await call(childAdmin, procedure, input)).status).toBe(404);
    expect((await call(childAdmin, procedure, { ...input, subtree: false })).status).toBe(404);
    expect((await call(childAdmin, procedure, { ...input, orgId: org["acmeEmea"]! })).status).toBe(404);
    expect((await call(viewer, procedure, input)).status).toBe(systemRolePermissions("viewer").has("analytics:read") ? 200 : 403);
  });

  it("gives a child's admin its own subtree, and the parent's owner the whole tree", async () => {
    const child = await call(childAdmin, "summary", { orgId: org["acmeNorthAmerica"]!, ...range, subtree: true });
    expect(child.status).toBe(200);
    expect(summaryEvents(child.data)).toBe(await eventsIn([org["acmeNorthAmerica"]!, org["acmeCanada"]!]));
    const whole = await call(owner, "summary", { orgId: org["acme"]!, ...range, subtree: true });
    expect(summaryEvents(whole.data)).toBe(await eventsIn(acmeTree));
    const alone = await call(owner, "summary", { orgId: org["acme"]!, ...range });
    expect(summaryEvents(alone.data)).toBe(await eventsIn([org["acme"]!]));
  });
});

describe("analytics.usage input and output", () => {
  it("answers every procedure with figures its output schema accepts", async () => {
    for (const procedure of PROCEDURES) {
      const res = await call(owner, procedure, { orgId: org["acme"]!, ...range, subtree: true, compare: true });
      expect([procedure, res.status]).toEqual([procedure, 200]);
      expect((res.data as { from: string; previousFrom: string }).previousFrom).toBe("2026-08-31");
    }
    const top = await call(owner, "topResources", { orgId: org["acme"]!, ...range, subtree: true, limit: 3 });
    expect((top.data as { resources: unknown[] }).resources.length).toBe(3);
  });

  it("refuses a reversed range, a range over 366 days and a malformed date with 400 on the field", async () => {
    const reversed = await call(owner, "summary", { orgId: org["acme"]!, from: "2026-10-02", to: "2026-10-01" });
    expect([reversed.status, reversed.error?.data?.fieldErrors]).toEqual([400, { to: ["The end date must be on or after the start date."] }]);
    const long = await call(owner, "quality", { orgId: org["acme"]!, from: "2025-01-01", to: "2026-01-02" });
    expect([long.status, long.error?.data?.fieldErrors]).toEqual([400, { to: ["Choose a range of at most 366 days."] }]);
    const malformed = await call(owner, "operations", { orgId: org["acme"]!, from: "2026-13-01", to: "2026-10-01" });
    expect([malformed.status, malformed.error?.data?.fieldErrors]).toEqual([400, { from: ["Choose a date."] }]);
  });
});
