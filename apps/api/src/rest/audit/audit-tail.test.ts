import { describe, expect, it } from "vitest";
import { startTestApi, type TestClient } from "../../testing.ts";
import { SseReader } from "./sse-reader.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const initech = api.demo.organizations["initech"]!;
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");
const sam = api.demo.users["sam.patel@acme.example"]!;

async function tail(client: TestClient, query = "", headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await client.fetch(`/api/orgs/${acme}/audit/tail${query}`, { signal: controller.signal, headers });
  const reader = new SseReader(response);
  return { response, reader, stop: () => controller.abort() };
}

const rename = (name: string) => owner.trpc.org.rename.mutate({ orgId: acme, name });

describe("live audit tail (SSE)", () => {
  it("streams new events, filtered like search, over one LISTEN connection for all streams", async () => {
    const all = await tail(owner);
    const denied = await tail(owner, "?status=denied&actions=access.*");
    expect(all.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await all.reader.until((r) => r.events.some((e) => e.event === "ready"));
    await denied.reader.until((r) => r.events.some((e) => e.event === "ready"));

    await rename("Acme Live");
    await viewer.trpc.org.rename.mutate({ orgId: acme, name: "Nope" }).catch(() => {});
    await rename("Acme Corp");

    const actions = await all.reader.until((r) => (r.audit().length >= 3 ? r.audit().map((e) => `${e.action}:${e.status}`) : false));
    expect(actions).toEqual(["org.update:success", "access.denied:denied", "org.update:success"]);
    const onlyDenied = await denied.reader.until((r) => (r.audit().length >= 1 ? r.audit() : false));
    expect(onlyDenied.map((e) => e.action)).toEqual(["access.denied"]);

    const listeners = await api.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'atrium-api-audit-tail' AND datname = current_database()`;
    expect(Number(listeners[0]!.n)).toBe(1);
    all.stop();
    denied.stop();
  });

  it("resumes after Last-Event-ID with exactly the events missed", async () => {
    const first = await tail(owner, "?actions=org.update");
    await first.reader.until((r) => r.events.some((e) => e.event === "ready"));
    await rename("Acme One");
    const [seen] = await first.reader.until((r) => (r.audit().length >= 1 ? r.audit() : false));
    first.stop();
    await rename("Acme Two");
    await rename("Acme Corp");

    const resumed = await tail(owner, "?actions=org.update", { "last-event-id": String(seen!.seq) });
    const missed = await resumed.reader.until((r) => (r.audit().length >= 2 ? r.audit() : false));
    const expected = await api.db.auditEvent.findMany({
      where: { organizationId: acme, action: "org.update", seq: { gt: seen!.seq } },
      orderBy: { seq: "asc" },
      select: { seq: true },
    });
    expect(missed.map((e) => e.seq)).toEqual(expected.map((e) => Number(e.seq)));
    expect(missed).toHaveLength(2);
    resumed.stop();
  });

  it("ends the stream once the caller loses access", async () => {
    const admin = await api.signedIn("sam.patel@acme.example");
    const stream = await tail(admin);
    await stream.reader.until((r) => r.events.some((e) => e.event === "ready"));
    await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: sam, roleKey: "member" });
    const end = await stream.reader.until((r) => r.events.find((e) => e.event === "end"));
    expect(JSON.parse(end.data)).toEqual({ reason: "access revoked" });
    await stream.reader.until((r) => r.closed);
    expect(stream.reader.audit()).toEqual([]);
  });

  it("refuses viewers (403), other tenants (404), anonymous callers (401) and plans without the live tail (402)", async () => {
    expect((await viewer.fetch(`/api/orgs/${acme}/audit/tail`)).status).toBe(403);
    const outsider = await api.signedIn("it@globex.example");
    expect((await outsider.fetch(`/api/orgs/${acme}/audit/tail`)).status).toBe(404);
    expect((await api.client().fetch(`/api/orgs/${acme}/audit/tail`)).status).toBe(401);
    const initechOwner = await api.signedIn("bill.lumbergh@initech.example");
    const business = await initechOwner.fetch(`/api/orgs/${initech}/audit/tail`);
    expect(business.status).toBe(402);
    expect(await api.db.auditEvent.count({ where: { organizationId: initech, action: "access.denied", details: { path: ["operation"], equals: "audit.tail" } } })).toBe(1);
  });
});
