import { erasePersonalData, exportPersonalData } from "@atrium/core/privacy";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";

const ZSubject = z.object({ userId: z.uuid() });

/** Data-subject requests (GDPR) within one organization. */
export const privacyRouter = router({
  /** Everything held about the person here, as JSON (the request is audited). */
  exportPersonalData: permissionProcedure("members:export_personal_data")
    .input(ZSubject)
    .output(z.record(z.string(), z.unknown()))
    .mutation(({ ctx, input }) => exportPersonalData(ctx.db, ctx.actor, ctx.access.organization.id, input.userId)),

  /** Pseudonymizes a former member's personal data in the audit log; the hash chain stays verifiable. */
  erasePersonalData: permissionProcedure("members:erase_personal_data")
    .input(ZSubject)
    .output(z.object({ events: z.number().int() }))
    .mutation(({ ctx, input }) => erasePersonalData(ctx.db, ctx.actor, ctx.access.organization.id, input.userId)),
});
