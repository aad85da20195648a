import type { AppRouter } from "@atrium/api";
import { PERMISSIONS, type Permission } from "@atrium/rbac";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type Workspace = Outputs["workspaces"]["list"][number];
export type Grant = Outputs["workspaces"]["grants"][number];

/** What a workspace grant can give: the workspace_content permissions, in catalog order. */
export const WORKSPACE_PERMISSIONS = PERMISSIONS.filter((p) => p.name.startsWith("workspace_content:"));

/** "workspace_content:read" → "read". */
export const shortPermission = (p: Permission | string) => p.replace(/^workspace_content:/, "");
