import type { Permission } from "@atrium/rbac";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";

export interface MyAccess {
  /** The caller's own role here (null when it reaches them only by inheritance, or is unknown yet). */
  role: { key: string; name: string; custom: boolean } | null;
  can(permission: Permission): boolean;
  isOwner: boolean;
  /** True until the answer (or a refusal) has arrived. */
  isPending: boolean;
}

/**
 * What the signed-in user may do in an organization, to hide or disable what
 * they cannot. The server checks every call anyway; a refusal to tell (a role
 * without org:read) means "nothing".
 */
export function useMyAccess(orgId: string): MyAccess {
  const mine = useQuery(trpc.access.mine.queryOptions({ orgId }));
  return useMemo(() => {
    const permissions = new Set(mine.data?.permissions ?? []);
    const role = mine.data?.role ?? null;
    return {
      role,
      can: (permission: Permission) => permissions.has(permission),
      isOwner: role?.key === "owner" && !role.custom,
      isPending: mine.isPending,
    };
  }, [mine.data, mine.isPending]);
}
