import { recordAudit } from "@atrium/core/audit";
import type { Db } from "@atrium/db";
import type { OrgCaller } from "../auth/caller.ts";

/** One audit event in the customer's log per procedure staff call while impersonating it. */
export async function recordImpersonatedCall(db: Db, caller: OrgCaller, operation: string, type: string, ok: boolean): Promise<void> {
  await recordAudit(db, caller.actor, {
    action: "impersonation.action",
    organizationId: caller.access.organization.id,
    status: ok ? "success" : "error",
    resource: { type: "impersonation", id: caller.impersonation!.sessionId },
    details: { operation, type, writeAccess: caller.impersonation!.writeAccess },
  });
}
