/**
 * POST /v1/audit/events over real HTTP: the product's events land on each
 * named organization's hash chain (read back through the admin console's
 * audit search, the chain still verifying), as the user who acted; a batch
 * with an unregistered action, a resource type the catalog lacks, or a user
 * outside the event's organization is refused whole, naming each event.
 */
import { randomUUID } from "node:crypto";
import { evaluateAlerts, verifyAuditChain } from "@atrium/core/audit";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { errorOf, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const call = v1Caller(api);
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const lee = api.demo.users["lee.chen@acme.example"]!;
const globexOwner = api.demo.users["it@globex.example"]!;
const acmeOwner = await api.signedIn("admin@acme.example");
const globexAdmin = await api.signedIn("it@globex.example");
const note = "0f7d2c1e-8a4b-4c3d-9e2f-1a2b3c4d5e6f";

const share = (organizationId: string, userId: string) => ({
  organizationId,
  action: "demo-product/note.share",
  actor: { type: "user", id: userId },
  resource: { type: "demo-product/note", id: note },
  occurredAt: "2026-12-07T09:30:00.000Z",
  details: { sharedWith: "external-link", expiresInDays: 7 },
});

describe("POST /v1/audit/events", () => {
  it("appends the events to each organization's log, as the user who acted, and the chain verifies", async () => {
    const response = await call("POST", "/v1/audit/events", {
      events: [
        share(acme, lee),
        { organizationId: acme, action: "demo-product/note.create", actor: { type: "application" }, status: "error", details: { reason: "disk full" } },
        share(globex, globexOwner),
      ],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ appended: 3 });
    const requestId = response.headers.get("x-request-id");

    const { rows } = await acmeOwner.trpc.audit.events.search.query({ orgId: acme, actions: ["demo-product/note.share", "demo-product/note.create"] });
    expect(rows.map((r) => ({ action: r.action, status: r.status, actorType: r.actorType, actorId: r.actorId, actorLabel: r.actorLabel, resourceType: r.resourceType, resourceId: r.resourceId, requestId: r.requestId, details: r.details }))).toEqual([
      {
        action: "demo-product/note.create",
        status: "error",
        actorType: "application",
        actorId: api.demo.applications["demo-product"],
        actorLabel: "Notes (key atrium_sk_demo_pro)",
        resourceType: "application",
        resourceId: api.demo.applications["demo-product"],
        requestId,
        details: { application: "demo-product", data: { reason: "disk full" } },
      },
      {
        action: "demo-product/note.share",
        status: "success",
        actorType: "user",
        actorId: lee,
        actorLabel: "lee.chen@acme.example",
        resourceType: "demo-product/note",
        resourceId: note,
        requestId,
        details: { application: "demo-product", occurredAt: "2026-12-07T09:30:00.000Z", data: { sharedWith: "external-link", expiresInDays: 7 } },
      },
    ]);
    expect(await verifyAuditChain(api.db, acme)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(api.db, globex)).toMatchObject({ ok: true });

    // The application is an actor the admin can filter on, by its id or its name.
    const byId = await acmeOwner.trpc.audit.events.search.query({ orgId: acme, actor: api.demo.applications["demo-product"]! });
    expect(byId.rows.map((r) => [r.action, r.actorType])).toEqual([["demo-product/note.create", "application"]]);
    const byName = await acmeOwner.trpc.audit.events.search.query({ orgId: acme, actor: "notes" });
    expect(byName.rows.map((r) => r.action)).toEqual(["demo-product/note.create"]);

    const globexRows = (await globexAdmin.trpc.audit.events.search.query({ orgId: globex, actions: ["demo-product/note.share", "demo-product/note.create"] })).rows;
    expect(globexRows.map((r) => [r.action, r.actorId])).toEqual([["demo-product/note.share", globexOwner]]);

    const batch = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: null, action: "application.audit_ingest" }, select: { details: true } });
    expect(batch.details).toEqual({ events: 3, organizations: [acme, globex], actions: ["demo-product/note.share", "demo-product/note.create"] });
  });

  it("an alert rule on a product action fires like one on Atrium's own", async () => {
    const { id } = await acmeOwner.trpc.audit.alerts.create.mutate({
      orgId: acme,
      name: "Notes shared",
      actions: ["demo-product/note.share"],
      status: null,
      threshold: 1,
      windowSeconds: 0,
      notifyAdmins: true,
      webhookUrl: null,
    });
    await evaluateAlerts(api.db);
    expect(await call("POST", "/v1/audit/events", { events: [share(acme, lee)] })).toMatchObject({ status: 200 });
    await evaluateAlerts(api.db);
    const fired = await api.db.auditEvent.findMany({ where: { organizationId: acme, action: "alert.fire", resourceId: id }, select: { details: true } });
    expect(fired.map((f) => f.details)).toEqual([expect.objectContaining({ rule: "Notes shared", events: 1 })]);
  });

  it("an unregistered action refuses the whole batch with 400 naming it; nothing is appended", async () => {
    const before = await api.db.auditEvent.count({ where: { organizationId: acme } });
    const response = await call("POST", "/v1/audit/events", { events: [share(acme, lee), { ...share(acme, lee), action: "demo-product/note.burn" }, { ...share(acme, lee), action: "role.create" }] });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({
      code: "invalid_request",
      details: [
        { field: "events[1].action", message: '"demo-product/note.burn" is not an audit action registered in this application\'s catalog (PUT /v1/catalog).' },
        { field: "events[2].action", message: '"role.create" is not an audit action registered in this application\'s catalog (PUT /v1/catalog).' },
      ],
    });
    expect(await api.db.auditEvent.count({ where: { organizationId: acme } })).toBe(before);
    const denial = await api.db.auditEvent.findFirstOrThrow({
      where: { organizationId: null, action: "application.audit_ingest", requestId: response.headers.get("x-request-id")! },
      select: { status: true, actorType: true, actorId: true, resourceId: true, details: true },
    });
    expect(denial).toEqual({
      status: "denied",
      actorType: "application",
      actorId: api.demo.applications["demo-product"],
      resourceId: api.demo.applications["demo-product"],
      details: {
        events: 3,
        organizations: [acme],
        actions: ["demo-product/note.share", "demo-product/note.burn", "role.create"],
        reason: "invalid_events",
        problems: ["events[1].action", "events[2].action"],
      },
    });
  });

  it("an event naming Acme cannot be written as a Globex person, nor land in Globex's log", async () => {
    const globexBefore = await api.db.auditEvent.count({ where: { organizationId: globex } });
    const response = await call("POST", "/v1/audit/events", { events: [share(acme, globexOwner)] });
    expect(response.status).toBe(400);
    expect(errorOf(response).details).toEqual([{ field: "events[0].actor.id", message: `User ${globexOwner} is not an active member of organization ${acme}.` }]);
    expect(await api.db.auditEvent.count({ where: { organizationId: globex } })).toBe(globexBefore);
  });

  it("an unregistered resource type is 400; an organization that does not exist is 404", async () => {
    const type = await call("POST", "/v1/audit/events", { events: [{ ...share(acme, lee), resource: { type: "workspace", id: note } }] });
    expect(errorOf(type).details).toEqual([{ field: "events[0].resource.type", message: "\"workspace\" is not a resource type registered in this application's catalog." }]);
    const nowhere = randomUUID();
    const missing = await call("POST", "/v1/audit/events", { events: [share(nowhere, lee)] });
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toMatchObject({ code: "not_found", message: `Organization ${nowhere} does not exist.` });
    const denials = await api.db.auditEvent.findMany({
      where: { organizationId: null, action: "application.audit_ingest", status: "denied", requestId: { in: [type.headers.get("x-request-id")!, missing.headers.get("x-request-id")!] } },
      orderBy: { seq: "asc" },
      select: { details: true },
    });
    expect(denials.map((d) => d.details)).toEqual([
      { events: 1, organizations: [acme], actions: ["demo-product/note.share"], reason: "invalid_events", problems: ["events[0].resource.type"] },
      { events: 1, organizations: [nowhere], actions: ["demo-product/note.share"], reason: "unknown_organization", problems: ["events[0].organizationId"] },
    ]);
  });

  it("refuses details over 8 KB, an empty batch and more than 100 events", async () => {
    const big = await call("POST", "/v1/audit/events", { events: [{ ...share(acme, lee), details: { text: "x".repeat(9000) } }] });
    expect(errorOf(big)).toMatchObject({ code: "invalid_request", details: [{ field: "events[0].details" }] });
    expect((await call("POST", "/v1/audit/events", { events: [] })).status).toBe(400);
    expect((await call("POST", "/v1/audit/events", { events: Array.from({ length: 101 }, () => share(acme, lee)) })).status).toBe(400);
  });
});
