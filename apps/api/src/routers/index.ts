import { router } from "../trpc/init.ts";
import { authRouter } from "./auth.ts";
import { customersRouter } from "./customers.ts";
import { orgRouter } from "./org.ts";

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  customers: customersRouter,
});

export type AppRouter = typeof appRouter;
