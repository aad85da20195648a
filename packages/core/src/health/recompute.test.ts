import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { healthCard } from "./portfolio.ts";
import { recomputeHealth } from "./recompute.ts";
import { addDays, insertContract, insertFeatureUse, insertOverdueInvoice, insertRollup } from "./fixtures.ts";
import type { StoredComponent } from "./explain.ts";

const { db } = await createTestDatabase();
const asOf = new Date("2026-11-20T00:00:00Z");
const H = 3_600_000;

const parent = await db.organization.create({ data: { name: "Fixture Co", slug: "fixture-co", plan: "enterprise", isEnterprise: true }, select: { id: true } });
const child = await db.organization.create({ data: { name: "Fixture EU", slug: "fixture-eu", plan: "enterprise", isEnterprise: true, parentId: parent.id }, select: { id: true } });
const other = await db.organization.create({ data: { name: "Other Co", slug: "other-co", plan: "enterprise", isEnterprise: true }, select: { id: true } });

// Parent: 20 of 50 seats active; 800 calls in the last 30 days vs 1,000 before; last active 5 days ago;
// 2 of 5 key features; open tickets high + normal (load 3), 2 resolved in 90 days (1 in SLA);
// NPS answers 10, 9, 5, 8 (NPS 25); one overdue invoice; no SSO or SCIM.
await insertContract(db, parent.id, { seats: 50, arrMinor: 12_000_000, start: new Date("2026-01-01"), renewal: new Date("2026-12-31") });
await insertRollup(db, parent.id, "seats", addDays(asOf, -3), 20);
await insertRollup(db, parent.id, "seats", addDays(asOf, -45), 45); // before the window: ignored
await insertRollup(db, parent.id, "api_calls", addDays(asOf, -5), 800);
await insertRollup(db, parent.id, "api_calls", addDays(asOf, -40), 1000);
await insertFeatureUse(db, parent.id, "sso", addDays(asOf, -2));
await insertFeatureUse(db, parent.id, "api", addDays(asOf, -10));
await insertFeatureUse(db, parent.id, "api", addDays(asOf, -11));
await insertFeatureUse(db, parent.id, "not-a-key-feature", addDays(asOf, -3));
await insertFeatureUse(db, parent.id, "reports", addDays(asOf, -45)); // too old
const ticket = (priority: string, createdAt: Date, resolvedAt: Date | null, dueAt: Date) =>
  db.supportTicket.create({
    data: { organizationId: parent.id, subject: "Help", priority, supportLevel: "premium", createdAt, resolvedAt, status: resolvedAt ? "resolved" : "open", firstResponseDueAt: dueAt, resolutionDueAt: dueAt },
  });
await ticket("high", addDays(asOf, -4), null, addDays(asOf, -3));
await ticket("normal", addDays(asOf, -2), null, addDays(asOf, 1));
await ticket("urgent", addDays(asOf, -30), new Date(addDays(asOf, -30).getTime() + 2 * H), addDays(asOf, -29)); // in SLA
await ticket("normal", addDays(asOf, -60), addDays(asOf, -50), addDays(asOf, -58)); // late
for (const score of [10, 9, 5, 8]) await db.npsResponse.create({ data: { organizationId: parent.id, score, createdAt: addDays(asOf, -10) } });
await db.npsResponse.create({ data: { organizationId: parent.id, score: 0, createdAt: addDays(asOf, -120) } }); // too old
await insertOverdueInvoice(db, parent.id, addDays(asOf, -10), "FIX-1");
// Child: 10 seats, nothing else: only support (no tickets) and payments (none) score.
await insertContract(db, child.id, { seats: 10, arrMinor: 4_000_000, start: new Date("2026-01-01"), renewal: new Date("2027-03-31") });

const scoreOf = async (organizationId: string) =>
  db.healthScore.findUniqueOrThrow({ where: { organizationId_scoredOn: { organizationId, scoredOn: asOf } } });
const items = (components: unknown) => Object.fromEntries((components as { items: StoredComponent[] }).items.map((i) => [i.key, i]));

describe("health recompute", () => {
  it("scores each component and the weighted total as computed by hand", async () => {
    expect(await recomputeHealth(db, { asOf })).toBe(3);
    const row = await scoreOf(parent.id);
    const c = items(row.components);
    expect(c["seat_utilization"]!.score).toBeCloseTo(0.5, 10); // 20/50 = 40 % of an 80 % target
    expect(c["usage_trend"]!.score).toBeCloseTo(0.25, 10); // −20 % on a −30 %…+10 % scale
    expect(c["feature_adoption"]!.score).toBeCloseTo(0.4, 10); // 2 of 5
    expect(c["support_load"]!.score).toBeCloseTo(0.7 * (1 - 3 / 10) + 0.3 * 0.5, 10); // 0.64
    expect(c["nps"]!.score).toBeCloseTo(0.625, 10); // NPS 25
    expect(c["payment_issues"]!.score).toBeCloseTo(0.5, 10); // one overdue invoice
    expect(c["recency"]!.score).toBeCloseTo(1 - 5 / 14, 10);
    expect(c["identity_adoption"]!.score).toBe(0);
    // 10 + 3.75 + 6 + 6.4 + 6.25 + 5 + 6.4286 + 0 = 43.83
    expect(row.ownScore).toBe(44);
    expect(c["seat_utilization"]!.impact).toBeCloseTo(-10, 10);
    expect(c["usage_trend"]!.impact).toBeCloseTo(-11.25, 10);
    const total = Object.values(c).reduce((a, i) => a + i.impact, 100);
    expect(total).toBeCloseTo(43.828571, 5);
  });

  it("leaves out components that do not apply and rescales the rest", async () => {
    const row = await scoreOf(child.id);
    const c = items(row.components);
    expect(c["nps"]!.weight).toBe(0);
    expect(c["nps"]!.score).toBeNull();
    // support 10 + payments 10 of 90 applicable points = 22.2
    expect(row.score).toBe(22);
    expect(row.risk).toBe("high");
  });

  it("rolls a parent up from its subtree, ARR-weighted", async () => {
    const row = await scoreOf(parent.id);
    // (43.8286 × 120,000 + 22.2222 × 40,000) / 160,000 = 38.43
    expect(row.score).toBe(38);
    expect(row.risk).toBe("high");
  });

  it("recomputes one customer's tree on demand, idempotently", async () => {
    expect(await recomputeHealth(db, { asOf, organizationId: child.id })).toBe(2);
    expect(await recomputeHealth(db, { asOf, organizationId: other.id })).toBe(1);
    expect(await db.healthScore.count({ where: { scoredOn: asOf } })).toBe(3);
  });

  it("explains the breakdown in sentences, costliest first", async () => {
    await db.healthScore.updateMany({ where: { organizationId: parent.id }, data: { scoredOn: new Date(new Date().toISOString().slice(0, 10)) } });
    const card = await healthCard(db, parent.id);
    expect(card.breakdown[0]!.reason).toBe("−11: usage trend −20% vs previous 30 days");
    expect(card.breakdown.map((b) => b.reason)).toContain("−10: seat utilization 40% (20 of 50 seats)");
  });
});
