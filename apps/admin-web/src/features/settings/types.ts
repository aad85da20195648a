import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

export type OrgSettings = inferRouterOutputs<AppRouter>["org"]["settings"];
