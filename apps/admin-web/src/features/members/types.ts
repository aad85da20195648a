import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type Member = Outputs["members"]["list"]["rows"][number];
export type RoleRef = Member["role"];
