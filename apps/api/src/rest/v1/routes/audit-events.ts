/**
 * POST /v1/audit/events — the product's own actions, 1 to 100 events, each
 * on its organization's hash chain (core appendProductAuditEvents), so they
 * appear in the admin audit log, alerts, SIEM streams and compliance reports
 * like Atrium's own.
 *
 * The batch is all or nothing, in one transaction: an action not registered
 * in the application's catalog (PUT /v1/catalog), an unregistered resource
 * type, or a user actor who is not an active member of the event's
 * organization refuses the whole batch with 400 naming each event at fault;
 * an organization that does not exist, 404. A user actor is recorded as that
 * person; `details.application` names the application either way.
 */
import { appendProductAuditEvents, ProductAuditRejected } from "@atrium/core/applications";
import type { Db } from "@atrium/db";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { V1Error, ZErrorBody } from "../errors.ts";
import { applicationActor } from "../guard.ts";
import { ERROR_RESPONSES } from "../schemas.ts";

/** The product's details on one event: a JSON object of at most 8 KB (it is hashed into the chain and kept for years). */
const DETAILS_MAX_BYTES = 8 * 1024;

const ZAuditEvent = z
  .object({
    organizationId: z.uuid(),
    action: z.string().min(1).max(200).meta({ description: "An audit action registered in the catalog, `<application slug>/<resource>.<verb>`", example: "demo-product/note.share" }),
    actor: z
      .discriminatedUnion("type", [z.object({ type: z.literal("user"), id: z.uuid() }), z.object({ type: z.literal("application") })])
      .meta({ description: "A person (an active member of the organization) or the application itself" }),
    resource: z
      .object({ type: z.string().min(1).max(120).meta({ example: "demo-product/note" }), id: z.string().min(1).max(200) })
      .optional()
      .meta({ description: "What it was about: a resource type registered in the catalog and the product's id for it" }),
    status: z.enum(["success", "denied", "error"]).default("success"),
    occurredAt: z.iso.datetime().optional().meta({ description: "When it happened in the product; the log's own time is when Atrium received it" }),
    details: z
      .record(z.string(), z.unknown())
      .refine((d) => Buffer.byteLength(JSON.stringify(d)) <= DETAILS_MAX_BYTES, `Details must be at most ${DETAILS_MAX_BYTES} bytes of JSON`)
      .optional()
      .meta({ description: "The product's own details (JSON object, at most 8 KB). Keep personal data out: the chain keeps it" }),
  })
  .meta({ id: "AuditEvent" });

export const ZAuditEventsBody = z.object({ events: z.array(ZAuditEvent).min(1).max(100) }).meta({ id: "AuditEventsRequest" });
export const ZAuditEventsResponse = z.object({ appended: z.number().int() }).meta({ id: "AuditEventsResponse" });

export function registerAuditEvents(app: FastifyInstance, { db }: { db: Db }) {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/audit/events",
    {
      schema: {
        operationId: "appendAuditEvents",
        summary: "Append the product's audit events",
        description: "Up to 100 events, each appended to its organization's audit log; all or nothing.",
        tags: ["Audit"],
        body: ZAuditEventsBody,
        response: { 200: ZAuditEventsResponse, ...ERROR_RESPONSES, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (req) => {
      const events = req.body.events.map((e) => ({ ...e, occurredAt: e.occurredAt ? new Date(e.occurredAt) : undefined, details: e.details as never }));
      try {
        return await appendProductAuditEvents(db, applicationActor(req), { id: req.application!.id, slug: req.application!.slug }, events);
      } catch (error) {
        if (!(error instanceof ProductAuditRejected)) throw error;
        const code = error.status === 404 ? "not_found" : "invalid_request";
        throw new V1Error(error.status, code, error.message.slice(0, 1000), error.problems);
      }
    },
  );
}
