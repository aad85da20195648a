/**
 * A QBR as PDF (pdfkit): summary, key figures this quarter vs the last, a
 * usage bar chart by month, the health trend, SLA by month, signals and
 * recommendations, and an appendix naming each figure's source query.
 */
import PDFDocument from "pdfkit";
import type { QbrContent } from "./service.ts";

const fmt = (v: number | null, unit: string) =>
  v === null ? "—" : unit === "percent" ? `${v}%` : unit === "hours" ? `${v} h` : unit === "ms" ? `${v} ms` : Math.round(v).toLocaleString("en-US");

export function qbrPdf(content: QbrContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: `${content.organization.name} QBR ${content.quarter}`, Author: "Atrium" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  doc.fontSize(20).text(`${content.organization.name}`, { continued: false });
  doc.fontSize(13).fillColor("#555").text(`Quarterly business review ${content.quarter} (${content.periodStart} to ${content.periodEnd}, exclusive)`);
  doc.moveDown().fillColor("#000").fontSize(14).text("Executive summary");
  doc.fontSize(10);
  for (const line of content.summary) doc.text(`• ${line}`);

  doc.moveDown().fontSize(14).text("Key figures");
  doc.fontSize(10);
  const x = doc.page.margins.left;
  const ordered = (content.figureOrder ?? Object.keys(content.figures)).map((k) => content.figures[k as keyof typeof content.figures]);
  for (const f of ordered) {
    const y = doc.y;
    doc.text(f.label, x, y, { width: 220 });
    doc.text(fmt(f.value, f.unit), x + 230, y, { width: 110 });
    doc.text(`prev. ${fmt(f.previous, f.unit)}`, x + 350, y, { width: 140 });
  }
  doc.x = x;

  // Usage by month: bars.
  doc.moveDown().fontSize(14).text("Usage by month (API calls + operations)", x);
  const rows = content.charts.usageByMonth.rows;
  const max = Math.max(1, ...rows.map((r) => r.api_calls + r.operations));
  const top = doc.y + 6;
  const height = 90;
  rows.forEach((r, i) => {
    const h = ((r.api_calls + r.operations) / max) * height;
    doc.rect(x + i * 70, top + height - h, 44, h).fill("#4150f0");
    doc.fillColor("#000").fontSize(8).text(r.month, x + i * 70, top + height + 4, { width: 60 });
  });
  doc.fillColor("#000");
  doc.y = top + height + 20;

  doc.x = x;
  doc.fontSize(14).text("Health trend (weekly)");
  doc.fontSize(10).text(content.charts.healthByWeek.rows.map((r) => `${r.week}: ${r.score}`).join("   ") || "No scores in the period.");

  doc.moveDown().fontSize(14).text("Service levels by month");
  doc.fontSize(10);
  for (const r of content.charts.slaByMonth.rows) {
    doc.text(
      `${r.month}: uptime ${r.uptime_pct ?? "—"}% (commitment ${r.uptime_target ?? "—"}%), p99 ${r.p99_latency_ms ?? "—"} ms (commitment ${r.p99_target ?? "—"} ms)`,
    );
  }
  if (content.renewal) doc.moveDown().text(`Renewal: ${content.renewal.renewalDate} (${content.renewal.daysLeft} days).`);
  doc.moveDown().fontSize(14).text("Expansion signals");
  doc.fontSize(10);
  for (const s of content.expansionSignals.length ? content.expansionSignals : ["None this quarter."]) doc.text(`• ${s}`);
  doc.moveDown().fontSize(14).text("Recommendations");
  doc.fontSize(10);
  for (const r of content.recommendations) doc.text(`• ${r}`);

  doc.addPage().fontSize(14).text("Sources");
  doc.fontSize(8).fillColor("#333");
  for (const f of ordered) {
    doc.font("Helvetica-Bold").text(`${f.label} = ${fmt(f.value, f.unit)}  (params ${f.source.params.slice(1).join(" … ")})`);
    doc.font("Courier").text(f.source.sql.replace(/\s+/g, " "));
    doc.font("Helvetica").moveDown(0.5);
  }
  doc.end();
  return done;
}
