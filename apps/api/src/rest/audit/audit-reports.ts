/**
 * Compliance report downloads: `GET /api/orgs/:orgId/audit/reports/:framework?from&to&format=json|pdf`
 * (session cookie or API key, permission audit:read_reports). Each download
 * is audited.
 */
import { authorize } from "@atrium/core/access";
import { complianceReport, recordAudit, type ComplianceReport, type ControlStatus } from "@atrium/core/audit";
import type { FastifyInstance } from "fastify";
import PDFDocument from "pdfkit";
import { z } from "zod";
import { resolveOrgCaller } from "../../auth/caller.ts";
import { ZFramework, ZPeriod } from "../../routers/audit/reports.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { sendError } from "../errors.ts";
import { sendFile } from "../download.ts";

const ZQuery = z.object({ from: z.coerce.date(), to: z.coerce.date(), format: z.enum(["json", "pdf"]).default("pdf") });

const STATUS: Record<ControlStatus, { label: string; color: string }> = {
  pass: { label: "PASS", color: "#2b8a3e" },
  warn: { label: "WARN", color: "#e67700" },
  fail: { label: "FAIL", color: "#c92a2a" },
  not_applicable: { label: "N/A", color: "#868e96" },
  no_data: { label: "NO DATA", color: "#868e96" },
};

/** The report as a PDF (A4, Helvetica): title page facts, then each section's controls with their evidence. */
export function reportPdf(report: ComplianceReport): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `${report.frameworkName} report — ${report.organization.name}`, Author: "Atrium", CreationDate: new Date(report.generatedAt) } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const day = (iso: string) => iso.slice(0, 10);

  doc.fontSize(20).font("Helvetica-Bold").text(`${report.frameworkName}`);
  doc.moveDown(0.2).fontSize(14).font("Helvetica").text(`Evidence report for ${report.organization.name}`);
  doc.moveDown(0.5).fontSize(10).fillColor("#495057")
    .text(`Period: ${day(report.period.from)} to ${day(report.period.to)} (end exclusive)`)
    .text(`Generated: ${report.generatedAt} · Plan: ${report.organization.plan}`)
    .text(`Controls: ${report.counts.pass} pass, ${report.counts.warn} warn, ${report.counts.fail} fail, ${report.counts.no_data} no data, ${report.counts.not_applicable} not applicable`);
  const overall = STATUS[report.overall];
  doc.moveDown(0.5).fontSize(12).font("Helvetica-Bold").fillColor(overall.color).text(`Overall: ${overall.label}`).fillColor("#000000");

  for (const section of report.sections) {
    doc.moveDown(1).fontSize(14).font("Helvetica-Bold").fillColor("#000000").text(section.title);
    doc.moveTo(50, doc.y + 2).lineTo(545, doc.y + 2).strokeColor("#dee2e6").stroke();
    for (const control of section.controls) {
      const status = STATUS[control.status];
      doc.moveDown(0.6).fontSize(11).font("Helvetica-Bold").fillColor(status.color).text(`[${status.label}] `, { continued: true })
        .fillColor("#000000").text(`${control.title}`, { continued: true })
        .font("Helvetica").fillColor("#868e96").text(`   ${control.reference}`);
      doc.fontSize(10).fillColor("#212529").font("Helvetica").text(control.summary, { indent: 12 });
      for (const e of control.evidence) doc.fontSize(9).fillColor("#495057").text(`• ${e.label}: ${e.value}`, { indent: 24 });
    }
  }
  doc.moveDown(2).fontSize(8).fillColor("#868e96").text(
    "Evidence is drawn from the organization's audit log (hash-chained, append-only) and configuration at generation time. " +
      "SSO, MFA and SCIM figures come from audit events; \"no data\" means none were recorded in the period.",
  );
  doc.end();
  return done;
}

export function registerAuditReports(app: FastifyInstance, deps: ApiDeps) {
  app.get<{ Params: { orgId: string; framework: string }; Querystring: Record<string, string> }>("/api/orgs/:orgId/audit/reports/:framework", async (req, reply) => {
    try {
      const orgId = z.uuid().parse(req.params.orgId);
      const framework = ZFramework.parse(req.params.framework);
      const { format, ...range } = ZQuery.parse(req.query);
      const period = ZPeriod.parse(range);
      const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) };
      const caller = await resolveOrgCaller({ ...deps, req, res: reply, meta }, orgId, "audit.reports.download");
      await authorize(deps.db, caller.actor, caller.access, "audit:read_reports", { operation: "audit.reports.download" });
      const report = await complianceReport(deps.db, orgId, framework, period.from, period.to);
      await recordAudit(deps.db, caller.actor, {
        action: "compliance_report.download",
        organizationId: orgId,
        resource: { type: "compliance_report", id: framework },
        details: { format, from: report.period.from, to: report.period.to, overall: report.overall },
      });
      const name = `${framework}-report-${caller.access.organization.slug}-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}.${format}`;
      if (format === "json") return sendFile(reply, { type: "application/json; charset=utf-8", name }, JSON.stringify(report, null, 2));
      return sendFile(reply, { type: "application/pdf", name }, await reportPdf(report));
    } catch (error) {
      return sendError(reply, error);
    }
  });
}
