import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type ScimOverview = Outputs["scim"]["overview"];
export type ProvisionedUser = Outputs["scim"]["users"]["rows"][number];
