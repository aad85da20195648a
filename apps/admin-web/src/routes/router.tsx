import { signedInOr } from "@atrium/ui";
import { createRootRoute, createRoute, createRouter, Outlet, redirect } from "@tanstack/react-router";
import { z } from "zod";
import { AccessPage } from "../features/access/access-page.tsx";
import { ApiKeysPage } from "../features/api-keys/api-keys-page.tsx";
import { AuditPage } from "../features/audit/audit-page.tsx";
import { AlertsPage } from "../features/audit-alerts/alerts-page.tsx";
import { StreamingPage } from "../features/audit-streaming/streaming-page.tsx";
import { CompliancePage } from "../features/compliance/compliance-page.tsx";
import { ZComplianceSearch } from "../features/compliance/search.ts";
import { BillingPage } from "../features/billing/billing-page.tsx";
import { ZBillingSearch } from "../features/billing/search.ts";
import { ZAuditSearch } from "../features/audit/search.ts";
import { ZAccessSearch } from "../features/access/search.ts";
import { ForgotPasswordPage, ResetPasswordPage } from "../features/auth/password-reset-pages.tsx";
import { LoginPage } from "../features/auth/login-page.tsx";
import { AcceptInvitationPage } from "../features/invitations/accept-invitation-page.tsx";
import { MembersPage } from "../features/members/members-page.tsx";
import { ZMemberSearch } from "../features/members/search.ts";
import { AppLayout } from "../features/org/app-layout.tsx";
import { HierarchyPage } from "../features/org/hierarchy-page.tsx";
import { NoOrganizations, NotFoundPage } from "../features/org/empty-states.tsx";
import { PlanPage } from "../features/plan/plan-page.tsx";
import { LicensePage } from "../features/license/license-page.tsx";
import { ProductGrantsPage } from "../features/product-grants/product-grants-page.tsx";
import { RetentionPage } from "../features/retention/retention-page.tsx";
import { RolesPage } from "../features/roles/roles-page.tsx";
import { ScimPage } from "../features/scim/scim-page.tsx";
import { ZScimSearch } from "../features/scim/search.ts";
import { SecurityPage } from "../features/security/security-page.tsx";
import { SettingsPage } from "../features/settings/settings-page.tsx";
import { SupportPage } from "../features/support/support-page.tsx";
import { TicketPage } from "../features/support/ticket-page.tsx";
import { ConnectionPage } from "../features/sso/connection-page.tsx";
import { SsoPage } from "../features/sso/sso-page.tsx";
import { ZWorkspacesSearch } from "../features/workspaces/search.ts";
import { WorkspacesPage } from "../features/workspaces/workspaces-page.tsx";
import { queryClient, trpc } from "../lib/api.ts";
import { DevicePage } from "../features/device/device-page.tsx";
import { MfaPage } from "../features/mfa/mfa-page.tsx";
import { SessionsPage } from "../features/sessions/sessions-page.tsx";

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

/** Only same-app paths are accepted as a post-login destination (e.g. /orgs/…, /invitations/<token>). */
const ZRedirect = z.string().regex(/^\/(?!\/)[\w\-/]*$/).optional().catch(undefined);

/** A protocol step to resume after sign-in, outside the SPA: only an OpenID Provider interaction of this server. */
const ZProtocolReturn = z.string().regex(/^\/oidc\/interaction\/[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined);

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: z.object({ redirect: ZRedirect, return_to: ZProtocolReturn }),
  component: LoginPage,
});

/** The link in an invitation e-mail: public, the token is the credential. */
export const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "invitations/$token",
  component: AcceptInvitationPage,
});

/** "Forgot password" and the e-mail's reset link: public; the link's token is in its fragment. */
export const forgotPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: "forgot-password", component: ForgotPasswordPage });
export const resetPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: "reset-password", component: ResetPasswordPage });

/** Everything behind sign-in: a 401 sends the visitor to /login and back afterwards. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: async ({ location }) =>
    signedInOr(
      () => queryClient.ensureQueryData(trpc.auth.me.queryOptions()),
      () => redirect({ to: "/login", search: { redirect: location.pathname } }),
    ),
  loader: () => queryClient.ensureQueryData(trpc.org.list.queryOptions()),
  component: AppLayout,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: async () => {
    const [first] = await queryClient.ensureQueryData(trpc.org.list.queryOptions());
    if (first) throw redirect({ to: "/orgs/$orgId", params: { orgId: first.id } });
  },
  component: NoOrganizations,
});

/** One organization's console; its sections are the child routes. */
export const orgRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orgs/$orgId",
});

export const hierarchyRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "/",
  validateSearch: z.object({ selected: z.uuid().optional().catch(undefined) }),
  component: HierarchyPage,
});

export const membersRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "members",
  validateSearch: ZMemberSearch,
  component: MembersPage,
});

export const rolesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "roles",
  component: RolesPage,
});

export const accessRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "access",
  validateSearch: ZAccessSearch,
  component: AccessPage,
});

export const workspacesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "workspaces",
  validateSearch: ZWorkspacesSearch,
  component: WorkspacesPage,
});

export const productAccessRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "product-access",
  component: ProductGrantsPage,
});

export const apiKeysRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "api-keys",
  component: ApiKeysPage,
});

export const securityRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "security",
  component: SecurityPage,
});

export const auditRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "audit",
  validateSearch: ZAuditSearch,
  component: AuditPage,
});

export const retentionRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "retention",
  component: RetentionPage,
});

export const supportRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "support",
  component: SupportPage,
});

const supportTicketRoute = createRoute({ getParentRoute: () => orgRoute, path: "support/tickets/$ticketId", component: TicketPage });

export const planRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "plan",
  component: PlanPage,
});

export const licenseRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "license",
  component: LicensePage,
});

export const billingRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "billing",
  validateSearch: ZBillingSearch,
  component: BillingPage,
});

export const settingsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "settings",
  component: SettingsPage,
});

/** The signed-in person's own sign-in security (not tied to an organization). */
export const accountMfaRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "account/mfa",
  component: MfaPage,
});

export const accountSessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "account/sessions",
  component: SessionsPage,
});

/** RFC 8628: where a person enters the code a command-line tool shows (/device redirects here). */
export const deviceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "device",
  component: DevicePage,
});

/** The same page with the code filled in (verification_uri_complete lands here, through sign-in if needed). */
export const deviceCodeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "device/$userCode",
  component: DevicePage,
});

export const scimRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "scim",
  validateSearch: ZScimSearch,
  component: ScimPage,
});

export const alertsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "audit-alerts",
  component: AlertsPage,
});

export const streamingRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "log-streaming",
  component: StreamingPage,
});

export const complianceRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "compliance",
  validateSearch: ZComplianceSearch,
  component: CompliancePage,
});

export const ssoRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "sso",
  component: SsoPage,
});

/** One SSO connection (the setup wizard); `test` names a test sign-in's result to show. */
export const connectionRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "sso/$connectionId",
  validateSearch: z.object({ test: z.uuid().optional().catch(undefined) }),
  component: ConnectionPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  invitationRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    indexRoute,
    orgRoute.addChildren([
      hierarchyRoute,
      membersRoute,
      rolesRoute,
      workspacesRoute,
      productAccessRoute,
      accessRoute,
      apiKeysRoute,
      securityRoute,
      auditRoute,
      retentionRoute,
      supportRoute,
      supportTicketRoute,
      planRoute,
      settingsRoute,
      scimRoute,
      alertsRoute,
      streamingRoute,
      complianceRoute,
      billingRoute,
      licenseRoute,
      ssoRoute,
      connectionRoute,
    ]),
    accountMfaRoute,
    accountSessionsRoute,
    deviceRoute,
    deviceCodeRoute,
  ]),
]);

export const router = createRouter({ routeTree, basepath: "/admin", defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
