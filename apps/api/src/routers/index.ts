import { router } from "../trpc/init.ts";
import { accessRouter } from "./access.ts";
import { analyticsRouter } from "./analytics/index.ts";
import { apiKeysRouter } from "./api-keys.ts";
import { applicationsRouter } from "./applications.ts";
import { webhooksRouter } from "./webhooks.ts";
import { auditRouter } from "./audit.ts";
import { auditAlertsRouter } from "./audit-alerts.ts";
import { auditStreamingRouter } from "./audit-streaming.ts";
import { auditReportsRouter } from "./audit-reports.ts";
import { authRouter } from "./auth.ts";
import { billingRouter, usageRouter } from "./billing.ts";
import { contractsRouter, invoicesRouter } from "./contracts.ts";
import { customersRouter } from "./customers.ts";
import { groupsRouter } from "./groups.ts";
import { invitationRouter, invitationsRouter } from "./invitations.ts";
import { licensingRouter } from "./licensing.ts";
import { membersRouter } from "./members.ts";
import { orgRouter } from "./org.ts";
import { privacyRouter } from "./privacy.ts";
import { retentionRouter } from "./retention.ts";
import { productGrantsRouter } from "./product-grants.ts";
import { rolesRouter } from "./roles.ts";
import { scimRouter } from "./scim.ts";
import { settingsRouter } from "./settings.ts";
import { ssoRouter } from "./sso.ts";
import { workspacesRouter } from "./workspaces.ts";
import { deviceRouter } from "./device.ts";
import { mfaRouter } from "./mfa.ts";
import { sessionsRouter } from "./sessions.ts";
import { deskRouter } from "./desk.ts";
import { healthRouter } from "./health.ts";
import { renewalsRouter } from "./renewals.ts";
import { slaRouter } from "./sla.ts";
import { staffRouter } from "./staff.ts";
import { impersonationRouter } from "./impersonation.ts";
import { qbrRouter } from "./qbr.ts";
import { supportRouter } from "./support.ts";

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  invitation: invitationRouter,
  roles: rolesRouter,
  productGrants: productGrantsRouter,
  access: accessRouter,
  groups: groupsRouter,
  workspaces: workspacesRouter,
  apiKeys: apiKeysRouter,
  applications: applicationsRouter,
  webhooks: webhooksRouter,
  settings: settingsRouter,
  audit: auditRouter,
  privacy: privacyRouter,
  retention: retentionRouter,
  customers: customersRouter,
  mfa: mfaRouter,
  sessions: sessionsRouter,
  device: deviceRouter,
  support: supportRouter,
  impersonation: impersonationRouter,
  staff: staffRouter,
  health: healthRouter,
  renewals: renewalsRouter,
  sla: slaRouter,
  desk: deskRouter,
  qbr: qbrRouter,
  scim: scimRouter,
  auditAlerts: auditAlertsRouter,
  auditStreaming: auditStreamingRouter,
  auditReports: auditReportsRouter,
  billing: billingRouter,
  usage: usageRouter,
  analytics: analyticsRouter,
  contracts: contractsRouter,
  invoices: invoicesRouter,
  licensing: licensingRouter,
  sso: ssoRouter,
});

export type AppRouter = typeof appRouter;
