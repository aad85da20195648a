/**
 * Support for tenant members (admin console): tickets, NPS answers, and the
 * organization's impersonation policy and sessions.
 */
import { AppError } from "@atrium/core/errors";
import { closeOrgTicket, customerThread, listOrgTickets, openTicket, replyToTicket, respondNps, TICKET_PRIORITIES } from "@atrium/core/support";
import { decideImpersonation, endImpersonation, impersonationPolicy, listOrgImpersonations, setImpersonationPolicy } from "@atrium/core/impersonation";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { ZCustomerThread, ZImpersonation, ZMessageBody, ZTicket, ZTicketDescription, ZTicketSubject } from "./support-schemas.ts";
import { ZOk, ok } from "./schemas.ts";

const ZPolicy = z.object({ mode: z.enum(["allowed", "approval_required", "disabled"]), allowWrite: z.boolean(), maxMinutes: z.number().int().min(5).max(480) });

const links = (ctx: { env: { ATRIUM_PUBLIC_URL: string } }) => ({ publicUrl: ctx.env.ATRIUM_PUBLIC_URL });

const userIdOf = (ctx: { user?: { id: string } | undefined }) => {
  if (!ctx.user) throw new AppError("FORBIDDEN", { userMessage: "Only people can do this, not API keys." });
  return ctx.user.id;
};

export const supportRouter = router({
  tickets: permissionProcedure("support:read")
    .output(z.array(ZTicket))
    .query(({ ctx }) => listOrgTickets(ctx.db, ctx.access.organization.id)),

  /** One ticket and its thread as the customer sees it: never an internal note or an internal change. */
  ticket: permissionProcedure("support:read")
    .input(z.object({ ticketId: z.uuid() }))
    .output(ZCustomerThread)
    .query(({ ctx, input }) => customerThread(ctx.db, ctx.access.organization.id, input.ticketId)),

  open: permissionProcedure("support:create_ticket")
    .input(z.object({ subject: ZTicketSubject, description: ZTicketDescription, priority: z.enum(TICKET_PRIORITIES).default("normal") }))
    .output(ZTicket)
    .mutation(({ ctx, input }) => openTicket(ctx.db, ctx.actor, ctx.access.organization.id, ctx.user?.id ?? null, input, links(ctx))),

  /** A reply from the customer side, e-mailed to the staff who answer for the ticket. */
  comment: permissionProcedure("support:comment")
    .input(z.object({ ticketId: z.uuid(), body: ZMessageBody }))
    .output(ZTicket)
    .mutation(({ ctx, input }) =>
      replyToTicket(ctx.db, ctx.actor, links(ctx), input.ticketId, { side: "customer", userId: userIdOf(ctx), organizationId: ctx.access.organization.id }, { body: input.body }),
    ),

  close: permissionProcedure("support:close_ticket")
    .input(z.object({ ticketId: z.uuid() }))
    .output(ZTicket)
    .mutation(({ ctx, input }) => closeOrgTicket(ctx.db, ctx.actor, ctx.access.organization.id, input.ticketId, ctx.user?.id ?? null, links(ctx))),

  respondNps: permissionProcedure("nps:respond")
    .input(z.object({ score: z.number().int().min(0).max(10), comment: z.string().max(5000).default("") }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => respondNps(ctx.db, ctx.actor, ctx.access.organization.id, userIdOf(ctx), input)),

  impersonationPolicy: permissionProcedure("support:read")
    .output(ZPolicy)
    .query(({ ctx }) => impersonationPolicy(ctx.db, ctx.access.organization.id)),

  setImpersonationPolicy: permissionProcedure("support:manage_impersonation")
    .input(ZPolicy)
    .output(ZOk)
    .mutation(async ({ ctx, input: { orgId: _orgId, ...policy } }) => {
      await setImpersonationPolicy(ctx.db, ctx.actor, ctx.access.organization.id, policy);
      return { ok: true as const };
    }),

  impersonations: permissionProcedure("support:read")
    .output(z.array(ZImpersonation))
    .query(({ ctx }) => listOrgImpersonations(ctx.db, ctx.access.organization.id)),

  decideImpersonation: permissionProcedure("support:manage_impersonation")
    .input(z.object({ sessionId: z.uuid(), approve: z.boolean() }))
    .output(ZImpersonation)
    .mutation(({ ctx, input }) => decideImpersonation(ctx.db, ctx.actor, ctx.access.organization.id, input.sessionId, input.approve)),

  endImpersonation: permissionProcedure("support:manage_impersonation")
    .input(z.object({ sessionId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(endImpersonation(ctx.db, ctx.actor, input.sessionId, { organizationId: ctx.access.organization.id }))),
});
