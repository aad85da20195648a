import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

type AuditOutputs = inferRouterOutputs<AppRouter>["audit"]["events"];

export type AuditEvent = AuditOutputs["search"]["rows"][number];
export type AuditExport = AuditOutputs["exports"][number];
