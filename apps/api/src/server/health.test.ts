import { describe, expect, it } from "vitest";
import { startTestApi } from "../testing.ts";

const api = await startTestApi();

describe("operational endpoints", () => {
  it("/healthz and /readyz answer 200 while the database is reachable", async () => {
    const health = await fetch(`${api.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    const ready = await fetch(`${api.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ok", database: "ok" }]);
  });

  it("/metrics exposes request durations labelled by tRPC procedure", async () => {
    const c = await api.signedIn("admin@acme.example");
    await c.trpc.org.list.query();
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toMatch(/atrium_http_request_duration_seconds_count\{method="GET",route="trpc:org.list",status="200"\} 1/);
  });

  it("echoes a valid request id and generates one otherwise", async () => {
    const given = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": "req-abcdef12" } });
    expect(given.headers.get("x-request-id")).toBe("req-abcdef12");
    const generated = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": "bad id!" } });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
