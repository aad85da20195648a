import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

export type Group = inferRouterOutputs<AppRouter>["groups"]["list"][number];
