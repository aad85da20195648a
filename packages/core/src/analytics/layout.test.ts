import { describe, expect, it } from "vitest";
import { actorForUser, systemActor } from "../actor.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { ANALYTICS_CARDS, getAnalyticsLayout, resetAnalyticsLayout, saveAnalyticsLayout, type TAnalyticsCard } from "./layout.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const globex = demo.organizations["globex"]!;
const userId = demo.users["admin@acme.example"]!;
const owner = actorForUser({ id: userId, email: "admin@acme.example", platformRole: null }, { ip: "198.51.100.7" }, false);
const defaults = ANALYTICS_CARDS.map((id) => ({ id, pinned: false, hidden: false }));

describe("analytics layouts", () => {
  it("reads the default layout until one is saved, then the saved one, per person and organization", async () => {
    expect(await getAnalyticsLayout(db, acme, userId)).toEqual({ cards: defaults, isDefault: true, updatedAt: null });
    const cards: TAnalyticsCard[] = [
      { id: "member_activity", pinned: true, hidden: false },
      { id: "quality", pinned: false, hidden: true },
      ...defaults.filter((c) => c.id !== "member_activity" && c.id !== "quality"),
    ];
    await saveAnalyticsLayout(db, owner, acme, cards);
    expect((await getAnalyticsLayout(db, acme, userId)).cards).toEqual(cards);
    expect((await getAnalyticsLayout(db, globex, userId)).isDefault).toBe(true);
    expect((await getAnalyticsLayout(db, acme, demo.users["sam.patel@acme.example"]!)).isDefault).toBe(true);

    const event = await db.auditEvent.findFirstOrThrow({ where: { organizationId: acme, action: "analytics.layout_save" }, orderBy: { seq: "desc" } });
    expect(event).toMatchObject({ actorId: userId, resourceType: "analytics_layout", resourceId: userId, status: "success" });
    expect(event.details).toEqual({ order: cards.map((c) => c.id), pinned: ["member_activity"], hidden: ["quality"] });
  });

  it("completes a saved layout with the cards it lacks, after the saved ones", async () => {
    const saved = await saveAnalyticsLayout(db, owner, acme, [{ id: "top_members", pinned: true, hidden: false }]);
    expect(saved.cards.map((c) => c.id)).toEqual(["top_members", ...ANALYTICS_CARDS.filter((id) => id !== "top_members")]);
    // A card stored by an older page that no longer exists is dropped on read.
    await db.analyticsLayout.update({ where: { organizationId_userId: { organizationId: acme, userId } }, data: { cards: [{ id: "retired_card", pinned: true, hidden: false }, ...saved.cards] } });
    expect((await getAnalyticsLayout(db, acme, userId)).cards).toEqual(saved.cards);
  });

  it("refuses unknown cards, a card twice and callers without a person, writing nothing", async () => {
    const before = await db.auditEvent.count({ where: { organizationId: acme, action: "analytics.layout_save" } });
    await expect(saveAnalyticsLayout(db, owner, acme, [{ id: "nope" as "quality", pinned: false, hidden: false }])).rejects.toThrow("That card is not on the analytics page.");
    await expect(
      saveAnalyticsLayout(db, owner, acme, [
        { id: "quality", pinned: false, hidden: false },
        { id: "quality", pinned: true, hidden: false },
      ]),
    ).rejects.toThrow("Each card can appear only once.");
    await expect(saveAnalyticsLayout(db, systemActor("test"), acme, defaults)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.auditEvent.count({ where: { organizationId: acme, action: "analytics.layout_save" } })).toBe(before);
  });

  it("resets to the default layout, audited", async () => {
    expect(await resetAnalyticsLayout(db, owner, acme)).toEqual({ cards: defaults, isDefault: true, updatedAt: null });
    expect((await getAnalyticsLayout(db, acme, userId)).isDefault).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { organizationId: acme, action: "analytics.layout_reset" } });
    expect(event.details).toEqual({ hadSavedLayout: true });
  });
});
