import { errorMessage, QueryView } from "@atrium/ui";
import { MEMBER_ACTIVITY_DEFINITIONS } from "@atrium/ui/analytics";
import { downloadCsv, toCsvSections } from "@atrium/ui/csv";
import { Alert, Badge, Button, Group, Menu, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { needsUpgrade, UpgradePrompt } from "../../lib/upgrade-prompt.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { CardControls } from "./card-controls.tsx";
import { memberCards, useMemberQueries } from "./member-cards.tsx";
import { RangeFilter } from "./range-filter.tsx";
import { rangeOf, type TAnalyticsSearch } from "./search.ts";
import type { PageCard } from "./cards.tsx";
import { displayOrder, useLayout, type CardId } from "./use-layout.ts";
import { useLiveAnalytics, type LiveState } from "./use-live.ts";
import { useUsageCards } from "./usage-cards.tsx";

const analyticsRoute = getRouteApi("/app/orgs/$orgId/analytics");

const LIVE_BADGE: Record<Exclude<LiveState, "off">, { label: string; color: string }> = {
  connecting: { label: "Connecting…", color: "gray" },
  live: { label: "Live", color: "green" },
  reconnecting: { label: "Reconnecting…", color: "yellow" },
  ended: { label: "Live updates stopped", color: "red" },
};

/**
 * The organization's analytics: usage, cost, member activity, top members and resources, error
 * rate and latency over a range kept in the URL, optionally beside the previous period; cards the
 * person pins, hides and reorders (saved on the server, Enterprise); CSV of what is shown; live
 * refetch when usage is recorded (Enterprise).
 */
export function AnalyticsPage() {
  const { orgId } = analyticsRoute.useParams();
  const search = analyticsRoute.useSearch();
  const navigate = analyticsRoute.useNavigate();
  const access = useMyAccess(orgId);
  const range = rangeOf(search);
  const onSearch = (patch: Partial<TAnalyticsSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  const plan = useQuery(trpc.org.plan.queryOptions({ orgId }));
  const liveOn = access.can("analytics:live") && (plan.data?.features.some((f) => f.feature === "analytics_live" && f.enabled) ?? false);
  const live = useLiveAnalytics(orgId, search.subtree, liveOn);
  const layout = useLayout(orgId);
  const members = useMemberQueries(orgId, range, search.subtree, search.compare);
  const usageCards = useUsageCards(orgId, range, search.subtree, search.compare);
  const exported = useMutation(trpc.analytics.export.mutationOptions());

  const cards: Partial<Record<CardId, PageCard>> = { ...usageCards, ...memberCards(members) };

  if (members.current.isError && needsUpgrade(members.current.error)) {
    return (
      <Stack gap="lg" maw={1100}>
        <Title order={1} size="h2">Analytics</Title>
        <UpgradePrompt message={errorMessage(members.current.error)} />
      </Stack>
    );
  }

  const exportCsv = async (shown: CardId[]) => {
    await exported.mutateAsync({ orgId, ...range, subtree: search.subtree, cards: shown });
    const sections = [
      { title: "Range", header: ["From", "To", "Child organizations included"], rows: [[range.from, range.to, search.subtree ? "yes" : "no"]] },
      ...shown.flatMap((id) => cards[id]?.csv() ?? []),
    ];
    downloadCsv(`analytics-${range.from}-to-${range.to}.csv`, toCsvSections(sections));
  };

  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">Analytics</Title>
          <Text c="dimmed">Usage, cost, member activity and quality of this organization{search.subtree ? " and its child organizations" : ""}. Days are UTC.</Text>
        </div>
        <Group gap="sm">
          {live.state !== "off" && (
            <Badge variant="light" color={LIVE_BADGE[live.state].color} role="status">
              {LIVE_BADGE[live.state].label}
            </Badge>
          )}
          {layout.layout.data && !layout.layout.data.isDefault && access.can("analytics:personalize") && (
            <Button variant="subtle" onClick={() => layout.reset.mutate({ orgId })} loading={layout.reset.isPending}>
              Reset layout
            </Button>
          )}
          <HiddenCardsMenu cards={layout.layout.data?.cards ?? []} titles={cards} onShow={(id) => layout.hide(id, false)} />
          {access.can("analytics:export") && layout.layout.data && (
            <Button
              variant="default"
              loading={exported.isPending}
              onClick={() => void exportCsv(displayOrder(layout.layout.data!.cards).filter((c) => !c.hidden && cards[c.id]).map((c) => c.id))}
            >
              Export CSV
            </Button>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">{MEMBER_ACTIVITY_DEFINITIONS}</Text>
      <RangeFilter search={search} onSearch={onSearch} range={range} />
      {exported.isError && <Alert color="red" role="alert">{errorMessage(exported.error)}</Alert>}
      {(layout.save.isError || layout.reset.isError) &&
        (needsUpgrade(layout.save.error ?? layout.reset.error) ? (
          <UpgradePrompt message={errorMessage(layout.save.error ?? layout.reset.error)} />
        ) : (
          <Alert color="red" role="alert">{errorMessage(layout.save.error ?? layout.reset.error)}</Alert>
        ))}
      <QueryView query={layout.layout} label="your layout">
        {(saved) => {
          const visible = displayOrder(saved.cards).filter((c) => !c.hidden);
          return visible.map((card) => {
            const entry = cards[card.id];
            if (!entry) return null;
            const peers = visible.filter((c) => c.pinned === card.pinned);
            const controls = (
              <CardControls
                id={card.id}
                title={entry.title}
                pinned={card.pinned}
                first={peers[0]?.id === card.id}
                last={peers.at(-1)?.id === card.id}
                disabled={layout.save.isPending}
                onPin={layout.pin}
                onHide={(id) => layout.hide(id, true)}
                onMove={layout.move}
              />
            );
            return <div key={card.id}>{entry.render(controls)}</div>;
          });
        }}
      </QueryView>
    </Stack>
  );
}

function HiddenCardsMenu({ cards, titles, onShow }: { cards: { id: CardId; hidden: boolean }[]; titles: Partial<Record<CardId, PageCard>>; onShow(id: CardId): void }) {
  const hidden = cards.filter((c) => c.hidden);
  if (hidden.length === 0) return null;
  return (
    <Menu>
      <Menu.Target>
        <Button variant="default">Hidden cards ({hidden.length})</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {hidden.map((c) => (
          <Menu.Item key={c.id} onClick={() => onShow(c.id)}>
            Show {titles[c.id]?.title ?? c.id.replaceAll("_", " ")}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
