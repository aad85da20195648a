import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

type ProductGrantsOutputs = inferRouterOutputs<AppRouter>["productGrants"];

export type ProductGrant = ProductGrantsOutputs["list"][number];
export type ProductCatalog = ProductGrantsOutputs["catalog"][number];
