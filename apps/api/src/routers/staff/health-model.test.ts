/**
 * The health model pages over the real API: the configuration with its
 * component names, the preview of a change (CS leads only, nothing kept), and
 * the SLA month entry's validation and audit.
 */
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const org = (key: string) => api.demo.organizations[key]!;
const csm = await api.signedIn("csm@atrium.example");
const lead = await api.signedIn("lead@atrium.example");

const { updatedAt: _updatedAt, components, ...current } = await lead.trpc.staff.health.config.query();

describe("health model: configuration and preview", () => {
  it("names every component, in the editor's order", () => {
    expect(components.map((c) => c.key)).toEqual(Object.keys(current.weights));
    expect(components.find((c) => c.key === "recency")!.label).toBe("recency of activity");
  });

  it("previews a change for a CS lead without keeping it: every customer low risk when the bands start at 1", async () => {
    const auditBefore = await api.db.auditEvent.count();
    const scoresBefore = await api.db.healthScore.count();
    const preview = await lead.trpc.staff.health.previewConfig.query({ ...current, thresholds: { ...current.thresholds, high_risk_below: 1, medium_risk_below: 1 } });
    expect(preview.customers).toBe(4); // the demo's top-level enterprise organizations: Acme, Globex, Umbrella, Tyrell
    expect(preview.bandsAfter).toEqual({ high: 0, medium: 0, low: preview.customers });
    expect(preview.changed.length).toBe(preview.bandsBefore.high + preview.bandsBefore.medium);
    expect(preview.changed.length).toBeGreaterThan(0);
    expect(preview.changed.every((c) => c.riskAfter === "low" && c.riskBefore !== "low" && c.scoreAfter === c.scoreBefore)).toBe(true);
    const after = await lead.trpc.staff.health.config.query();
    expect(after.thresholds).toEqual(current.thresholds);
    expect(await api.db.healthScore.count()).toBe(scoresBefore);
    expect(await api.db.auditEvent.count()).toBe(auditBefore);
  });

  it("refuses the preview to a CSM (403) and weights that do not add up to 100 (400)", async () => {
    expect((await callError(csm.trpc.staff.health.previewConfig.query(current))).status).toBe(403);
    const bad = await callError(lead.trpc.staff.health.previewConfig.query({ ...current, weights: { ...current.weights, nps: 50 } }));
    expect(bad.status).toBe(400);
    expect(bad.fieldErrors).toEqual({ weights: ["Weights must add up to 100"] });
  });
});

describe("SLA month entry", () => {
  const tyrell = org("tyrell");
  const thisMonth = new Date().toISOString().slice(0, 7);
  const next = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1)).toISOString().slice(0, 7);

  it("refuses a month that has not started, with the reason on the field", async () => {
    const error = await callError(lead.trpc.staff.sla.record.mutate({ organizationId: tyrell, month: next, uptimePct: 99.9, p99LatencyMs: 200 }));
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({ month: ["This month has not started yet: nothing has been measured."] });
  });

  it("says what is wrong with each figure in a sentence", async () => {
    const error = await callError(lead.trpc.staff.sla.record.mutate({ organizationId: tyrell, month: "2026-13", uptimePct: 100.5, p99LatencyMs: 12.5 }));
    expect(error.fieldErrors).toEqual({
      month: ["Enter the month as YYYY-MM, for example 2026-11."],
      uptimePct: ["Uptime is a percentage from 0 to 100."],
      p99LatencyMs: ["Enter the latency in whole milliseconds."],
    });
    const decimals = await callError(lead.trpc.staff.sla.record.mutate({ organizationId: tyrell, month: thisMonth, uptimePct: 99.9999, p99LatencyMs: 200 }));
    expect(decimals.fieldErrors).toEqual({ uptimePct: ["Uptime has at most three decimals (99.995)."] });
  });

  it("records the current month, corrects it, and audits both with the values before", async () => {
    await lead.trpc.staff.sla.record.mutate({ organizationId: tyrell, month: thisMonth, uptimePct: 99.995, p99LatencyMs: 180 });
    await lead.trpc.staff.sla.record.mutate({ organizationId: tyrell, month: thisMonth, uptimePct: 99.95, p99LatencyMs: 210 });
    const row = (await lead.trpc.staff.sla.list.query({ organizationId: tyrell })).find((m) => m.month === thisMonth)!;
    expect([row.uptimePct, row.p99LatencyMs]).toEqual([99.95, 210]);
    const audits = await api.db.auditEvent.findMany({ where: { action: "sla.record", organizationId: tyrell, resourceId: thisMonth }, orderBy: { occurredAt: "asc" }, select: { details: true } });
    expect(audits.map((a) => a.details)).toEqual([
      { uptimePct: 99.995, p99LatencyMs: 180, before: null },
      { uptimePct: 99.95, p99LatencyMs: 210, before: { uptimePct: 99.995, p99LatencyMs: 180 } },
    ]);
  });

  it("refuses a CSM without sla:record (403), audited as denied", async () => {
    expect((await callError(csm.trpc.staff.sla.record.mutate({ organizationId: org("acme"), month: thisMonth, uptimePct: 99.9, p99LatencyMs: 200 }))).status).toBe(403);
  });
});
