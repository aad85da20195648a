/**
 * Saved layouts of the analytics page: per person and organization, the cards
 * in their order, each pinned or hidden. Everyone who may read analytics reads
 * their layout (the default until they save one); saving is an Enterprise
 * feature (the API's permission `analytics:personalize`) and is audited.
 *
 * The stored list is validated against the known cards (each once); a card
 * added to the page later than a saved layout appears after the saved ones,
 * neither pinned nor hidden, so a new card is never lost to an old layout.
 */
import type { Db } from "@atrium/db";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

/** The page's cards, in their default order. */
export const ANALYTICS_CARDS = [
  "usage_by_metric",
  "usage_by_operation",
  "cost_by_operation",
  "member_activity",
  "top_members",
  "top_resources",
  "quality",
] as const;
export type AnalyticsCardId = (typeof ANALYTICS_CARDS)[number];

export const ZAnalyticsCard = z.object({
  id: z.enum(ANALYTICS_CARDS, { error: "That card is not on the analytics page." }),
  pinned: z.boolean(),
  hidden: z.boolean(),
});
export type TAnalyticsCard = z.infer<typeof ZAnalyticsCard>;

export const ZAnalyticsLayoutCards = z
  .array(ZAnalyticsCard)
  .max(ANALYTICS_CARDS.length)
  .refine((cards) => new Set(cards.map((c) => c.id)).size === cards.length, { error: "Each card can appear only once." });

export interface AnalyticsLayout {
  cards: TAnalyticsCard[];
  /** True when this is the default layout (nothing saved). */
  isDefault: boolean;
  updatedAt: Date | null;
}

export const defaultAnalyticsLayout = (): TAnalyticsCard[] => ANALYTICS_CARDS.map((id) => ({ id, pinned: false, hidden: false }));

/** A stored list completed with the cards it lacks (appended in default order); unknown entries dropped. */
function complete(stored: unknown): TAnalyticsCard[] {
  const cards = (Array.isArray(stored) ? stored : []).flatMap((c) => {
    const parsed = ZAnalyticsCard.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
  const seen = new Set<string>();
  const unique = cards.filter((c) => !seen.has(c.id) && seen.add(c.id));
  return [...unique, ...defaultAnalyticsLayout().filter((c) => !seen.has(c.id))];
}

export async function getAnalyticsLayout(db: Db, organizationId: string, userId: string): Promise<AnalyticsLayout> {
  const row = await db.analyticsLayout.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { cards: true, updatedAt: true } });
  if (!row) return { cards: defaultAnalyticsLayout(), isDefault: true, updatedAt: null };
  return { cards: complete(row.cards), isDefault: false, updatedAt: row.updatedAt };
}

/** The person whose layout this is: a signed-in user (staff included); an API key has none. */
function personOf(actor: Actor): string {
  if (actor.type !== "user" && actor.type !== "staff") throw new AppError("BAD_REQUEST", { userMessage: "Only a signed-in person has an analytics layout." });
  return actor.userId;
}

/** Saves the actor's layout for the organization and records `analytics.layout_save`, in one transaction. */
export async function saveAnalyticsLayout(db: Db, actor: Actor, organizationId: string, cards: TAnalyticsCard[]): Promise<AnalyticsLayout> {
  const userId = personOf(actor);
  const valid = complete(ZAnalyticsLayoutCards.parse(cards));
  return db.$transaction(async (tx) => {
    const row = await tx.analyticsLayout.upsert({
      where: { organizationId_userId: { organizationId, userId } },
      create: { organizationId, userId, cards: valid },
      update: { cards: valid, updatedAt: new Date() },
      select: { updatedAt: true },
    });
    await recordAudit(tx, actor, {
      action: "analytics.layout_save",
      organizationId,
      resource: { type: "analytics_layout", id: userId },
      details: {
        order: valid.map((c) => c.id),
        pinned: valid.filter((c) => c.pinned).map((c) => c.id),
        hidden: valid.filter((c) => c.hidden).map((c) => c.id),
      },
    });
    return { cards: valid, isDefault: false, updatedAt: row.updatedAt };
  });
}

/** Drops the actor's saved layout (the default applies again) and records `analytics.layout_reset`. */
export async function resetAnalyticsLayout(db: Db, actor: Actor, organizationId: string): Promise<AnalyticsLayout> {
  const userId = personOf(actor);
  return db.$transaction(async (tx) => {
    const { count } = await tx.analyticsLayout.deleteMany({ where: { organizationId, userId } });
    await recordAudit(tx, actor, {
      action: "analytics.layout_reset",
      organizationId,
      resource: { type: "analytics_layout", id: userId },
      details: { hadSavedLayout: count > 0 },
    });
    return { cards: defaultAnalyticsLayout(), isDefault: true, updatedAt: null };
  });
}

/**
 * Records that the actor exported what the page showed (the CSV is built in the browser from the
 * figures it already holds): `analytics.export` with the range and the cards, before the download.
 */
export async function recordAnalyticsExport(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: { from: string; to: string; subtree: boolean; cards: AnalyticsCardId[] },
): Promise<void> {
  await recordAudit(db, actor, {
    action: "analytics.export",
    organizationId,
    resource: { type: "analytics", id: organizationId },
    details: { from: input.from, to: input.to, subtree: input.subtree, cards: input.cards },
  });
}
