/**
 * Audit downloads over plain HTTP (a browser link or curl, with the session
 * cookie or an API key): the streamed export of a search, and the file of a
 * finished background export. Both check audit:export like the procedures do.
 * Chunks are megabytes, so the stream holds one ahead of the socket, not
 * Readable.from's default sixteen.
 */
import { Readable } from "node:stream";
import { auditExportEvent, exportAudit, exportInfo, readExport } from "@atrium/core/audit";
import { authorize } from "@atrium/core/access";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { resolveOrgCaller } from "../../auth/caller.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { ZAuditFilter } from "../../routers/schemas.ts";
import { sendError } from "../errors.ts";
import { sendFile } from "../download.ts";

const ZQuery = ZAuditFilter.extend({
  format: z.enum(["csv", "ndjson"]).default("csv"),
  actions: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : undefined))
    .pipe(ZAuditFilter.shape.actions),
});

const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson" } as const;

export function registerAuditExport(app: FastifyInstance, deps: ApiDeps) {
  app.get<{ Params: { orgId: string }; Querystring: Record<string, string> }>("/api/orgs/:orgId/audit/export", async (req, reply) => {
    try {
      const orgId = z.uuid().parse(req.params.orgId);
      const { format, ...filter } = ZQuery.parse(req.query);
      const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) };
      const caller = await resolveOrgCaller({ ...deps, req, res: reply, meta }, orgId, "audit.export");
      await authorize(deps.db, caller.actor, caller.access, "audit:export", { operation: "audit.export" });
      await auditExportEvent(deps.db, caller.actor, orgId, format, filter);
      const stamp = new Date().toISOString().slice(0, 10);
      const rows = Readable.from(exportAudit(deps.db, orgId, filter, format), { highWaterMark: 1 });
      return sendFile(reply, { type: CONTENT_TYPE[format], name: `audit-${caller.access.organization.slug}-${stamp}.${format}` }, rows);
    } catch (error) {
      return sendError(reply, error);
    }
  });

  app.get<{ Params: { orgId: string; exportId: string } }>("/api/orgs/:orgId/audit/exports/:exportId/download", async (req, reply) => {
    try {
      const orgId = z.uuid().parse(req.params.orgId);
      const exportId = z.uuid().parse(req.params.exportId);
      const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) };
      const caller = await resolveOrgCaller({ ...deps, req, res: reply, meta }, orgId, "audit.export.download");
      await authorize(deps.db, caller.actor, caller.access, "audit:export", { operation: "audit.export.download" });
      const info = await exportInfo(deps.db, orgId, exportId);
      const chunks = readExport(deps.db, orgId, exportId);
      const first = await chunks.next(); // fails before headers when the export is not ready
      const stream = Readable.from((async function* () {
        if (!first.done) yield first.value;
        yield* chunks;
      })(), { highWaterMark: 1 });
      const name = `audit-${caller.access.organization.slug}-${info.createdAt.toISOString().slice(0, 10)}.${info.format}`;
      return sendFile(reply, { type: CONTENT_TYPE[info.format as "csv" | "ndjson"], name }, stream);
    } catch (error) {
      return sendError(reply, error);
    }
  });
}
