import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type MyOrganization = Outputs["org"]["list"][number];
export type HierarchyNode = Outputs["org"]["hierarchy"][number];
