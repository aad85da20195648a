import { SYSTEM_ROLES } from "@atrium/rbac";
import { ROLE_LABELS } from "@atrium/ui";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";

export interface RoleOptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

/**
 * Roles to offer in a select, grouped: the system roles, then the
 * organization's custom roles. `forAssigning` drops what the caller could not
 * give (owner unless they are one; custom roles without roles:assign).
 */
export function useRoleOptions(orgId: string, { forAssigning }: { forAssigning: boolean }): RoleOptionGroup[] {
  const access = useMyAccess(orgId);
  const roles = useQuery(trpc.roles.list.queryOptions(access.can("roles:read") ? { orgId } : skipToken));
  return useMemo(() => {
    const system = SYSTEM_ROLES.filter((r) => !forAssigning || r !== "owner" || access.isOwner).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
    const custom = (roles.data ?? [])
      .filter((r) => r.custom && (!forAssigning || access.can("roles:assign")))
      .map((r) => ({ value: r.key, label: r.name }));
    return [
      { group: "System roles", items: system },
      ...(custom.length ? [{ group: "Custom roles", items: custom }] : []),
    ];
  }, [roles.data, forAssigning, access]);
}
