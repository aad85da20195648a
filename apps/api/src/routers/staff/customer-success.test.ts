/**
 * Customer success over the real API: staff scopes and permissions on every
 * staff procedure, the portfolio with reasons, QBR figures against the source
 * data, PDF and .ics downloads, and the backtest on the demo history.
 */
import { FIGURES, runFigure, type QbrContent } from "@atrium/core/qbr";
import { describe, expect, it } from "vitest";
import { callError, startTestApi, type TestClient } from "../../testing.ts";

const api = await startTestApi();
const org = (key: string) => api.demo.organizations[key]!;
const csm = await api.signedIn("csm@atrium.example"); // assigned acme, globex, umbrella
const jordan = await api.signedIn("jordan.lee@atrium.example"); // assigned tyrell; CSM on Globex's contract
const lead = await api.signedIn("lead@atrium.example");
const support = await api.signedIn("support@atrium.example");
const finance = await api.signedIn("finance@atrium.example");
const tenantAdmin = await api.signedIn("admin@acme.example");

/** Every staff procedure that names one customer, called for `organizationId`. */
const customerCalls = (c: TestClient, organizationId: string, qbrId: string) => ({
  "staff.health.customer": () => c.trpc.staff.health.customer.query({ organizationId }),
  "staff.health.recompute": () => c.trpc.staff.health.recompute.mutate({ organizationId }),
  "staff.health.recordOutcome": () => c.trpc.staff.health.recordOutcome.mutate({ organizationId, renewalDate: "2020-01-01", outcome: "renewed" }),
  "staff.sla.list": () => c.trpc.staff.sla.list.query({ organizationId }),
  "staff.sla.record": () => c.trpc.staff.sla.record.mutate({ organizationId, month: "2020-01", uptimePct: 99.9, p99LatencyMs: 200 }),
  "staff.qbr.list": () => c.trpc.staff.qbr.list.query({ organizationId }),
  "staff.qbr.get": () => c.trpc.staff.qbr.get.query({ qbrId }),
  "staff.qbr.generate": () => c.trpc.staff.qbr.generate.mutate({ organizationId, quarter: "2026-Q1" }),
  "staff.qbr.schedule": () => c.trpc.staff.qbr.schedule.mutate({ qbrId, startsAt: new Date(Date.now() + 30 * 86_400_000), durationMinutes: 60, attendees: ["a@example.com"] }),
  "staff.impersonation.start": () => c.trpc.staff.impersonation.start.mutate({ organizationId, reason: "Investigating ticket 1001", minutes: 30 }),
  "staff.assign": () => c.trpc.staff.assign.mutate({ organizationId, csmUserId: api.demo.users["csm@atrium.example"]! }),
});

const acmeQbr = (await api.db.qbr.findFirstOrThrow({ where: { organizationId: org("acme") }, select: { id: true } })).id;

describe("staff scope: a CSM sees only assigned customers", () => {
  it("lists the portfolio by scope: CSM assigned, CS lead all", async () => {
    expect((await csm.trpc.staff.health.portfolio.query()).map((r) => r.name)).toEqual(["Acme Corp", "Globex Corporation", "Umbrella Health"]);
    expect((await jordan.trpc.staff.health.portfolio.query()).map((r) => r.name)).toEqual(["Globex Corporation", "Tyrell Analytics"]);
    expect((await lead.trpc.staff.health.portfolio.query()).map((r) => r.name)).toEqual(["Acme Corp", "Globex Corporation", "Tyrell Analytics", "Umbrella Health"]);
  });

  const calls = Object.keys(customerCalls(jordan, "", ""));
  // A CSM's role lacks these two permissions: refused before the customer is looked at.
  const notPermitted = new Set(["staff.assign", "staff.sla.record"]);
  it.each(calls)("%s: another CSM's customer is 404 (403 without the permission)", async (name) => {
    const call = customerCalls(jordan, org("acme"), acmeQbr)[name as keyof ReturnType<typeof customerCalls>];
    expect((await callError(call())).status).toBe(notPermitted.has(name) ? 403 : 404);
  });

  it("lets a CS lead reach any customer with the same calls", async () => {
    expect((await lead.trpc.staff.sla.list.query({ organizationId: org("tyrell") })).length).toBe(6);
    await lead.trpc.staff.sla.record.mutate({ organizationId: org("tyrell"), month: "2026-01", uptimePct: 99.95, p99LatencyMs: 250 });
    expect((await lead.trpc.staff.health.customer.query({ organizationId: org("tyrell") })).name).toBe("Tyrell Analytics");
  });

  it("hides other customers' tickets and renewals from a CSM", async () => {
    const tickets = await jordan.trpc.staff.desk.tickets.query({});
    expect(tickets.every((t) => ["Tyrell Analytics", "Globex Corporation", "Globex UK"].includes(t.organizationName))).toBe(true);
    const pipeline = await jordan.trpc.staff.renewals.pipeline.query();
    expect(pipeline.rows.every((r) => ["Tyrell Analytics", "Globex Corporation", "Globex UK"].includes(r.organizationName))).toBe(true);
    const mine = (await csm.trpc.staff.renewals.pipeline.query()).rows.map((r) => r.organizationName);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((name) => ["Acme Corp", "Acme North America", "Acme Canada", "Acme EMEA", "Globex Corporation", "Globex UK", "Umbrella Health", "Umbrella Labs"].includes(name))).toBe(true);
  });

  it("refuses a tenant admin every staff procedure with 403", async () => {
    expect((await callError(tenantAdmin.trpc.staff.health.portfolio.query())).status).toBe(403);
    expect((await callError(tenantAdmin.trpc.staff.desk.tickets.query({}))).status).toBe(403);
  });
});

describe("staff permissions by role", () => {
  it("lets only CS leads (and super admins) change health weights; the change is audited", async () => {
    const config = await csm.trpc.staff.health.config.query();
    const { updatedAt: _u, ...input } = config;
    expect((await callError(csm.trpc.staff.health.setConfig.mutate(input))).status).toBe(403);
    expect((await callError(finance.trpc.staff.health.setConfig.mutate(input))).status).toBe(403);
    await lead.trpc.staff.health.setConfig.mutate({ ...input, rollup: "own" });
    expect((await lead.trpc.staff.health.config.query()).rollup).toBe("own");
    await lead.trpc.staff.health.setConfig.mutate(input);
    expect(await api.db.auditEvent.count({ where: { action: "health.config_update" } })).toBe(2);
    const denied = await api.db.auditEvent.findMany({ where: { action: "access.denied", actorLabel: "csm@atrium.example" }, select: { details: true } });
    expect(denied.map((d) => (d.details as { permission: string }).permission)).toContain("health:configure");
  });

  it("refuses weights that do not add up to 100", async () => {
    const { updatedAt: _u, ...input } = await lead.trpc.staff.health.config.query();
    expect((await callError(lead.trpc.staff.health.setConfig.mutate({ ...input, weights: { ...input.weights, nps: 50 } }))).status).toBe(400);
  });

  it("lets support triage tickets but not generate QBRs; finance neither triages nor generates", async () => {
    const [ticket] = await support.trpc.staff.desk.tickets.query({ status: ["open"] });
    const triaged = await support.trpc.staff.desk.triage.mutate({ ticketId: ticket!.id, status: "in_progress", assigneeId: api.demo.users["support@atrium.example"]! });
    expect(triaged.status).toBe("in_progress");
    expect(triaged.firstResponse.metAt).not.toBeNull();
    expect((await callError(support.trpc.staff.qbr.generate.mutate({ organizationId: org("acme") }))).status).toBe(403);
    expect((await callError(finance.trpc.staff.desk.tickets.query({}))).status).toBe(403);
    expect((await callError(finance.trpc.staff.qbr.generate.mutate({ organizationId: org("acme") }))).status).toBe(403);
    const audit = await api.db.auditEvent.findFirstOrThrow({ where: { action: "support_ticket.update", resourceId: ticket!.id }, select: { organizationId: true, details: true } });
    expect(audit.organizationId).toBe(ticket!.organizationId);
  });
});

describe("portfolio and customer detail", () => {
  it("shows at-risk customers with reasons", async () => {
    const umbrella = (await csm.trpc.staff.health.portfolio.query()).find((r) => r.name === "Umbrella Health")!;
    expect(["medium", "high"]).toContain(umbrella.risk); // at risk
    expect(umbrella.reasons.length).toBe(3);
    expect(umbrella.reasons[0]).toMatch(/^−\d+: /);
    expect(umbrella.sparkline.length).toBe(18);
  });

  it("recomputes one customer on demand and shows its breakdown, usage, contract, children and activity", async () => {
    expect(await csm.trpc.staff.health.recompute.mutate({ organizationId: org("acme") })).toEqual({ organizations: 4 });
    const acme = await csm.trpc.staff.health.customer.query({ organizationId: org("acme") });
    expect(acme.health.breakdown.map((b) => b.key).sort()).toEqual(
      ["feature_adoption", "identity_adoption", "nps", "payment_issues", "recency", "seat_utilization", "support_load", "usage_trend"],
    );
    expect(acme.health.rollup?.organizations).toBe(4);
    expect(acme.usage.length).toBe(90);
    const live = await api.db.contract.findFirstOrThrow({ where: { organizationId: org("acme"), status: { in: ["active", "renewal_pending"] } }, select: { seats: true } });
    expect(acme.contract?.seats).toBe(live.seats);
    expect(acme.children.map((c) => c.name)).toEqual(["Acme EMEA", "Acme North America", "Acme Canada"]);
    expect(acme.activity.some((a) => a.action === "health.recompute")).toBe(true);
  });
});

describe("QBR", () => {
  it("stores figures equal to their source queries, and equal to independent queries over the source tables", async () => {
    const { id } = await csm.trpc.staff.qbr.generate.mutate({ organizationId: org("acme"), quarter: "2026-Q3" });
    const qbr = await csm.trpc.staff.qbr.get.query({ qbrId: id });
    const content = qbr.content as unknown as QbrContent;
    for (const figure of Object.values(content.figures)) {
      expect({ key: figure.key, value: await runFigure(api.db, FIGURES[figure.key].sql, figure.source.params) }).toEqual({ key: figure.key, value: figure.value });
    }
    const tree = await api.db.organization.findMany({ where: { OR: [{ id: org("acme") }, { parentId: org("acme") }, { parent: { parentId: org("acme") } }] }, select: { id: true } });
    const ids = tree.map((o) => o.id);
    const start = new Date("2026-07-01T00:00:00Z");
    const end = new Date("2026-10-01T00:00:00Z");
    const calls = await api.db.usageDailyRollup.aggregate({ where: { organizationId: { in: ids }, metric: "api_calls", day: { gte: start, lt: end } }, _sum: { quantity: true } });
    expect(content.figures.api_calls.value).toBe(Number(calls._sum.quantity));
    const nps = await api.db.npsResponse.findMany({ where: { organizationId: { in: ids }, createdAt: { gte: start, lt: end } }, select: { score: true } });
    expect(content.figures.nps_responses.value).toBe(nps.length);
    const contracts = await api.db.contract.findMany({
      where: { organizationId: { in: ids }, status: { in: ["active", "renewal_pending", "expired"] }, startDate: { lt: end }, endDate: { gte: start } },
      select: { seats: true },
    });
    expect(content.figures.contracted_seats.value).toBe(contracts.reduce((a, c) => a + c.seats, 0));
    expect(content.charts.usageByMonth.rows.length).toBe(6);
    expect(content.recommendations.length).toBeGreaterThan(0);
  });

  it("downloads the PDF (audited) and a meeting's .ics", async () => {
    const response = await csm.fetch(`/api/csm/qbrs/${acmeQbr}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await api.db.auditEvent.count({ where: { action: "qbr.export", organizationId: org("acme") } })).toBe(1);
    const [meeting] = (await csm.trpc.staff.qbr.get.query({ qbrId: acmeQbr })).meetings;
    const ics = await (await csm.fetch(`/api/csm/qbrs/${acmeQbr}/meetings/${meeting!.id}/ics`)).text();
    expect(ics).toContain("BEGIN:VCALENDAR\r\n");
    expect(ics).toContain("ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:admin@acme.example\r\n");
    expect((await jordan.fetch(`/api/csm/qbrs/${acmeQbr}/pdf`)).status).toBe(404);
    expect((await tenantAdmin.fetch(`/api/csm/qbrs/${acmeQbr}/pdf`)).status).toBe(403);
    expect((await api.client().fetch(`/api/csm/qbrs/${acmeQbr}/pdf`)).status).toBe(401);
  });
});

describe("backtest", () => {
  it("reports AUC and a calibration table over the demo history", async () => {
    const result = await lead.trpc.staff.health.backtest.query({ leadDays: 90 });
    expect(result.samples).toBe(48);
    expect(result.auc).toBeGreaterThan(0.8);
    expect(result.calibration.reduce((a, r) => a + r.customers, 0)).toBe(48);
    console.log(`backtest on demo data: AUC ${result.auc?.toFixed(3)} over ${result.samples} renewals`);
  });

  it("refuses a renewal outcome on a day the calendar lacks with 400, and records nothing", async () => {
    const organizationId = org("acme");
    const recorded = () => api.db.renewalOutcome.count({ where: { organizationId } });
    const before = await recorded();
    for (const renewalDate of ["2026-13-01", "2026-02-30", "2026-04-31", "0000-01-01"]) {
      const error = await callError(lead.trpc.staff.health.recordOutcome.mutate({ organizationId, renewalDate, outcome: "renewed" }));
      expect({ renewalDate, status: error.status }).toEqual({ renewalDate, status: 400 });
    }
    expect(await recorded()).toBe(before);
  });
});
