import { complianceReport } from "@atrium/core/audit";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";

export const ZFramework = z.enum(["soc2", "hipaa", "gdpr"]);
const ZStatus = z.enum(["pass", "warn", "fail", "not_applicable", "no_data"]);

/** A period of at most ten years, ending after it starts. */
export const ZPeriod = z
  .object({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((p) => p.from < p.to, { message: "The period must end after it starts", path: ["to"] })
  .refine((p) => p.to.getTime() - p.from.getTime() <= 3660 * 86_400_000, { message: "Choose a period of at most ten years", path: ["from"] });

const ZControl = z.object({
  key: z.string(),
  title: z.string(),
  reference: z.string(),
  status: ZStatus,
  summary: z.string(),
  evidence: z.array(z.object({ label: z.string(), value: z.string() })),
});

export const ZReport = z.object({
  framework: ZFramework,
  frameworkName: z.string(),
  organization: z.object({ id: z.uuid(), name: z.string(), plan: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  overall: z.enum(["pass", "warn", "fail"]),
  counts: z.record(ZStatus, z.number().int()),
  sections: z.array(z.object({ key: z.string(), title: z.string(), controls: z.array(ZControl) })),
});

export const reportsRouter = router({
  /** The report for a framework and period, to view; downloads (JSON, PDF) are at /api/orgs/:orgId/audit/reports/:framework. */
  generate: permissionProcedure("audit:read_reports")
    .input(ZPeriod.safeExtend({ framework: ZFramework }))
    .output(ZReport)
    .query(({ ctx, input }) => complianceReport(ctx.db, ctx.access.organization.id, input.framework, input.from, input.to)),
});
