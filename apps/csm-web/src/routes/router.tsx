import { signedInOr } from "@atrium/ui";
import { createRootRoute, createRoute, createRouter, Outlet, redirect } from "@tanstack/react-router";
import { z } from "zod";
import { ApplicationPage } from "../features/applications/application-page.tsx";
import { ApplicationsPage } from "../features/applications/applications-page.tsx";
import { LoginPage } from "../features/auth/login-page.tsx";
import { CustomerPage } from "../features/customers/customer-page.tsx";
import { CustomersPage } from "../features/customers/customers-page.tsx";
import { StaffLayout } from "../features/customers/staff-layout.tsx";
import { DeskPage } from "../features/desk/desk-page.tsx";
import { TicketPage } from "../features/desk/ticket-page.tsx";
import { CustomerHealthPage } from "../features/health/customer-health-page.tsx";
import { HealthModelPage } from "../features/health/health-model-page.tsx";
import { PortfolioPage } from "../features/health/portfolio-page.tsx";
import { ZPortfolioSearch } from "../features/health/portfolio-search.ts";
import { QbrPage } from "../features/qbr/qbr-page.tsx";
import { RenewalsPage } from "../features/renewals/renewals-page.tsx";
import { ContractPage } from "../features/billing/contract-page.tsx";
import { ContractsPage } from "../features/billing/contracts-page.tsx";
import { ZContractsSearch, ZInvoicesSearch } from "../features/billing/format.ts";
import { InvoicesPage } from "../features/billing/invoices-page.tsx";
import { queryClient, trpc } from "../lib/api.ts";

const rootRoute = createRootRoute({ component: Outlet });

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: z.object({ redirect: z.string().regex(/^\/(?!\/)[\w\-/]*$/).optional().catch(undefined) }),
  component: LoginPage,
});

export const staffRoute = createRoute({
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

export const customersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "customers",
  validateSearch: ZCustomerSearch,
  component: CustomersPage,
});

export const customerRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "customers/$customerId",
  component: CustomerPage,
});

export const portfolioRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "portfolio",
  validateSearch: ZPortfolioSearch,
  component: PortfolioPage,
});

export const customerHealthRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "portfolio/$orgId",
  component: CustomerHealthPage,
});

export const healthModelRoute = createRoute({ getParentRoute: () => staffRoute, path: "health-model", component: HealthModelPage });
export const renewalsRoute = createRoute({ getParentRoute: () => staffRoute, path: "renewals", component: RenewalsPage });
export const deskRoute = createRoute({ getParentRoute: () => staffRoute, path: "tickets", component: DeskPage });
const ticketRoute = createRoute({ getParentRoute: () => staffRoute, path: "tickets/$ticketId", component: TicketPage });
export const qbrRoute = createRoute({ getParentRoute: () => staffRoute, path: "qbrs/$qbrId", component: QbrPage });

export const contractsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "contracts",
  validateSearch: ZContractsSearch,
  component: ContractsPage,
});

/** contractId "new" opens an empty editor. */
export const contractRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "contracts/$contractId",
  component: ContractPage,
});

export const invoicesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: "invoices",
  validateSearch: ZInvoicesSearch,
  component: InvoicesPage,
});

export const applicationsRoute = createRoute({ getParentRoute: () => staffRoute, path: "applications", component: ApplicationsPage });
export const applicationRoute = createRoute({ getParentRoute: () => staffRoute, path: "applications/$applicationId", component: ApplicationPage });

const routeTree = rootRoute.addChildren([
  loginRoute,
  staffRoute.addChildren([
    indexRoute, customersRoute, customerRoute, portfolioRoute, customerHealthRoute, healthModelRoute, renewalsRoute, deskRoute, ticketRoute, qbrRoute,
    contractsRoute, contractRoute, invoicesRoute, applicationsRoute, applicationRoute,
  ]),
]);

export const router = createRouter({ routeTree, basepath: "/csm", defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
