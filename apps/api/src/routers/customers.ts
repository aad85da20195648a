import { listCustomers } from "@atrium/core";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { staffProcedure } from "../trpc/procedures.ts";
import { ZOrgStatus, ZPlan, ZRegion } from "./schemas.ts";

export const customersRouter = router({
  list: staffProcedure
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          slug: z.string(),
          plan: ZPlan,
          region: ZRegion,
          status: ZOrgStatus,
          isEnterprise: z.boolean(),
          organizationCount: z.number().int(),
          memberCount: z.number().int(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => listCustomers(ctx.db)),
});
