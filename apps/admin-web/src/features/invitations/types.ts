import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type Invitation = Outputs["invitations"]["list"][number];
export type InvitationStatus = Invitation["status"];
