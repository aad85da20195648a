import { AUDIT_ACTIONS, auditStats, listExports, recordAudit, requestExport, searchAudit, verifyAuditChain } from "@atrium/core/audit";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZAuditFilter } from "../schemas.ts";

const ZEvent = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  occurredAt: z.date(),
  action: z.string(),
  status: z.enum(["success", "denied", "error"]),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  impersonatorId: z.string().nullable(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  /** The resource's name when it is one of this organization's (see auditResourceNames). */
  resourceName: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  personal: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

const ZExport = z.object({
  id: z.uuid(),
  format: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  totalRows: z.number().int().nullable(),
  rowsDone: z.number().int(),
  bytes: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const eventsRouter = router({
  /** The catalog of actions, for filters. */
  actions: permissionProcedure("audit:read")
    .output(z.array(z.object({ action: z.string(), description: z.string() })))
    .query(() => Object.entries(AUDIT_ACTIONS).map(([action, description]) => ({ action, description }))),

  search: permissionProcedure("audit:read")
    .input(ZAuditFilter.extend({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.object({ rows: z.array(ZEvent), nextCursor: z.string().nullable() }))
    .query(({ ctx, input: { cursor, limit, orgId: _orgId, ...filter } }) => searchAudit(ctx.db, ctx.access.organization.id, filter, { cursor, limit })),

  stats: permissionProcedure("audit:read")
    .input(ZAuditFilter)
    .output(
      z.object({
        byAction: z.array(z.object({ action: z.string(), count: z.number().int() })),
        byDay: z.array(z.object({ day: z.string(), success: z.number().int(), denied: z.number().int(), error: z.number().int() })),
      }),
    )
    .query(({ ctx, input: { orgId: _orgId, ...filter } }) => auditStats(ctx.db, ctx.access.organization.id, filter)),

  /** Recomputes the organization's hash chain; the check itself is audited with its result. */
  verify: permissionProcedure("audit:verify")
    .output(
      z.object({
        ok: z.boolean(),
        checked: z.number().int(),
        firstBroken: z.object({ seq: z.number().int(), id: z.string(), problem: z.enum(["hash", "link", "gap", "personal"]) }).optional(),
      }),
    )
    .mutation(async ({ ctx }) => {
      const result = await verifyAuditChain(ctx.db, ctx.access.organization.id);
      await recordAudit(ctx.db, ctx.actor, {
        action: "audit.verify",
        organizationId: ctx.access.organization.id,
        status: result.ok ? "success" : "error",
        resource: { type: "audit_log" },
        details: { ok: result.ok, checked: result.checked, ...(result.firstBroken ? { firstBroken: { ...result.firstBroken } } : {}) },
      });
      return result;
    }),

  exports: permissionProcedure("audit:export")
    .output(z.array(ZExport))
    .query(({ ctx }) => listExports(ctx.db, ctx.access.organization.id)),

  /** Starts a background export; its progress shows in `exports`, its file at /api/orgs/:orgId/audit/exports/:id/download. */
  startExport: permissionProcedure("audit:export")
    .input(ZAuditFilter.extend({ format: z.enum(["csv", "ndjson"]) }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input: { orgId: _orgId, format, ...filter } }) => requestExport(ctx.db, ctx.actor, ctx.access.organization.id, format, filter)),
});
