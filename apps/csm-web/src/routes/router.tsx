import { signedInOr } from "@atrium/ui";
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from "@tanstack/react-router";
import { z } from "zod";
import { StaffLayout } from "../features/customers/staff-layout.tsx";
import { ZPortfolioSearch } from "../features/health/portfolio-search.ts";
import { ZContractsSearch, ZInvoicesSearch } from "../features/billing/format.ts";
import { queryClient, trpc } from "../lib/api.ts";

const rootRoute = createRootRoute({ component: Outlet });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: z.object({ redirect: z.string().regex(/^\/(?!\/)[\w\-/]*$/).optional().catch(undefined) }),
  component: lazyRouteComponent(() => import("../features/auth/login-page.tsx"), "LoginPage"),
});

const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "staff",
  beforeLoad: async ({ location }) =>
    signedInOr(
      () => queryClient.ensureQueryData(trpc.auth.me.queryOptions()),
      () => redirect({ to: "/login", search: { redirect: location.pathname } }),
    ),
  component: StaffLayout,
});

const indexRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/portfolio", search: {} });
  },
});

export const ZCustomerSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  plan: z.enum(["free", "team", "business", "enterprise"]).optional().catch(undefined),
  sort: z.enum(["name", "plan", "region", "members", "organizations"]).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});

const customersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "customers",
  validateSearch: ZCustomerSearch,
  component: lazyRouteComponent(() => import("../features/customers/customers-page.tsx"), "CustomersPage"),
});

const customerRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "customers/$customerId",
  component: lazyRouteComponent(() => import("../features/customers/customer-page.tsx"), "CustomerPage"),
});

/** A customer's analytics, read-only: the figures its admins see. */
const customerAnalyticsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "customers/$customerId/analytics",
  validateSearch: z.object({
    range: z.enum(["7d", "30d", "90d"]).default("30d").catch("30d"),
    compare: z.boolean().default(false).catch(false),
    subtree: z.boolean().default(true).catch(true),
  }),
  component: lazyRouteComponent(() => import("../features/analytics/customer-analytics-page.tsx"), "CustomerAnalyticsPage"),
});

const portfolioRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "portfolio",
  validateSearch: ZPortfolioSearch,
  component: lazyRouteComponent(() => import("../features/health/portfolio-page.tsx"), "PortfolioPage"),
});

const customerHealthRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "portfolio/$orgId",
  component: lazyRouteComponent(() => import("../features/health/customer-health-page.tsx"), "CustomerHealthPage"),
});

const healthModelRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "health-model",
  component: lazyRouteComponent(() => import("../features/health/health-model-page.tsx"), "HealthModelPage"),
});

const renewalsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "renewals",
  component: lazyRouteComponent(() => import("../features/renewals/renewals-page.tsx"), "RenewalsPage"),
});

const ticketRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "tickets/$ticketId",
  component: lazyRouteComponent(() => import("../features/desk/ticket-page.tsx"), "TicketPage"),
});

const deskRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "tickets",
  component: lazyRouteComponent(() => import("../features/desk/desk-page.tsx"), "DeskPage"),
});

const qbrRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "qbrs/$qbrId",
  component: lazyRouteComponent(() => import("../features/qbr/qbr-page.tsx"), "QbrPage"),
});

const contractsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "contracts",
  validateSearch: ZContractsSearch,
  component: lazyRouteComponent(() => import("../features/billing/contracts-page.tsx"), "ContractsPage"),
});

/** contractId "new" opens an empty editor. */
const contractRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "contracts/$contractId",
  component: lazyRouteComponent(() => import("../features/billing/contract-page.tsx"), "ContractPage"),
});

const invoicesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "invoices",
  validateSearch: ZInvoicesSearch,
  component: lazyRouteComponent(() => import("../features/billing/invoices-page.tsx"), "InvoicesPage"),
});

const applicationsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "applications",
  component: lazyRouteComponent(() => import("../features/applications/applications-page.tsx"), "ApplicationsPage"),
});

const applicationRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "applications/$applicationId",
  component: lazyRouteComponent(() => import("../features/applications/application-page.tsx"), "ApplicationPage"),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  staffRoute.addChildren([
    indexRoute, customersRoute, customerRoute, customerAnalyticsRoute, portfolioRoute, customerHealthRoute, healthModelRoute, renewalsRoute, deskRoute, ticketRoute, qbrRoute,
    contractsRoute, contractRoute, invoicesRoute, applicationsRoute, applicationRoute,
  ]),
]);

export const router = createRouter({ routeTree, basepath: "/csm", defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
