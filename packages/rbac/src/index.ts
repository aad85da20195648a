export {
  PERMISSION_CATEGORIES,
  PERMISSIONS,
  describePermission,
  isPermission,
  type Permission,
  type PermissionCategory,
  type PermissionDefinition,
} from "./permissions.ts";
export {
  ROLE_DESCRIPTIONS,
  SYSTEM_ROLES,
  roleName,
  rolePermissions,
  systemRolePermissions,
  systemRoleRank,
  type CustomRole,
  type Role,
  type SystemRoleName,
} from "./roles.ts";
export { decide, type Decision, type DecisionContext, type Resource, type RoleAssignment, type Subject } from "./decide.ts";
