/**
 * SLA timers and the demo desk. The contract is the commercial truth for a
 * customer's support level (Acme premium, Umbrella Health dedicated): demo
 * tickets must run on it, not on a level of their own, and a fresh demo must
 * show a believable desk relative to the moment it was seeded — not every
 * ticket breached.
 */
import { describe, expect, it } from "vitest";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { slaDeadlines, slaTimer } from "./sla.ts";
import { supportLevelOf } from "./tickets.ts";

const { db } = await createDemoTestDatabase();
const HOUR = 3_600_000;

describe("slaTimer", () => {
  const opened = new Date("2026-12-07T08:00:00Z");
  const due = new Date("2026-12-07T12:00:00Z"); // a 4-hour window
  const at = (hours: number) => new Date(opened.getTime() + hours * HOUR);

  it("runs, is at risk in the last quarter of its window, then breaches; a stop before due is met", () => {
    expect(slaTimer(due, null, at(2), opened)).toEqual({ dueAt: due, metAt: null, state: "running", remainingMs: 2 * HOUR });
    expect(slaTimer(due, null, at(3), opened)).toEqual({ dueAt: due, metAt: null, state: "at_risk", remainingMs: HOUR });
    expect(slaTimer(due, null, at(5), opened)).toEqual({ dueAt: due, metAt: null, state: "breached", remainingMs: -HOUR });
    expect(slaTimer(due, at(3.5), at(9), opened)).toEqual({ dueAt: due, metAt: at(3.5), state: "met", remainingMs: null });
    expect(slaTimer(due, at(4.5), at(9), opened).state).toBe("breached");
  });

  it("scales the support level's targets by priority", () => {
    expect(slaDeadlines("premium", "high", opened)).toEqual({ firstResponseDueAt: at(2), resolutionDueAt: at(24) });
    expect(slaDeadlines("dedicated", "urgent", opened)).toEqual({ firstResponseDueAt: at(0.25), resolutionDueAt: at(6) });
  });
});

describe("demo support desk", () => {
  const tickets = db.supportTicket.findMany({
    select: { organizationId: true, supportLevel: true, priority: true, createdAt: true, firstResponseDueAt: true, resolutionDueAt: true, firstResponseAt: true, resolvedAt: true, closedAt: true },
  });

  it("runs every ticket on its customer's contract support level (Acme premium, Umbrella Health dedicated)", async () => {
    const rows = await tickets;
    const names = new Map((await db.organization.findMany({ select: { id: true, name: true } })).map((o) => [o.id, o.name]));
    const byOrg = Object.fromEntries(rows.map((t) => [names.get(t.organizationId), t.supportLevel]));
    expect(byOrg).toMatchObject({ "Acme Corp": "premium", "Umbrella Health": "dedicated" });
    for (const t of rows) {
      expect(t.supportLevel).toBe(await supportLevelOf(db, t.organizationId));
      expect({ firstResponseDueAt: t.firstResponseDueAt, resolutionDueAt: t.resolutionDueAt }).toEqual(slaDeadlines(t.supportLevel as "premium", t.priority as "normal", t.createdAt));
    }
  });

  it("shows a believable mix: most tickets within SLA, one at risk, one breached", async () => {
    const now = new Date();
    const states = (await tickets).map((t) => ({
      firstResponse: slaTimer(t.firstResponseDueAt, t.firstResponseAt, now, t.createdAt).state,
      resolution: slaTimer(t.resolutionDueAt, t.resolvedAt ?? t.closedAt, now, t.createdAt).state,
    }));
    const count = (state: string) => states.filter((s) => s.resolution === state).length;
    expect(states.length).toBeGreaterThanOrEqual(5);
    expect([count("breached"), count("at_risk")]).toEqual([1, 1]);
    expect(count("met") + count("running")).toBe(states.length - 2);
    expect(states.filter((s) => s.firstResponse === "breached")).toEqual([]);
  });
});
