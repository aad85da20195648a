import { AreaChart } from "@mantine/charts";
import { SimpleGrid, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { chartDefaults } from "../charts/index.ts";
import { formatDate, formatNumber, formatPercent } from "@atrium/format";
import { StatCard } from "../stat-card.tsx";
import { AnalyticsCard } from "./analytics-card.tsx";
import { changeLabel } from "./figures.ts";

/** The member-activity figures a card draws (the API's `analytics.members` answer fits). */
export interface MemberActivityData {
  from: string;
  to: string;
  members: number;
  active: number;
  inactive: number;
  neverSignedIn: number;
  activationRate: number | null;
  daily: readonly { day: string; active: number }[];
}

/** The definitions, said once for the page's info line and the card. */
export const MEMBER_ACTIVITY_DEFINITIONS =
  "Active: signed in, used a session or did something recorded in the audit log during the range. Never signed in: no sign-in ever. Activation rate: members who ever signed in, out of all members.";

/**
 * Member activity: members, active, inactive, never signed in and activation rate, and daily
 * active members as a chart — with the previous period of the same length beside them when given.
 */
export function MemberActivityCard({ data, previous, controls }: { data: MemberActivityData; previous?: MemberActivityData | undefined; controls?: ReactNode }) {
  const rows = data.daily.map((d, i) => ({ day: formatDate(d.day), active: d.active, ...(previous ? { previous: previous.daily[i]?.active ?? 0 } : {}) }));
  const series = [{ name: "active", label: "Active members", color: "indigo.6" }, ...(previous ? [{ name: "previous", label: "Previous period", color: "gray.5" }] : [])];
  const change = (current: number, before: number | undefined) => (previous ? changeLabel(current, before) : undefined);
  return (
    <AnalyticsCard title="Member activity" description="From sign-ins, sessions and the audit log; the definitions are above." controls={controls}>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        <StatCard size="md" label="Members" value={formatNumber(data.members)} detail={change(data.members, previous?.members)} />
        <StatCard size="md" label="Active" value={formatNumber(data.active)} detail={change(data.active, previous?.active)} />
        <StatCard size="md" label="Inactive" value={formatNumber(data.inactive)} detail={change(data.inactive, previous?.inactive)} />
        <StatCard size="md" label="Never signed in" value={formatNumber(data.neverSignedIn)} />
        <StatCard size="md" label="Activation rate" value={formatPercent(data.activationRate)} />
      </SimpleGrid>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">No days in this range.</Text>
      ) : (
        <div role="img" aria-label={`Daily active members from ${formatDate(data.from)} to ${formatDate(data.to)}`}>
          <AreaChart
            h={200}
            data={rows}
            dataKey="day"
            series={series}
            curveType="monotone"
            withDots={false}
            {...chartDefaults({ data: rows, series, integer: true })}
            gridAxis="y"
            tickLine="none"
          />
        </div>
      )}
    </AnalyticsCard>
  );
}
