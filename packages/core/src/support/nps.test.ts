/**
 * The customer card's NPS and the health score's NPS component are one
 * computation: a customer's answers across its subtree, last 90 days.
 */
import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import type { StoredComponent } from "../health/explain.ts";
import { recomputeHealth } from "../health/recompute.ts";
import { npsSummary } from "./nps.ts";

const { db } = await createTestDatabase();
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000);
const root = await db.organization.create({ data: { name: "Nps Co", slug: "nps-co", plan: "enterprise", isEnterprise: true }, select: { id: true } });
const child = await db.organization.create({ data: { name: "Nps EU", slug: "nps-eu", plan: "enterprise", isEnterprise: true, parentId: root.id }, select: { id: true } });

// Root: 10, 10, 9, 9, 5 → NPS 60 alone. Child: 3, 2, 9, 6 → with the root's: 5 promoters, 4 detractors of 9 → 11.
for (const score of [10, 10, 9, 9, 5]) await db.npsResponse.create({ data: { organizationId: root.id, score, createdAt: day(-3) } });
for (const score of [3, 2, 9, 6]) await db.npsResponse.create({ data: { organizationId: child.id, score, createdAt: day(-20) } });
await db.npsResponse.create({ data: { organizationId: root.id, score: 0, createdAt: day(-95) } }); // outside the window

describe("NPS", () => {
  it("gives the customer card and the health component the same number from the same answers", async () => {
    await recomputeHealth(db, { asOf: today, organizationId: root.id });
    const row = await db.healthScore.findFirstOrThrow({ where: { organizationId: root.id }, orderBy: { scoredOn: "desc" }, select: { components: true } });
    const component = (row.components as unknown as { items: StoredComponent[] }).items.find((i) => i.key === "nps")!;
    const card = await npsSummary(db, root.id, today);
    expect({ nps: card.nps, responses: card.responses }).toEqual({ nps: 11, responses: 9 });
    expect(component.inputs).toMatchObject({ nps: 11, responses: 9 });
    expect(card.recent).toHaveLength(9);
  });

  it("scores a child organization from its own subtree only", async () => {
    const card = await npsSummary(db, child.id, today);
    expect({ nps: card.nps, responses: card.responses }).toEqual({ nps: -50, responses: 4 });
    const row = await db.healthScore.findFirstOrThrow({ where: { organizationId: child.id }, orderBy: { scoredOn: "desc" }, select: { components: true } });
    expect((row.components as unknown as { items: StoredComponent[] }).items.find((i) => i.key === "nps")!.inputs).toMatchObject({ nps: -50, responses: 4 });
  });
});
