import { router } from "../trpc/init.ts";
import { accessRouter } from "./access.ts";
import { apiKeysRouter } from "./api-keys.ts";
import { auditRouter } from "./audit.ts";
import { authRouter } from "./auth.ts";
import { customersRouter } from "./customers.ts";
import { groupsRouter } from "./groups.ts";
import { invitationRouter, invitationsRouter } from "./invitations.ts";
import { membersRouter } from "./members.ts";
import { orgRouter } from "./org.ts";
import { privacyRouter } from "./privacy.ts";
import { retentionRouter } from "./retention.ts";
import { rolesRouter } from "./roles.ts";
import { settingsRouter } from "./settings.ts";
import { ssoRouter } from "./sso.ts";
import { workspacesRouter } from "./workspaces.ts";

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  invitation: invitationRouter,
  roles: rolesRouter,
  access: accessRouter,
  groups: groupsRouter,
  workspaces: workspacesRouter,
  apiKeys: apiKeysRouter,
  settings: settingsRouter,
  audit: auditRouter,
  privacy: privacyRouter,
  retention: retentionRouter,
  customers: customersRouter,
  sso: ssoRouter,
});

export type AppRouter = typeof appRouter;
