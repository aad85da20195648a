/** The support desk in the CSM portal: staff triage and answer tickets of the customers they see. */
import { commentOnTicket, listStaffTickets, staffTicketOrg, ticketComments, triageTicket, TICKET_PRIORITIES, TICKET_STATUSES } from "@atrium/core/support";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { staffPermissionProcedure } from "../trpc/staff.ts";
import { ZComment, ZTicket } from "./support-schemas.ts";

export const deskRouter = router({
  tickets: staffPermissionProcedure("tickets:triage")
    .input(z.object({ status: z.array(z.enum(TICKET_STATUSES)).optional(), organizationId: z.uuid().optional(), assignedToMe: z.boolean().optional() }).default({}))
    .output(z.array(ZTicket))
    .query(({ ctx, input }) => listStaffTickets(ctx.db, ctx.staff, input)),

  comments: staffPermissionProcedure("tickets:triage")
    .input(z.object({ ticketId: z.uuid() }))
    .output(z.array(ZComment))
    .query(async ({ ctx, input }) => ticketComments(ctx.db, await staffTicketOrg(ctx.db, ctx.staff, input.ticketId), input.ticketId)),

  triage: staffPermissionProcedure("tickets:triage")
    .input(z.object({ ticketId: z.uuid(), status: z.enum(TICKET_STATUSES).optional(), priority: z.enum(TICKET_PRIORITIES).optional(), assigneeId: z.uuid().nullable().optional() }))
    .output(ZTicket)
    .mutation(({ ctx, input: { ticketId, ...change } }) => triageTicket(ctx.db, ctx.staff, ctx.actor, ticketId, change)),

  reply: staffPermissionProcedure("tickets:triage")
    .input(z.object({ ticketId: z.uuid(), body: z.string().trim().min(1).max(10000) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const organizationId = await staffTicketOrg(ctx.db, ctx.staff, input.ticketId);
      await commentOnTicket(ctx.db, ctx.actor, { id: input.ticketId, organizationId }, { userId: ctx.user.id, isStaff: true }, input.body);
      return { ok: true as const };
    }),
});
