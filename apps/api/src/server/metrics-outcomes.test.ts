import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DEMO_SCIM_TOKEN } from "@atrium/core/scim";
import { createWorkerMetrics } from "@atrium/worker/metrics";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../testing.ts";
import { scimOperation } from "./metrics-outcomes.ts";
import { newUser, scimClient } from "../rest/scim/scim-testing.ts";

const api = await startTestApi();
const metricsText = async () => (await fetch(`${api.url}/metrics`)).text();
/** The value of one series in Prometheus text output (0 when absent). */
const valueOf = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

describe("outcome metrics on /metrics", () => {
  it("counts SCIM requests by operation and status after real SCIM calls", async () => {
    const scim = scimClient(api.url, DEMO_SCIM_TOKEN);
    expect((await scim("POST", "/Users", newUser("metrics.probe@acme.example"))).status).toBe(201);
    expect((await scim("GET", `/Users/${randomUUID()}`)).status).toBe(404);
    expect((await scimClient(api.url, "atrium_scim_wrong")("GET", "/Users")).status).toBe(401);
    const text = await metricsText();
    expect(valueOf(text, 'atrium_scim_requests_total{operation="users.create",status="201"}')).toBe(1);
    expect(valueOf(text, 'atrium_scim_requests_total{operation="users.get",status="404"}')).toBe(1);
    expect(valueOf(text, 'atrium_scim_requests_total{operation="users.list",status="401"}')).toBe(1);
    // The provisioning wrote audit events, counted by domain; no organization id or e-mail appears in any label.
    expect(text).toMatch(/atrium_audit_events_appended_total\{domain="[a-z_]+",status="success"\} [1-9]/);
    expect(text).not.toContain("metrics.probe@acme.example");
    expect(text).not.toContain(api.demo.organizations["acme"]!);
  });

  it("counts a failed SAML sign-in by protocol and reason", async () => {
    const response = await fetch(`${api.url}/auth/saml/${randomUUID()}/acs`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ SAMLResponse: Buffer.from("<not-saml/>").toString("base64") }).toString(),
    });
    expect(response.status).toBe(404);
    const text = await metricsText();
    expect(valueOf(text, 'atrium_sso_logins_total{protocol="saml",result="failure",reason="unknown_connection"}')).toBe(1);
  });

  it("counts a failed OIDC callback (no state cookie) by reason", async () => {
    const response = await fetch(`${api.url}/auth/oidc/${randomUUID()}/callback?code=abc&state=xyz`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    const text = await metricsText();
    expect(text).toMatch(/atrium_sso_logins_total\{protocol="oidc",result="failure",reason="[a-z_]+"\} 1/);
  });

  it("names SCIM operations from a fixed set, whatever the path", () => {
    expect(scimOperation("PATCH", "/scim/v2/Users/abc")).toBe("users.patch");
    expect(scimOperation("GET", "/scim/v2/Groups?filter=x")).toBe("groups.list");
    expect(scimOperation("GET", "/scim/v2/Schemas/urn:x")).toBe("discovery.get");
    expect(scimOperation("GET", "/scim/v2/whatever-you-like")).toBe("other");
    expect(scimOperation("POST", "/scim/v2/Users/abc")).toBe("users.other");
  });
});

describe("the Grafana dashboard", () => {
  it("parses, and every metric it queries exists in the API's or the worker's registry", async () => {
    const dashboard = JSON.parse(await readFile(new URL("../../../../ops/grafana/atrium-dashboard.json", import.meta.url), "utf8")) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    const apiMetrics = new Set([...(await metricsText()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const worker = createWorkerMetrics(api.db, ["session-cleanup"]);
    const workerMetrics = new Set((await worker.registry.getMetricsAsJSON()).map((m) => m.name));
    worker.close();
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\b((?:atrium|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!)));
    expect(queried.length).toBeGreaterThan(10);
    const base = (name: string) => name.replace(/_(bucket|count|sum)$/, "");
    const missing = queried.filter((name) => !apiMetrics.has(base(name)) && !workerMetrics.has(base(name)) && !apiMetrics.has(name) && !workerMetrics.has(name));
    expect(missing).toEqual([]);
    for (const needed of ["atrium_http_request_duration_seconds", "atrium_scim_requests_total", "atrium_sso_logins_total", "atrium_worker_jobs_total", "atrium_queue_lag_seconds", "process_resident_memory_bytes"]) {
      expect(queried.map(base)).toContain(needed);
    }
  });
});
