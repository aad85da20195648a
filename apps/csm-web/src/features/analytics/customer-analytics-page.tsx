import { errorMessage, QueryView } from "@atrium/ui";
import { MEMBER_ACTIVITY_DEFINITIONS, MemberActivityCard, TopMembersCard } from "@atrium/ui/analytics";
import { Alert, Anchor, Group, SegmentedControl, Stack, Switch, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { CustomerUsageCards } from "./customer-usage-cards.tsx";

const route = getRouteApi("/staff/customers/$customerId/analytics");
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * A customer's analytics as its admins see them (the same cards from @atrium/ui/analytics),
 * read-only: no layout, no export, no live updates. The range is in the URL; the customer's
 * whole subtree by default.
 */
export function CustomerAnalyticsPage() {
  const { customerId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // Today, fixed when the page opens: the range does not move under the reader while they look.
  const [now] = useState(() => Date.now());
  const days = Number.parseInt(search.range, 10);
  const range = { from: iso(now - (days - 1) * DAY), to: iso(now) };
  const previous = { from: iso(Date.parse(range.from) - days * DAY), to: iso(Date.parse(range.from) - DAY) };
  const input = { organizationId: customerId, subtree: search.subtree };
  const members = useQuery({ ...trpc.analytics.customer.members.queryOptions({ ...input, ...range }), placeholderData: keepPreviousData });
  const before = useQuery({ ...trpc.analytics.customer.members.queryOptions({ ...input, ...previous }), enabled: search.compare, placeholderData: keepPreviousData });

  return (
    <Stack gap="lg" maw={1200}>
      <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/customers/$customerId" params={{ customerId }} />}>
        ← Customer
      </Anchor>
      <div>
        <Title order={1} size="h2">Analytics</Title>
        <Text c="dimmed">The figures this customer's admins see on their analytics page, read-only. Days are UTC.</Text>
      </div>
      <Text size="sm" c="dimmed">{MEMBER_ACTIVITY_DEFINITIONS}</Text>
      <Group gap="md">
        <SegmentedControl
          aria-label="Date range"
          data={[{ value: "7d", label: "7 days" }, { value: "30d", label: "30 days" }, { value: "90d", label: "90 days" }]}
          value={search.range}
          onChange={(v) => void navigate({ search: (prev) => ({ ...prev, range: v as "7d" | "30d" | "90d" }), replace: true })}
        />
        <Switch label="Compare with the previous period" checked={search.compare} onChange={(e) => void navigate({ search: (prev) => ({ ...prev, compare: e.currentTarget.checked }), replace: true })} />
        <Switch label="Include child organizations" checked={search.subtree} onChange={(e) => void navigate({ search: (prev) => ({ ...prev, subtree: e.currentTarget.checked }), replace: true })} />
      </Group>
      {before.isError && <Alert color="red" role="alert">{errorMessage(before.error)}</Alert>}
      <CustomerUsageCards organizationId={customerId} range={range} subtree={search.subtree} compare={search.compare} />
      <QueryView query={members} label="member activity">
        {(data) => (
          <Stack gap="lg">
            <MemberActivityCard data={data} previous={search.compare ? before.data : undefined} />
            <TopMembersCard rows={data.topMembers} />
          </Stack>
        )}
      </QueryView>
    </Stack>
  );
}
