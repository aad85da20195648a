import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";

/**
 * Whether the organization is archived, from the caller's list of organizations: an archived
 * organization is read-only, so its pages show what it holds but offer no change. False while the
 * list loads (the server refuses a change to an archived organization whatever the page offers).
 */
export function useOrgArchived(orgId: string): boolean {
  const { data: orgs = [] } = useQuery(trpc.org.list.queryOptions());
  return orgs.find((o) => o.id === orgId)?.status === "archived";
}
