import { z } from "zod";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The report on screen, in the URL: framework and period (days, end inclusive). */
export const ZComplianceSearch = z.object({
  framework: z.enum(["soc2", "hipaa", "gdpr"]).default("soc2").catch("soc2"),
  from: ZDay.optional().catch(undefined),
  to: ZDay.optional().catch(undefined),
});
export type TComplianceSearch = z.infer<typeof ZComplianceSearch>;

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The period as the API takes it: [from 00:00 UTC, the day after `to` 00:00 UTC); the last 90 days by default. */
export function periodOf(search: TComplianceSearch): { fromDay: string; toDay: string; from: Date; to: Date } {
  const today = new Date();
  const toDay = search.to ?? iso(today);
  const fromDay = search.from ?? iso(new Date(today.getTime() - 89 * 86_400_000));
  const to = new Date(`${toDay}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  return { fromDay, toDay, from: new Date(`${fromDay}T00:00:00Z`), to };
}

export const downloadHref = (orgId: string, framework: string, from: Date, to: Date, format: "json" | "pdf") =>
  `/api/orgs/${orgId}/audit/reports/${framework}?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), format }).toString()}`;
