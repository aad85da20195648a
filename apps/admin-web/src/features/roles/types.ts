import type { AppRouter } from "@atrium/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type RoleRow = inferRouterOutputs<AppRouter>["roles"]["list"][number];
export type RoleInput = Omit<inferRouterInputs<AppRouter>["roles"]["create"], "orgId">;
export type Condition = NonNullable<RoleInput["conditions"]>[number];
