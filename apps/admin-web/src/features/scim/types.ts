import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type ScimOverview = Outputs["scim"]["overview"];
export type ProvisionedUser = Outputs["scim"]["users"]["rows"][number];
export type ScimRequest = Outputs["scim"]["requests"][number];
export type ScimToken = Outputs["scim"]["tokens"][number];
export type ScimGroup = Outputs["scim"]["groups"][number];
export type ScimDeadLetter = ScimOverview["deadLetters"][number];
