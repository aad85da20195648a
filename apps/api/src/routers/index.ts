import { router } from "../trpc/init.ts";
import { accessRouter } from "./access.ts";
import { authRouter } from "./auth.ts";
import { customersRouter } from "./customers.ts";
import { invitationRouter, invitationsRouter } from "./invitations.ts";
import { membersRouter } from "./members.ts";
import { orgRouter } from "./org.ts";
import { rolesRouter } from "./roles.ts";

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  invitation: invitationRouter,
  roles: rolesRouter,
  access: accessRouter,
  customers: customersRouter,
});

export type AppRouter = typeof appRouter;
