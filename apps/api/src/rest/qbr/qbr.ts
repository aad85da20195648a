/**
 * QBR downloads for platform staff (browser links with the session cookie):
 * the PDF of a generated QBR and the .ics invitation of a scheduled meeting.
 * Same checks as the procedures: staff with portfolio:read who see the
 * customer (404 otherwise). The PDF export is audited in the customer's log.
 */
import { AppError } from "@atrium/core/errors";
import { assertStaffCan, loadStaff, visibleCustomer } from "@atrium/core/staff";
import { getQbr, qbrIcs, qbrPdf } from "@atrium/core/qbr";
import { recordAudit } from "@atrium/core/audit";
import { actorForUser } from "@atrium/core/actor";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { sessionOf } from "../../auth/caller.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { sendError } from "../errors.ts";
import { sendFile } from "../download.ts";

async function staffQbr(deps: ApiDeps, req: FastifyRequest, reply: FastifyReply, qbrId: string, operation: string) {
  const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) };
  const session = await sessionOf({ ...deps, req, res: reply, meta });
  if (!session) throw new AppError("UNAUTHORIZED", { userMessage: "Sign in to continue." });
  const actor = actorForUser(session.user, meta);
  const staff = await loadStaff(deps.db, session.user);
  if (!staff) throw new AppError("FORBIDDEN", { userMessage: "This area is for platform staff." });
  await assertStaffCan(deps.db, staff, actor, "portfolio:read", operation);
  const qbr = await getQbr(deps.db, qbrId);
  if (!qbr) throw new AppError("NOT_FOUND", { userMessage: "The QBR was not found." });
  const customer = await visibleCustomer(deps.db, staff, qbr.organizationId);
  return { qbr, customer, actor, user: session.user };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export function registerQbrDownloads(app: FastifyInstance, deps: ApiDeps) {
  app.get<{ Params: { qbrId: string } }>("/api/csm/qbrs/:qbrId/pdf", async (req, reply) => {
    try {
      const qbrId = z.uuid().parse(req.params.qbrId);
      const { qbr, customer, actor } = await staffQbr(deps, req, reply, qbrId, "qbr.pdf");
      const pdf = await qbrPdf(qbr.content);
      await recordAudit(deps.db, actor, { action: "qbr.export", organizationId: qbr.organizationId, resource: { type: "qbr", id: qbr.id }, details: { quarter: qbr.quarter, format: "pdf" } });
      return sendFile(reply, { type: "application/pdf", name: `qbr-${slug(customer.name)}-${qbr.quarter}.pdf` }, pdf);
    } catch (error) {
      return sendError(reply, error);
    }
  });

  app.get<{ Params: { qbrId: string; meetingId: string } }>("/api/csm/qbrs/:qbrId/meetings/:meetingId/ics", async (req, reply) => {
    try {
      const qbrId = z.uuid().parse(req.params.qbrId);
      const meetingId = z.uuid().parse(req.params.meetingId);
      const { qbr, customer, user } = await staffQbr(deps, req, reply, qbrId, "qbr.ics");
      const meeting = qbr.meetings.find((m) => m.id === meetingId);
      if (!meeting) throw new AppError("NOT_FOUND", { userMessage: "The meeting was not found." });
      const ics = qbrIcs({ ...meeting, organizationName: customer.name, quarter: qbr.quarter, organizer: user.email });
      return sendFile(reply, { type: "text/calendar; charset=utf-8; method=REQUEST", name: `qbr-${slug(customer.name)}-${qbr.quarter}.ics` }, ics);
    } catch (error) {
      return sendError(reply, error);
    }
  });
}
