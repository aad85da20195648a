/** QBRs in the CSM portal: list, view, generate on demand, schedule. PDF and .ics are HTTP downloads (rest/qbr/qbr.ts). */
import { AppError } from "@atrium/core/errors";
import { generateQbr, getQbr, listQbrs, quarterOf, previousQuarter, scheduleQbr } from "@atrium/core/qbr";
import { visibleCustomer } from "@atrium/core/staff";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";

const ZMeeting = z.object({ id: z.uuid(), startsAt: z.date(), durationMinutes: z.number(), attendees: z.array(z.string()), location: z.string() });
const ZSummary = z.object({ id: z.uuid(), organizationId: z.uuid(), quarter: z.string(), generatedAt: z.date(), generatedBy: z.string(), meetings: z.array(ZMeeting) });

/** How far ahead a QBR meeting may be booked. */
const MEETING_HORIZON_DAYS = 366;

/** A meeting starts from now (a few minutes' grace) up to a year ahead: a date in 2020 is a typo, said on the field. */
const ZMeetingStart = z.coerce.date("Enter the meeting's date and time.").refine(
  (d) => d.getTime() >= Date.now() - 5 * 60_000 && d.getTime() <= Date.now() + MEETING_HORIZON_DAYS * 86_400_000,
  "Pick a date and time from now to a year ahead.",
);

export const qbrRouter = router({
  list: staffPermissionProcedure("portfolio:read")
    .input(z.object({ organizationId: z.uuid() }))
    .output(z.array(ZSummary))
    .query(async ({ ctx, input }) => {
      await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
      return listQbrs(ctx.db, input.organizationId);
    }),

  /** The content is JSON (figures with their source queries, chart series, recommendations). */
  get: staffPermissionProcedure("portfolio:read")
    .input(z.object({ qbrId: z.uuid() }))
    .output(ZSummary.extend({ organizationName: z.string(), content: z.record(z.string(), z.unknown()) }))
    .query(async ({ ctx, input }) => {
      const qbr = await getQbr(ctx.db, input.qbrId);
      if (!qbr) throw new AppError("NOT_FOUND", { userMessage: "The QBR was not found." });
      const customer = await visibleCustomer(ctx.db, ctx.staff, qbr.organizationId);
      return { ...qbr, organizationName: customer.name, content: qbr.content as unknown as Record<string, unknown> };
    }),

  /** quarter default: the last completed quarter. */
  generate: staffPermissionProcedure("qbr:manage")
    .input(z.object({ organizationId: z.uuid(), quarter: z.string().regex(/^\d{4}-Q[1-4]$/).optional() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
      return generateQbr(ctx.db, ctx.actor, input.organizationId, input.quarter ?? previousQuarter(quarterOf(new Date())).quarter);
    }),

  schedule: staffPermissionProcedure("qbr:manage")
    .input(
      z.object({
        qbrId: z.uuid(),
        startsAt: ZMeetingStart,
        durationMinutes: z.number().int().min(15, "A meeting lasts at least 15 minutes.").max(480, "A meeting lasts at most 8 hours."),
        attendees: z.array(z.email("Each attendee needs a valid e-mail address.")).min(1, "Invite at least one attendee.").max(50, "Invite at most 50 attendees."),
        location: z.string().max(500).default(""),
      }),
    )
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input: { qbrId, ...meeting } }) => {
      const qbr = await getQbr(ctx.db, qbrId);
      if (!qbr) throw new AppError("NOT_FOUND", { userMessage: "The QBR was not found." });
      await visibleCustomer(ctx.db, ctx.staff, qbr.organizationId);
      return scheduleQbr(ctx.db, ctx.actor, qbrId, meeting);
    }),
});
