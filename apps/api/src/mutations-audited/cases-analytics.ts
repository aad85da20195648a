import type { Case, Sweep } from "./sweep.ts";

/**
 * The audited-mutations sweep's cases for the analytics page. Layouts are every reader's own
 * (a viewer may save theirs), so their refusal is the plan gate: Soylent is on Team, and
 * saving a layout is an Enterprise feature (402, audited as access.denied).
 */
export function analyticsCases({ api, acme, signedInAs }: Sweep): Record<string, Case> {
  const soylent = api.demo.organizations["soylent"]!;
  const soylentOwner = signedInAs("ops@soylent.example");
  const cards = [{ id: "top_members", pinned: true, hidden: false }];
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    "analytics.layout.save": { input: () => ({ orgId: acme, cards }), refused: { as: soylentOwner, input: () => ({ orgId: soylent, cards }) } },
    "analytics.layout.reset": { input: () => ({ orgId: acme }), refused: { as: soylentOwner, input: () => ({ orgId: soylent }) } },
    "analytics.export": { input: () => ({ orgId: acme, from: day(-29), to: day(0), cards: ["member_activity"] }) },
  };
}
