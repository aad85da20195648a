import type { SystemRoleName } from "@atrium/rbac";

/**
 * How a role is named across the API: `key` is the system role's name or the
 * custom role's id; `name` is what people read.
 */
export interface RoleRef {
  key: string;
  name: string;
  custom: boolean;
}

export function roleRefOf(role: SystemRoleName | null, customRole: { id: string; name: string } | null): RoleRef {
  if (customRole) return { key: customRole.id, name: customRole.name, custom: true };
  return { key: role!, name: role!, custom: false };
}
