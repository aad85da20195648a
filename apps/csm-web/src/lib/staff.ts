import type { StaffPermission } from "@atrium/rbac";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "./api.ts";

/** Whether the signed-in staff member holds this permission (false while loading): the portal hides what they cannot do. */
export function useStaffPermission(permission: StaffPermission): boolean {
  const me = useQuery({ ...trpc.staff.me.queryOptions(), staleTime: 60_000 });
  return me.data?.permissions.includes(permission) ?? false;
}
