/**
 * The member cards of the page (member activity, top members): their queries, what they draw
 * (the shared cards of @atrium/ui/analytics) and what they put in the CSV export.
 */
import { MemberActivityCard, TopMembersCard } from "@atrium/ui/analytics";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { previousOf, type DayRange } from "./search.ts";
import { cardOf, present, type CsvSection, type PageCard } from "./cards.tsx";
import type { CardId } from "./use-layout.ts";

export function useMemberQueries(orgId: string, range: DayRange, subtree: boolean, compare: boolean) {
  const current = useQuery({ ...trpc.analytics.members.queryOptions({ orgId, ...range, subtree }), placeholderData: keepPreviousData });
  const previous = useQuery({ ...trpc.analytics.members.queryOptions({ orgId, ...previousOf(range), subtree }), enabled: compare, placeholderData: keepPreviousData });
  return { current, previous: compare ? previous : undefined };
}

type Members = ReturnType<typeof useMemberQueries>;

/** The member cards, from the member-activity query (the same answer feeds both). */
export function memberCards(members: Members): Partial<Record<CardId, PageCard>> {
  return present<CardId>({
    member_activity: cardOf(
      "Member activity",
      members.current,
      (data, controls) => <MemberActivityCard data={data} previous={members.previous?.data} controls={controls} />,
      (data) => memberActivityCsv(data, members.previous?.data),
    ),
    top_members: cardOf("Top members", members.current, (data, controls) => <TopMembersCard rows={data.topMembers} controls={controls} />, topMembersCsv),
  });
}

type MemberData = NonNullable<Members["current"]["data"]>;

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
