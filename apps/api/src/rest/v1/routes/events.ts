/**
 * GET /v1/events: what happened to the organizations, oldest first, after an
 * opaque cursor — every organization's events (an application is
 * platform-level), or one organization's, optionally of some types. The
 * same event objects are the bodies of webhooks. Each read is recorded on
 * the platform log (asynchronously, see AuditBuffer).
 */
import { EVENT_TYPE_NAMES, EVENT_TYPES, listEvents, type EventType } from "@atrium/core/events";
import type { Db } from "@atrium/db";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AuditBuffer } from "../audit-buffer.ts";
import { ZErrorBody } from "../errors.ts";
import { applicationActor } from "../guard.ts";
import { ERROR_RESPONSES } from "../schemas.ts";

const ZUserData = z.object({ userId: z.uuid(), email: z.string(), scimUserId: z.uuid() });
const ZGroupData = z.object({ groupId: z.uuid(), displayName: z.string() });

/** The `data` of each event type (packages/core/src/events/catalogue.ts says when each is emitted). */
const DATA = {
  "user.provisioned": ZUserData,
  "user.deprovisioned": ZUserData,
  "membership.created": z.object({ userId: z.uuid(), role: z.string().meta({ description: "A system role key or a custom role's id" }) }),
  "membership.role_changed": z.object({ userId: z.uuid(), before: z.string(), after: z.string() }),
  "membership.removed": z.object({ userId: z.uuid() }),
  "organization.created": z.object({ name: z.string(), parentId: z.uuid().nullable() }),
  "organization.plan_changed": z.object({ before: z.string(), after: z.string() }),
  "organization.archived": z.object({}),
  "sso_connection.activated": z.object({ connectionId: z.uuid(), protocol: z.enum(["saml", "oidc"]) }),
  "directory_group.created": ZGroupData,
  "directory_group.updated": ZGroupData,
  "directory_group.deleted": ZGroupData,
} satisfies Record<EventType, z.ZodType>;

const eventOf = <T extends EventType>(type: T) =>
  z
    .object({
      id: z.string().meta({ description: "evt_…: also the webhook-id of its deliveries; dedupe by it", example: "evt_01JEZ3Q4S5T6V7W8X9Y0Z1A2B3" }),
      type: z.literal(type),
      organizationId: z.uuid(),
      createdAt: z.iso.datetime(),
      data: DATA[type],
    })
    .meta({ description: EVENT_TYPES[type] });

export const ZEvent = z
  .discriminatedUnion("type", EVENT_TYPE_NAMES.map((t) => eventOf(t)) as unknown as [ReturnType<typeof eventOf>, ...ReturnType<typeof eventOf>[]])
  .meta({ id: "Event" });

export const ZEventsQuery = z.object({
  after: z
    .string()
    .regex(/^ev1_[A-Za-z0-9_-]{1,40}$/, "Pass the nextCursor of a previous answer")
    .optional()
    .meta({ description: "nextCursor of the previous answer; without it, from the first event" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  organizationId: z.uuid().optional().meta({ description: "Only this organization's events" }),
  types: z
    .string()
    .max(2000)
    .refine((v) => v.split(",").every((t) => (EVENT_TYPE_NAMES as string[]).includes(t)), "Pass event types of the catalogue, separated by commas")
    .optional()
    .meta({ description: "Only these types, comma-separated", example: "user.deprovisioned,membership.role_changed" }),
});

export const ZEventsPage = z
  .object({
    data: z.array(ZEvent),
    nextCursor: z.string().nullable().meta({ description: "Pass as `after` to continue; kept when no event is new, so a poller keeps its place" }),
    hasMore: z.boolean(),
  })
  .meta({ id: "EventsPage" });

export function registerEvents(app: FastifyInstance, { db, audit }: { db: Db; audit: AuditBuffer }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/events",
    {
      schema: {
        operationId: "listEvents",
        summary: "List events",
        description:
          "What happened to the organizations, oldest first: provisioning, memberships, plans, SSO connections, directory groups. " +
          "Follow `nextCursor`; positions follow commit order, so no event is ever skipped. " +
          "Any event with `data.userId` invalidates cached decisions for (organizationId, userId); organization.* and directory_group.* events invalidate the organization.",
        tags: ["Events"],
        querystring: ZEventsQuery,
        response: { 200: ZEventsPage, ...ERROR_RESPONSES, 404: ZErrorBody },
      },
    },
    async (req) => {
      const { after, limit, organizationId, types } = req.query;
      const page = await listEvents(db, { after, limit, organizationId, types: types?.split(",") as EventType[] | undefined });
      audit.push(applicationActor(req), {
        action: "application.read",
        organizationId: null,
        resource: { type: "application", id: req.application!.id },
        details: { read: "events", ...(organizationId ? { organizationId } : {}), returned: page.data.length },
      });
      return { ...page, data: page.data.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })) as z.infer<typeof ZEvent>[] };
    },
  );
}
