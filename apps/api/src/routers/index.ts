/**
 * The tRPC API, nested by domain: a newcomer finds a procedure by the name the
 * domain has in DESIGN.md, in packages/core/src/<domain> and in the SPAs'
 * features/<domain>. Tenant procedures take `orgId` (admin console); everything
 * only platform staff may call is under `staff` (CSM portal).
 *
 *   auth, mfa, sessions, device   signing in and the caller's sessions
 *   org                           the organization, its hierarchy, settings, plan and branding
 *   members                       members; members.privacy (GDPR export, erasure)
 *   invitations                   invitations; invitations.invitee (preview, accept, decline by token)
 *   roles, productGrants, access, groups, workspaces
 *   apiKeys, settings             API keys; IP allowlist, rate limit, session policy
 *   sso, scim                     identity providers and provisioning
 *   audit                         audit.{events, alerts, streams, reports, retention}
 *   billing                       plan and card subscription; billing.{usage, invoices, contract}
 *   licensing                     licensing.installed (admin console); .issued, .keys (staff)
 *   support                       tickets, NPS and impersonation consent, as the tenant sees them
 *   analytics                     usage analytics (routers/analytics/)
 *   staff                         staff.{me, people, assign, permissions} and staff.{customers,
 *                                 health, renewals, sla, desk, qbr, impersonation, billing.{contracts,
 *                                 invoices}, applications, webhooks}
 *
 * A path is an address, not data: audit actions (`audit.export`,
 * `retention.update`, …) are named in @atrium/core/audit and do not change with it.
 * A denial by the procedure chain records the refused path as `details.operation`
 * (so a path's history in the log starts with its name); a denial inside core names
 * core's operation (`contracts.update`), whatever path reached it.
 */
import { router } from "../trpc/init.ts";
import { accessRouter } from "./access.ts";
import { analyticsRouter } from "./analytics/index.ts";
import { apiKeysRouter } from "./api-keys.ts";
import { auditRouter } from "./audit/index.ts";
import { authRouter } from "./auth.ts";
import { billingRouter } from "./billing/index.ts";
import { deviceRouter } from "./device.ts";
import { groupsRouter } from "./groups.ts";
import { invitationsRouter } from "./invitations.ts";
import { licensingRouter } from "./licensing.ts";
import { membersRouter } from "./members/index.ts";
import { mfaRouter } from "./mfa.ts";
import { orgRouter } from "./org.ts";
import { productGrantsRouter } from "./product-grants.ts";
import { rolesRouter } from "./roles.ts";
import { scimRouter } from "./scim.ts";
import { sessionsRouter } from "./sessions.ts";
import { settingsRouter } from "./settings.ts";
import { ssoRouter } from "./sso.ts";
import { staffRouter } from "./staff/index.ts";
import { supportRouter } from "./support.ts";
import { workspacesRouter } from "./workspaces.ts";

export const appRouter = router({
  auth: authRouter,
  mfa: mfaRouter,
  sessions: sessionsRouter,
  device: deviceRouter,
  org: orgRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  roles: rolesRouter,
  productGrants: productGrantsRouter,
  access: accessRouter,
  groups: groupsRouter,
  workspaces: workspacesRouter,
  apiKeys: apiKeysRouter,
  settings: settingsRouter,
  sso: ssoRouter,
  scim: scimRouter,
  audit: auditRouter,
  billing: billingRouter,
  analytics: analyticsRouter,
  licensing: licensingRouter,
  support: supportRouter,
  staff: staffRouter,
});

export type AppRouter = typeof appRouter;
