import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startTestApi, type TestClient } from "../../testing.ts";
import { SseReader } from "../audit/sse-reader.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const acmeEmea = api.demo.organizations["acmeEmea"]!;
const globex = api.demo.organizations["globex"]!;
const initech = api.demo.organizations["initech"]!;
const soylent = api.demo.organizations["soylent"]!;
const owner = await api.signedIn("admin@acme.example");

async function live(client: TestClient, orgId = acme, query = "") {
  const controller = new AbortController();
  const response = await client.fetch(`/api/orgs/${orgId}/analytics/live${query}`, { signal: controller.signal });
  const reader = new SseReader(response);
  await reader.until((r) => r.events.some((e) => e.event === "ready"));
  return { response, reader, stop: () => controller.abort() };
}

/** One statement inserting `count` usage events of one organization, as the recording code does. */
const record = (organizationId: string, count = 1) =>
  api.db.$executeRaw`
    INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key)
    SELECT ${organizationId}::uuid, 'api_calls', 1, ${randomUUID()} || '-' || g FROM generate_series(1, ${count}::int) g`;

const usage = (reader: SseReader) => reader.events.filter((e) => e.event === "usage").map((e) => JSON.parse(e.data) as { organizations: string[] });

describe("live analytics (SSE)", () => {
  it("tells a connected page when its organization's usage is recorded, and never another organization's", async () => {
    const stream = await live(owner);
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    // Globex commits first: its notification reaches the process before Acme's, and must not reach the stream.
    await record(globex, 3);
    await record(acme, 5);
    const [first] = await stream.reader.until((r) => (usage(r).length >= 1 ? usage(r) : false));
    expect(first).toEqual({ organizations: [acme] });
    // A child's usage is not the parent's page unless the page follows the subtree.
    await record(acmeEmea);
    await record(acme);
    const events = await stream.reader.until((r) => (usage(r).length >= 2 ? usage(r) : false));
    expect(events.flatMap((e) => e.organizations)).toEqual([acme, acme]);
    stream.stop();
  });

  it("also tells the page when the rollup job rewrites an organization's figures", async () => {
    const stream = await live(owner);
    await api.db.$executeRaw`
      INSERT INTO usage_analytics_daily (organization_id, day, metric, operation, status, events, quantity, quantity_max, duration_count, duration_sum)
      VALUES (${globex}::uuid, current_date, 'api_calls', 'search', 'ok', 1, 1, 1, 0, 0), (${acme}::uuid, current_date, 'api_calls', 'search', 'ok', 1, 1, 1, 0, 0)`;
    const [first] = await stream.reader.until((r) => (usage(r).length >= 1 ? usage(r) : false));
    expect(first).toEqual({ organizations: [acme] });
    stream.stop();
  });

  it("follows the subtree on request", async () => {
    const stream = await live(owner, acme, "?subtree=true");
    await record(acmeEmea, 2);
    const [first] = await stream.reader.until((r) => (usage(r).length >= 1 ? usage(r) : false));
    expect(first).toEqual({ organizations: [acmeEmea] });
    stream.stop();
  });

  it("announces one notification per organization per statement, over one LISTEN connection", async () => {
    const [a, b] = [await live(owner), await live(owner)];
    const notified = await api.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'atrium-api-analytics-live' AND datname = current_database()`;
    expect(Number(notified[0]!.n)).toBe(1);
    a.stop();
    b.stop();
  });

  it("refuses other tenants (404), anonymous callers (401) and plans without live analytics (402, audited)", async () => {
    const outsider = await api.signedIn("it@globex.example");
    expect((await outsider.fetch(`/api/orgs/${acme}/analytics/live`)).status).toBe(404);
    expect((await api.client().fetch(`/api/orgs/${acme}/analytics/live`)).status).toBe(401);
    const initechOwner = await api.signedIn("bill.lumbergh@initech.example");
    expect((await initechOwner.fetch(`/api/orgs/${initech}/analytics/live`)).status).toBe(402);
    const soylentOwner = await api.signedIn("ops@soylent.example");
    expect((await soylentOwner.fetch(`/api/orgs/${soylent}/analytics/live`)).status).toBe(402);
    expect(await api.db.auditEvent.count({ where: { organizationId: initech, action: "access.denied", details: { path: ["operation"], equals: "analytics.live" } } })).toBe(1);
    expect((await owner.fetch(`/api/orgs/${acme}/analytics/live?subtree=maybe`)).status).toBe(400);
  });

  it("ends the stream once the caller loses access", async () => {
    const sam = api.demo.users["sam.patel@acme.example"]!;
    const admin = await api.signedIn("sam.patel@acme.example");
    const stream = await live(admin);
    await owner.trpc.members.remove.mutate({ orgId: acme, userId: sam });
    await record(acme);
    const end = await stream.reader.until((r) => r.events.find((e) => e.event === "end"));
    expect(JSON.parse(end.data)).toEqual({ reason: "access revoked" });
    expect(usage(stream.reader)).toEqual([]);
  });
});
