import { signedInOr } from "@atrium/ui";
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from "@tanstack/react-router";
import { z } from "zod";
import { ZComplianceSearch } from "../features/compliance/search.ts";
import { ZBillingSearch } from "../features/billing/search.ts";
import { ZAuditSearch } from "../features/audit/search.ts";
import { ZAnalyticsSearch } from "../features/analytics/search.ts";
import { ZAccessSearch } from "../features/access/search.ts";
import { ZMemberSearch } from "../features/members/search.ts";
import { AppLayout } from "../features/org/app-layout.tsx";
import { NoOrganizations, NotFoundPage } from "../features/org/empty-states.tsx";
import { ZScimSearch } from "../features/scim/search.ts";
import { ZWorkspacesSearch } from "../features/workspaces/search.ts";
import { queryClient, trpc } from "../lib/api.ts";

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

/** Only same-app paths are accepted as a post-login destination (e.g. /orgs/…, /invitations/<token>). */
const ZRedirect = z.string().regex(/^\/(?!\/)[\w\-/]*$/).optional().catch(undefined);

/** A protocol step to resume after sign-in, outside the SPA: only an OpenID Provider interaction of this server. */
const ZProtocolReturn = z.string().regex(/^\/oidc\/interaction\/[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined);

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: z.object({ redirect: ZRedirect, return_to: ZProtocolReturn }),
  component: lazyRouteComponent(() => import("../features/auth/login-page.tsx"), "LoginPage"),
});

/** The link in an invitation e-mail: public, the token is the credential. */
const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "invitations/$token",
  component: lazyRouteComponent(() => import("../features/invitations/accept-invitation-page.tsx"), "AcceptInvitationPage"),
});

/** "Forgot password" and the e-mail's reset link: public; the link's token is in its fragment. */
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "forgot-password",
  component: lazyRouteComponent(() => import("../features/auth/password-reset-pages.tsx"), "ForgotPasswordPage"),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "reset-password",
  component: lazyRouteComponent(() => import("../features/auth/password-reset-pages.tsx"), "ResetPasswordPage"),
});

/** Everything behind sign-in: a 401 sends the visitor to /login and back afterwards. */
const appRoute = createRoute({
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
const orgRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orgs/$orgId",
});

const hierarchyRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "/",
  validateSearch: z.object({ selected: z.uuid().optional().catch(undefined) }),
  component: lazyRouteComponent(() => import("../features/org/hierarchy-page.tsx"), "HierarchyPage"),
});

const membersRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "members",
  validateSearch: ZMemberSearch,
  component: lazyRouteComponent(() => import("../features/members/members-page.tsx"), "MembersPage"),
});

const rolesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "roles",
  component: lazyRouteComponent(() => import("../features/roles/roles-page.tsx"), "RolesPage"),
});

const accessRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "access",
  validateSearch: ZAccessSearch,
  component: lazyRouteComponent(() => import("../features/access/access-page.tsx"), "AccessPage"),
});

const workspacesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "workspaces",
  validateSearch: ZWorkspacesSearch,
  component: lazyRouteComponent(() => import("../features/workspaces/workspaces-page.tsx"), "WorkspacesPage"),
});

const productAccessRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "product-access",
  component: lazyRouteComponent(() => import("../features/product-grants/product-grants-page.tsx"), "ProductGrantsPage"),
});

const apiKeysRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "api-keys",
  component: lazyRouteComponent(() => import("../features/api-keys/api-keys-page.tsx"), "ApiKeysPage"),
});

const securityRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "security",
  component: lazyRouteComponent(() => import("../features/security/security-page.tsx"), "SecurityPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "audit",
  validateSearch: ZAuditSearch,
  component: lazyRouteComponent(() => import("../features/audit/audit-page.tsx"), "AuditPage"),
});

const analyticsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "analytics",
  validateSearch: ZAnalyticsSearch,
  component: lazyRouteComponent(() => import("../features/analytics/analytics-page.tsx"), "AnalyticsPage"),
});

const retentionRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "retention",
  component: lazyRouteComponent(() => import("../features/retention/retention-page.tsx"), "RetentionPage"),
});

const supportRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "support",
  component: lazyRouteComponent(() => import("../features/support/support-page.tsx"), "SupportPage"),
});

const supportTicketRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "support/tickets/$ticketId",
  component: lazyRouteComponent(() => import("../features/support/ticket-page.tsx"), "TicketPage"),
});

const planRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "plan",
  component: lazyRouteComponent(() => import("../features/plan/plan-page.tsx"), "PlanPage"),
});

const licenseRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "license",
  component: lazyRouteComponent(() => import("../features/license/license-page.tsx"), "LicensePage"),
});

const billingRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "billing",
  validateSearch: ZBillingSearch,
  component: lazyRouteComponent(() => import("../features/billing/billing-page.tsx"), "BillingPage"),
});

const settingsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "settings",
  component: lazyRouteComponent(() => import("../features/settings/settings-page.tsx"), "SettingsPage"),
});

/** The signed-in person's own sign-in security (not tied to an organization). */
const accountMfaRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "account/mfa",
  component: lazyRouteComponent(() => import("../features/mfa/mfa-page.tsx"), "MfaPage"),
});

const accountSessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "account/sessions",
  component: lazyRouteComponent(() => import("../features/sessions/sessions-page.tsx"), "SessionsPage"),
});

/** RFC 8628: where a person enters the code a command-line tool shows (/device redirects here). */
const deviceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "device",
  component: lazyRouteComponent(() => import("../features/device/device-page.tsx"), "DevicePage"),
});

/** The same page with the code filled in (verification_uri_complete lands here, through sign-in if needed). */
const deviceCodeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "device/$userCode",
  component: lazyRouteComponent(() => import("../features/device/device-page.tsx"), "DevicePage"),
});

const scimRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "scim",
  validateSearch: ZScimSearch,
  component: lazyRouteComponent(() => import("../features/scim/scim-page.tsx"), "ScimPage"),
});

const alertsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "audit-alerts",
  component: lazyRouteComponent(() => import("../features/audit-alerts/alerts-page.tsx"), "AlertsPage"),
});

const streamingRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "log-streaming",
  component: lazyRouteComponent(() => import("../features/audit-streaming/streaming-page.tsx"), "StreamingPage"),
});

const complianceRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "compliance",
  validateSearch: ZComplianceSearch,
  component: lazyRouteComponent(() => import("../features/compliance/compliance-page.tsx"), "CompliancePage"),
});

const ssoRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "sso",
  component: lazyRouteComponent(() => import("../features/sso/sso-page.tsx"), "SsoPage"),
});

/** One SSO connection (the setup wizard); `test` names a test sign-in's result to show. */
const connectionRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "sso/$connectionId",
  validateSearch: z.object({ test: z.uuid().optional().catch(undefined) }),
  component: lazyRouteComponent(() => import("../features/sso/connection-page.tsx"), "ConnectionPage"),
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
      analyticsRoute,
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
