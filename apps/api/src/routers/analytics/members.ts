/** `analytics.members`: member activity of an organization (or its subtree) over a range; definitions in core's members.ts. */
import { memberActivity } from "@atrium/core/analytics";
import { z } from "zod";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZAnalyticsRange } from "./range.ts";

const ZPerson = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  lastActiveAt: z.date().nullable(),
  actions: z.number().int(),
  active: z.boolean(),
  everSignedIn: z.boolean(),
});

export const ZMemberActivity = z.object({
  from: z.string(),
  to: z.string(),
  members: z.number().int(),
  active: z.number().int(),
  inactive: z.number().int(),
  neverSignedIn: z.number().int(),
  everSignedIn: z.number().int(),
  activationRate: z.number().nullable(),
  daily: z.array(z.object({ day: z.string(), active: z.number().int() })),
  people: z.array(ZPerson),
  topMembers: z.array(ZPerson),
});

export const analyticsMembersProcedure = permissionProcedure("analytics:read")
  .input(ZAnalyticsRange)
  .output(ZMemberActivity)
  .query(({ ctx, input }) => memberActivity(ctx.db, { organizationId: ctx.access.organization.id, ...input }));
