import { staffPermissions, staffRoleOf } from "@atrium/rbac";
import { getRouteApi } from "@tanstack/react-router";

const staffRoute = getRouteApi("/staff");

/** The SPA hides what the server would refuse: only a staff role with applications:manage (super admins) changes applications. */
export function useCanManageApplications(): boolean {
  const { user } = staffRoute.useRouteContext();
  const role = user.platformRole ? staffRoleOf(user.platformRole, false) : null;
  return role !== null && staffPermissions(role).has("applications:manage");
}
