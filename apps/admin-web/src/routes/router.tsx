import { signedInOr } from "@atrium/ui";
import { createRootRoute, createRoute, createRouter, Outlet, redirect } from "@tanstack/react-router";
import { z } from "zod";
import { LoginPage } from "../features/auth/login-page.tsx";
import { AppLayout } from "../features/org/app-layout.tsx";
import { HierarchyPage } from "../features/org/hierarchy-page.tsx";
import { NoOrganizations, NotFoundPage } from "../features/org/empty-states.tsx";
import { queryClient, trpc } from "../lib/api.ts";

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

/** Only same-app paths are accepted as a post-login destination. */
const ZRedirect = z.string().regex(/^\/(?!\/)[\w\-/]*$/).optional().catch(undefined);

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: z.object({ redirect: ZRedirect }),
  component: LoginPage,
});

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

export const orgRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orgs/$orgId",
  validateSearch: z.object({ selected: z.uuid().optional().catch(undefined) }),
  component: HierarchyPage,
});

const routeTree = rootRoute.addChildren([loginRoute, appRoute.addChildren([indexRoute, orgRoute])]);

export const router = createRouter({ routeTree, basepath: "/admin", defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
