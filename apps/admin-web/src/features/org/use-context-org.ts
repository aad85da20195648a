import { useParams } from "@tanstack/react-router";
import { useEffect } from "react";
import type { MyOrganization } from "./types.ts";

const KEY = "atrium.admin.lastOrg";

/**
 * The organization the console is working in: the one in the address, or —
 * on the person's own pages (two-factor, sessions, device), which belong to no
 * organization — the last one they opened (else their first), so the sidebar
 * and the organization switcher stay in place.
 */
export function useContextOrg(orgs: readonly MyOrganization[]): string | undefined {
  const { orgId } = useParams({ strict: false });
  useEffect(() => {
    if (orgId) sessionStorage.setItem(KEY, orgId);
  }, [orgId]);
  if (orgId) return orgId;
  const last = sessionStorage.getItem(KEY);
  return orgs.find((o) => o.id === last)?.id ?? orgs[0]?.id;
}
