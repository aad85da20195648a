import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");

// Some history: role changes and a denial.
await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: api.demo.users["lee.chen@acme.example"]!, roleKey: "admin" });
await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: api.demo.users["lee.chen@acme.example"]!, roleKey: "member" });
await callError(viewer.trpc.org.rename.mutate({ orgId: acme, name: "Nope" }));

describe("audit log", () => {
  it("searches with filters, newest first, and pages with a stable cursor", async () => {
    const changes = await owner.trpc.audit.events.search.query({ orgId: acme, actions: ["membership.role_change"] });
    expect(changes.rows.map((r) => (r.details as { after: { key: string } }).after.key)).toEqual(["member", "admin"]);
    const first = await owner.trpc.audit.events.search.query({ orgId: acme, limit: 3 });
    const second = await owner.trpc.audit.events.search.query({ orgId: acme, limit: 3, cursor: first.nextCursor! });
    const all = await owner.trpc.audit.events.search.query({ orgId: acme, limit: 6 });
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    const denied = await owner.trpc.audit.events.search.query({ orgId: acme, status: "denied", actions: ["access.*"] });
    expect(denied.rows[0]).toMatchObject({ action: "access.denied", actorLabel: "auditor@acme.example" });
  });

  it("counts by action and by day for charts", async () => {
    const stats = await owner.trpc.audit.events.stats.query({ orgId: acme });
    expect(stats.byAction.find((a) => a.action === "membership.role_change")?.count).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.byDay.find((d) => d.day === today)?.denied).toBeGreaterThanOrEqual(1);
  });

  it("verifies the chain on demand and audits the check", async () => {
    const events = await api.db.auditEvent.count({ where: { organizationId: acme } });
    const result = await owner.trpc.audit.events.verify.mutate({ orgId: acme });
    expect(result).toEqual({ ok: true, checked: events });
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "audit.verify" } })).toBe(1);
  });

  it("streams a CSV download to an admin, audits it, and refuses a viewer", async () => {
    const response = await owner.fetch(`/api/orgs/${acme}/audit/export?format=csv&actions=membership.role_change`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-acme-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (await response.text()).trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "audit.export" } })).toBe(1);
    const refused = await viewer.fetch(`/api/orgs/${acme}/audit/export`);
    expect(refused.status).toBe(403);
    const outsider = await api.signedIn("it@globex.example");
    expect((await outsider.fetch(`/api/orgs/${acme}/audit/export`)).status).toBe(404);
    expect((await api.client().fetch(`/api/orgs/${acme}/audit/export`)).status).toBe(401);
  });

  it("queues a background export and refuses to download it before it is done", async () => {
    const { id } = await owner.trpc.audit.events.startExport.mutate({ orgId: acme, format: "ndjson" });
    const listed = await owner.trpc.audit.events.exports.query({ orgId: acme });
    expect(listed[0]).toMatchObject({ id, status: "queued", format: "ndjson" });
    const early = await owner.fetch(`/api/orgs/${acme}/audit/exports/${id}/download`);
    const body = (await early.json()) as { error: { message: string } };
    expect([early.status, body.error.message]).toEqual([409, "The export is not finished yet."]);
  });
});
