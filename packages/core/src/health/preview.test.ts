import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { healthConfig, type THealthConfig } from "./config.ts";
import { addDays, insertRollup } from "./fixtures.ts";
import { previewHealthConfig } from "./preview.ts";

const { db } = await createTestDatabase();
const asOf = new Date("2026-11-20T00:00:00Z");

// Neither has a contract or NPS answers, so 70 of the default 100 points apply.
// Quiet: only support (10) and payments (10) score: 20 / 70 = 29, high risk (< 50).
await db.organization.create({ data: { name: "Quiet Co", slug: "quiet-co", plan: "enterprise", isEnterprise: true } });
// Busy: also usage growth (15) and recency 5 days of 14 (6.43): 41.43 / 70 = 59 of its own; its child
// scores like Quiet (29), and without ARR the roll-up is the plain mean: 44, high risk.
const busy = await db.organization.create({ data: { name: "Busy Co", slug: "busy-co", plan: "enterprise", isEnterprise: true }, select: { id: true } });
await insertRollup(db, busy.id, "api_calls", addDays(asOf, -5), 800);
// A child organization is scored but is not a customer of its own.
await db.organization.create({ data: { name: "Busy EU", slug: "busy-eu", plan: "enterprise", isEnterprise: true, parentId: busy.id } });

const current = await healthConfig(db);
const base: THealthConfig = { weights: current.weights, thresholds: current.thresholds, rollup: current.rollup };

describe("health configuration preview", () => {
  it("counts today's bands under the current configuration when nothing changes", async () => {
    const preview = await previewHealthConfig(db, base, asOf);
    expect(preview.customers).toBe(2);
    expect(preview.bandsBefore).toEqual({ high: 2, medium: 0, low: 0 });
    expect(preview.bandsAfter).toEqual({ high: 2, medium: 0, low: 0 });
    expect(preview.changed).toEqual([]);
  });

  it("names the customers a lower at-risk threshold moves, with both scores", async () => {
    const preview = await previewHealthConfig(db, { ...base, thresholds: { ...base.thresholds, high_risk_below: 40 } }, asOf);
    expect(preview.bandsAfter).toEqual({ high: 1, medium: 1, low: 0 });
    expect(preview.changed).toEqual([{ organizationId: busy.id, name: "Busy Co", scoreBefore: 44, riskBefore: "high", scoreAfter: 44, riskAfter: "medium" }]);
  });

  it("rescores with another roll-up: Busy Co on its own score", async () => {
    const preview = await previewHealthConfig(db, { ...base, rollup: "own" }, asOf);
    expect(preview.changed.map((c) => [c.name, c.scoreBefore, c.scoreAfter, c.riskAfter])).toEqual([["Busy Co", 44, 59, "medium"]]);
  });

  it("rescores with new weights: all weight on support and payments makes both healthy", async () => {
    const weights = { ...Object.fromEntries(Object.keys(base.weights).map((k) => [k, 0])), support_load: 50, payment_issues: 50 } as THealthConfig["weights"];
    const preview = await previewHealthConfig(db, { ...base, weights }, asOf);
    expect(preview.bandsAfter).toEqual({ high: 0, medium: 0, low: 2 });
    expect(preview.changed.map((c) => [c.name, c.riskBefore, c.scoreAfter, c.riskAfter])).toEqual([
      ["Busy Co", "high", 100, "low"],
      ["Quiet Co", "high", 100, "low"],
    ]);
  });

  it("keeps nothing: the configuration and the stored scores are as before", async () => {
    const after = await healthConfig(db);
    expect({ weights: after.weights, thresholds: after.thresholds, rollup: after.rollup }).toEqual(base);
    expect(await db.healthScore.count()).toBe(0);
  });

  it("refuses weights that do not add up to 100", async () => {
    await expect(previewHealthConfig(db, { ...base, weights: { ...base.weights, nps: 50 } }, asOf)).rejects.toThrow(/add up to 100/);
  });
});
