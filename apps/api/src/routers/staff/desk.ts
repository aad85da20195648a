/**
 * The support desk in the CSM portal: staff triage and answer tickets of the
 * customers they see; a customer they do not see is NOT_FOUND. Replies are
 * e-mailed to the customer; internal notes stay with staff.
 */
import { addInternalNote, listStaffTickets, replyToTicket, staffThread, triageTicket, TICKET_PRIORITIES, TICKET_STATUSES } from "@atrium/core/support";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZMessageBody, ZStaffThread, ZTicket } from "../support-schemas.ts";

const links = (ctx: { env: { ATRIUM_PUBLIC_URL: string } }) => ({ publicUrl: ctx.env.ATRIUM_PUBLIC_URL });

export const deskRouter = router({
  tickets: staffPermissionProcedure("tickets:triage")
    .input(z.object({ status: z.array(z.enum(TICKET_STATUSES)).optional(), organizationId: z.uuid().optional(), assignedToMe: z.boolean().optional() }).default({}))
    .output(z.array(ZTicket))
    .query(({ ctx, input }) => listStaffTickets(ctx.db, ctx.staff, input)),

  /** One ticket and its whole thread, internal notes included. */
  ticket: staffPermissionProcedure("tickets:triage")
    .input(z.object({ ticketId: z.uuid() }))
    .output(ZStaffThread)
    .query(({ ctx, input }) => staffThread(ctx.db, ctx.staff, input.ticketId)),

  triage: staffPermissionProcedure("tickets:triage")
    .input(z.object({ ticketId: z.uuid(), status: z.enum(TICKET_STATUSES).optional(), priority: z.enum(TICKET_PRIORITIES).optional(), assigneeId: z.uuid().nullable().optional() }))
    .output(ZTicket)
    .mutation(({ ctx, input: { ticketId, ...change } }) => triageTicket(ctx.db, ctx.staff, ctx.actor, ticketId, change, links(ctx))),

  /** A reply the customer sees (and receives by e-mail), optionally setting the status with it. */
  reply: staffPermissionProcedure("tickets:triage")
    .input(z.object({ ticketId: z.uuid(), body: ZMessageBody, status: z.enum(TICKET_STATUSES).optional() }))
    .output(ZTicket)
    .mutation(({ ctx, input }) =>
      replyToTicket(ctx.db, ctx.actor, links(ctx), input.ticketId, { side: "staff", userId: ctx.user.id, staff: ctx.staff }, { body: input.body, status: input.status }),
    ),

  /** A staff-only internal note. */
  note: staffPermissionProcedure("tickets:triage")
    .input(z.object({ ticketId: z.uuid(), body: ZMessageBody }))
    .output(ZTicket)
    .mutation(({ ctx, input }) => addInternalNote(ctx.db, ctx.actor, ctx.staff, input.ticketId, input.body)),
});
