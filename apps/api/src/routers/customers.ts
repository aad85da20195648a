import { listCustomers } from "@atrium/core";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { staffProcedure } from "../trpc/procedures.ts";
import { ZOrganization } from "./schemas.ts";

const ZCustomer = ZOrganization.pick({
  id: true,
  name: true,
  slug: true,
  plan: true,
  region: true,
  status: true,
  isEnterprise: true,
  createdAt: true,
}).extend({ organizationCount: z.number().int(), memberCount: z.number().int() });

export const customersRouter = router({
  list: staffProcedure.output(z.array(ZCustomer)).query(({ ctx }) => listCustomers(ctx.db)),
});
