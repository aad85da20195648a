import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const initech = api.demo.organizations["initech"]!;
const owner = await api.signedIn("admin@acme.example");
const outsider = await api.signedIn("it@globex.example");

describe("log streaming settings", () => {
  it("configures a destination, keeps its credential sealed, reports status and audits each change", async () => {
    expect(await owner.trpc.audit.streams.get.query({ orgId: acme })).toBeNull();
    const created = await owner.trpc.audit.streams.save.mutate({ orgId: acme, kind: "datadog", url: "https://http-intake.logs.datadoghq.eu/api/v2/logs", credential: "dd-api-key-123456" });
    expect(created).toEqual({ secret: null });
    const status = await owner.trpc.audit.streams.get.query({ orgId: acme });
    expect(status).toMatchObject({ kind: "datadog", enabled: true, batchSize: 500, lagEvents: 1, deliveredEvents: 0, failures: [] });
    expect(JSON.stringify(status)).not.toContain("dd-api-key-123456");
    const row = await api.db.auditStreamDestination.findUniqueOrThrow({ where: { organizationId: acme } });
    expect(row.credential).not.toContain("dd-api-key-123456");

    const generic = await owner.trpc.audit.streams.save.mutate({ orgId: acme, kind: "generic", url: "https://siem.acme.example/ingest" });
    expect(generic.secret).toMatch(/^whsec_/);
    const rotated = await owner.trpc.audit.streams.rotateSecret.mutate({ orgId: acme });
    expect(rotated.secret).not.toBe(generic.secret);
    await owner.trpc.audit.streams.delete.mutate({ orgId: acme });
    const actions = await api.db.auditEvent.findMany({ where: { organizationId: acme, resourceType: "audit_stream" }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["audit_stream.create", "audit_stream.update", "audit_stream.rotate_secret", "audit_stream.delete"]);
  });

  it("asks for the Splunk token and refuses plain http to another host", async () => {
    expect(await callError(owner.trpc.audit.streams.save.mutate({ orgId: acme, kind: "splunk_hec", url: "https://splunk.acme.example:8088/services/collector/event" }))).toMatchObject({
      status: 400, message: "Enter the HTTP Event Collector token.",
    });
    expect((await callError(owner.trpc.audit.streams.save.mutate({ orgId: acme, kind: "generic", url: "http://siem.acme.example/" }))).status).toBe(400);
  });

  it("keeps destinations to their organization and plan", async () => {
    await owner.trpc.audit.streams.save.mutate({ orgId: acme, kind: "generic", url: "https://siem.acme.example/ingest" });
    expect((await callError(outsider.trpc.audit.streams.get.query({ orgId: acme }))).status).toBe(404);
    expect(await outsider.trpc.audit.streams.get.query({ orgId: globex })).toBeNull();
    expect((await callError(outsider.trpc.audit.streams.delete.mutate({ orgId: globex }))).status).toBe(404);
    expect(await api.db.auditStreamDestination.count({ where: { organizationId: acme } })).toBe(1);
    const business = await api.signedIn("bill.lumbergh@initech.example");
    expect((await callError(business.trpc.audit.streams.get.query({ orgId: initech }))).status).toBe(402);
  });
});
