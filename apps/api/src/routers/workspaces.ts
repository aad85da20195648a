import { authorize, contextFor } from "@atrium/core/access";
import { createWorkspace, grantWorkspaceAccess, listGrants, listWorkspaces, revokeGrant, updateWorkspace, workspaceForDecision } from "@atrium/core/workspaces";
import { decide } from "@atrium/rbac";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCondition, ZPermissionName, ZOk, ok } from "./schemas.ts";

const ZVisibility = z.enum(["private", "organization"]);

export const workspacesRouter = router({
  /** Organization-visible workspaces, and private ones the caller can open. */
  list: permissionProcedure("workspaces:read")
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          description: z.string(),
          visibility: ZVisibility,
          archived: z.boolean(),
          createdAt: z.date(),
          canRead: z.boolean(),
          canUpdate: z.boolean(),
        }),
      ),
    )
    .query(({ ctx }) => listWorkspaces(ctx.db, ctx.access, contextFor(ctx.actor, ctx.access))),

  create: permissionProcedure("workspaces:create")
    .input(z.object({ name: z.string().trim().min(1).max(200), description: z.string().trim().max(1000).default(""), visibility: ZVisibility }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createWorkspace(ctx.db, ctx.actor, ctx.access, input)),

  update: permissionProcedure("workspaces:update")
    .input(
      z.object({
        workspaceId: z.uuid(),
        name: z.string().trim().min(1).max(200).optional(),
        description: z.string().trim().max(1000).optional(),
        visibility: ZVisibility.optional(),
        archived: z.boolean().optional(),
      }),
    )
    .output(ZOk)
    .mutation(async ({ ctx, input: { workspaceId, ...input } }) => {
      await updateWorkspace(ctx.db, ctx.actor, ctx.access.organization.id, workspaceId, input);
      return { ok: true as const };
    }),

  /** Opens a workspace: decided on the workspace itself (private workspaces need a grant or workspaces:read_private). */
  open: permissionProcedure("workspaces:read")
    .input(z.object({ workspaceId: z.uuid() }))
    .output(z.object({ id: z.uuid(), name: z.string(), description: z.string(), visibility: ZVisibility, canUpdate: z.boolean(), reason: z.string() }))
    .query(async ({ ctx, input, path }) => {
      const { workspace, resource, subject } = await workspaceForDecision(ctx.db, ctx.access, input.workspaceId);
      const access = { ...ctx.access, subject };
      const decision = await authorize(ctx.db, ctx.actor, access, "workspace_content:read", { operation: path }, resource);
      const canUpdate = decide(subject, "workspace_content:update", resource, contextFor(ctx.actor, ctx.access)).allowed;
      return { id: workspace.id, name: workspace.name, description: workspace.description, visibility: workspace.visibility, canUpdate, reason: decision.reason };
    }),

  grants: permissionProcedure("grants:read")
    .input(z.object({ workspaceId: z.uuid() }))
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          subjectType: z.enum(["user", "group"]),
          subjectId: z.uuid(),
          subjectName: z.string(),
          permissions: z.array(z.string()),
          expiresAt: z.date().nullable(),
          conditions: z.array(ZCondition),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx, input }) => listGrants(ctx.db, ctx.access.organization.id, input.workspaceId)),

  grant: permissionProcedure("grants:create")
    .input(
      z.object({
        workspaceId: z.uuid(),
        subjectType: z.enum(["user", "group"]),
        subjectId: z.uuid(),
        permissions: z.array(ZPermissionName).min(1).max(10),
        expiresAt: z.date().nullable().default(null),
        conditions: z.array(ZCondition).max(10).default([]),
      }),
    )
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input, path }) => {
      await authorize(ctx.db, ctx.actor, ctx.access, "workspaces:manage_access", { operation: path });
      return grantWorkspaceAccess(ctx.db, ctx.actor, ctx.access, ctx.changer().permissions, input);
    }),

  revokeGrant: permissionProcedure("grants:revoke")
    .input(z.object({ grantId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(revokeGrant(ctx.db, ctx.actor, ctx.access.organization.id, input.grantId))),
});
