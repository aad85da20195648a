/**
 * The person's layout of the page: read from the server (the default until saved), changed by
 * pin, hide, show and move, each change saved at once. Saving is an Enterprise feature: below it
 * the server answers 402 and the page shows the upgrade prompt, keeping the layout it had.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";
import { trpc } from "../../lib/api.ts";

export type Layout = inferRouterOutputs<AppRouter>["analytics"]["layout"]["get"];
export type CardId = Layout["cards"][number]["id"];
type Card = Layout["cards"][number];

/** The cards in display order: pinned first, then the rest, each group in the saved order. */
export function displayOrder(cards: readonly Card[]): Card[] {
  return [...cards.filter((c) => c.pinned), ...cards.filter((c) => !c.pinned)];
}

export function useLayout(orgId: string) {
  const queryClient = useQueryClient();
  const options = trpc.analytics.layout.get.queryOptions({ orgId });
  const layout = useQuery(options);
  const save = useMutation(
    trpc.analytics.layout.save.mutationOptions({ onSuccess: (saved) => queryClient.setQueryData(options.queryKey, saved) }),
  );
  const reset = useMutation(trpc.analytics.layout.reset.mutationOptions({ onSuccess: (saved) => queryClient.setQueryData(options.queryKey, saved) }));

  const change = (edit: (cards: Card[]) => Card[]) => {
    if (!layout.data) return;
    save.mutate({ orgId, cards: edit(displayOrder(layout.data.cards)) });
  };
  const update = (id: CardId, patch: Partial<Card>) => change((cards) => cards.map((c) => (c.id === id ? { ...c, ...patch } : c)));
  /** Moves a card one place up or down among the visible cards of its group (pinned or not). */
  const move = (id: CardId, by: -1 | 1) =>
    change((cards) => {
      const card = cards.find((c) => c.id === id);
      if (!card) return cards;
      const peers = cards.filter((c) => c.pinned === card.pinned && !c.hidden);
      const target = peers[peers.indexOf(card) + by];
      if (!target) return cards;
      const next = [...cards];
      const [a, b] = [next.indexOf(card), next.indexOf(target)];
      [next[a], next[b]] = [target, card];
      return next;
    });

  return {
    layout,
    save,
    reset,
    pin: (id: CardId, pinned: boolean) => update(id, { pinned }),
    hide: (id: CardId, hidden: boolean) => update(id, { hidden }),
    move,
  };
}
