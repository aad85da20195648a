import { isSystemRole } from "@atrium/rbac";
import { ROLE_LABELS } from "@atrium/ui";

/** What people read for a role: "Admin" for a system role, the custom role's own name otherwise. */
export function roleLabel(role: { key: string; name: string; custom: boolean }): string {
  return !role.custom && isSystemRole(role.key) ? ROLE_LABELS[role.key] : role.name;
}
