/**
 * The member cards of the page (member activity, top members): their queries, what they draw
 * (the shared cards of @atrium/ui/analytics) and what they put in the CSV export.
 */
import { MemberActivityCard, TopMembersCard } from "@atrium/ui/analytics";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { trpc } from "../../lib/api.ts";
import { previousOf, type DayRange } from "./search.ts";
import type { CsvSection } from "./types.ts";

export function useMemberQueries(orgId: string, range: DayRange, subtree: boolean, compare: boolean) {
  const current = useQuery({ ...trpc.analytics.members.queryOptions({ orgId, ...range, subtree }), placeholderData: keepPreviousData });
  const previous = useQuery({ ...trpc.analytics.members.queryOptions({ orgId, ...previousOf(range), subtree }), enabled: compare, placeholderData: keepPreviousData });
  return { current, previous: compare ? previous : undefined };
}

type Members = ReturnType<typeof useMemberQueries>;
type MemberData = NonNullable<Members["current"]["data"]>;

export function MemberActivitySection({ members, controls }: { members: Members; controls: ReactNode }) {
  const data = members.current.data!;
  return <MemberActivityCard data={data} previous={members.previous?.data} controls={controls} />;
}

export function TopMembersSection({ members, controls }: { members: Members; controls: ReactNode }) {
  return <TopMembersCard rows={members.current.data!.topMembers} controls={controls} />;
}

export function memberActivityCsv(data: MemberData, previous: MemberData | undefined): CsvSection[] {
  const figures: [string, keyof MemberData][] = [
    ["Members", "members"],
    ["Active", "active"],
    ["Inactive", "inactive"],
    ["Never signed in", "neverSignedIn"],
    ["Activation rate", "activationRate"],
  ];
  return [
    {
      title: "Member activity",
      header: previous ? ["Figure", "Value", "Previous period"] : ["Figure", "Value"],
      rows: figures.map(([label, key]) => [label, data[key] as number | null, ...(previous ? [previous[key] as number | null] : [])]),
    },
    {
      title: "Daily active members",
      header: previous ? ["Day", "Active members", "Previous period day", "Active members (previous)"] : ["Day", "Active members"],
      rows: data.daily.map((d, i) => [d.day, d.active, ...(previous ? [previous.daily[i]?.day ?? null, previous.daily[i]?.active ?? null] : [])]),
    },
  ];
}

export function topMembersCsv(data: MemberData): CsvSection[] {
  return [{ title: "Top members", header: ["Member", "E-mail", "Actions", "Last active"], rows: data.topMembers.map((m) => [m.name, m.email, m.actions, m.lastActiveAt]) }];
}
