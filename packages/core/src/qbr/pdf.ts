/**
 * A QBR as PDF (pdfkit, Inter embedded): a branded header (the vendor's mark
 * and name, the customer's name and quarter), the summary, key figures this
 * quarter vs the last, usage by month and the health trend as charts with
 * axes, service levels by month, signals and recommendations, and an
 * appendix naming each figure's source query.
 */
import { formatDate, formatNumber } from "@atrium/format";
import PDFDocument from "pdfkit";
import { drawChart } from "../pdf/chart.ts";
import { FONT, useInter } from "../pdf/fonts.ts";
import type { QbrContent } from "./service.ts";

/** Who the QBR is from: the vendor running Atrium, shown in the header. */
export const QBR_VENDOR = "Atrium";
const BRAND = "#4150f0";
const MUTED = "#555b66";
const MARGIN = 48;
/** The header band's height; pages flow below it. */
const BAND = 64;

const fmt = (v: number | null, unit: string) => {
  if (v === null) return "—";
  const n = formatNumber(v);
  return unit === "percent" ? `${n}%` : unit === "hours" ? `${n} h` : unit === "ms" ? `${n} ms` : unit === "count" ? formatNumber(Math.round(v)) : n;
};

const MONTH = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const monthLabel = (month: string) => MONTH.format(new Date(`${month}-01T00:00:00Z`));
const weekLabel = (day: string) => DAY.format(new Date(`${day}T00:00:00Z`));
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000);

function header(doc: PDFKit.PDFDocument, content: QbrContent) {
  const width = doc.page.width;
  doc.save();
  doc.rect(0, 0, width, BAND).fill(BRAND);
  doc.roundedRect(MARGIN, 18, 28, 28, 7).fill("#ffffff");
  doc.font(FONT.bold).fontSize(17).fillColor(BRAND).text("A", MARGIN, 22, { width: 28, align: "center", lineBreak: false });
  doc.fillColor("#ffffff").fontSize(15).text(QBR_VENDOR, MARGIN + 38, 17, { lineBreak: false });
  doc.font(FONT.regular).fontSize(8.5).fillColor("#dadeff").text("Customer success", MARGIN + 38, 37, { lineBreak: false });
  const right = { width: width / 2 - MARGIN, align: "right" as const, lineBreak: false, ellipsis: true };
  doc.font(FONT.bold).fontSize(13).fillColor("#ffffff").text(content.organization.name, width / 2, 17, right);
  doc.font(FONT.regular).fontSize(9).fillColor("#dadeff").text(`Quarterly business review · ${content.quarter}`, width / 2, 37, right);
  doc.restore();
  doc.font(FONT.regular).fillColor("#000");
  doc.x = MARGIN;
  doc.y = BAND + 24;
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(0.8).font(FONT.bold).fontSize(12.5).fillColor("#111").text(text, MARGIN).font(FONT.regular).fontSize(9.5).fillColor("#000").moveDown(0.3);
}

/** A bulleted paragraph whose wrapped lines align with its first. */
function bullet(doc: PDFKit.PDFDocument, text: string, width: number) {
  ensureRoom(doc, 14);
  const y = doc.y;
  doc.text("•", MARGIN, y, { lineBreak: false });
  doc.text(text, MARGIN + 12, y, { width: width - 12, paragraphGap: 2 });
  doc.x = MARGIN;
}

/** Starts a new page when `height` points do not fit under the cursor. */
function ensureRoom(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

/** Rows of cells at fixed column positions, the first row bold, with hairlines. */
function table(doc: PDFKit.PDFDocument, columns: { width: number; align?: "left" | "right" }[], rows: string[][]) {
  const total = columns.reduce((a, c) => a + c.width, 0);
  rows.forEach((cells, r) => {
    ensureRoom(doc, 16);
    const y = doc.y;
    doc.font(r === 0 ? FONT.bold : FONT.regular).fillColor(r === 0 ? MUTED : "#000");
    let x = MARGIN;
    let bottom = y;
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      doc.text(cell, x, y, { width: column.width - 8, align: column.align ?? "left" });
      bottom = Math.max(bottom, doc.y);
      x += column.width;
    });
    doc.moveTo(MARGIN, bottom + 2).lineTo(MARGIN + total, bottom + 2).lineWidth(0.4).strokeColor("#d7d9de").stroke();
    doc.y = bottom + 5;
  });
  doc.x = MARGIN;
  doc.font(FONT.regular).fillColor("#000");
}

export function qbrPdf(content: QbrContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margins: { top: BAND + 24, bottom: MARGIN, left: MARGIN, right: MARGIN }, info: { Title: `${content.organization.name} QBR ${content.quarter}`, Author: QBR_VENDOR } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  useInter(doc);
  header(doc, content);
  doc.on("pageAdded", () => header(doc, content));
  const width = doc.page.width - 2 * MARGIN;

  doc.font(FONT.bold).fontSize(18).text(`Quarterly business review ${content.quarter}`);
  doc.font(FONT.regular).fontSize(10).fillColor(MUTED).text(`${formatDate(content.periodStart)} – ${formatDate(dayBefore(content.periodEnd))}`).fillColor("#000");

  heading(doc, "Executive summary");
  for (const line of content.summary) bullet(doc, line, width);

  heading(doc, "Key figures");
  const ordered = (content.figureOrder ?? Object.keys(content.figures)).map((k) => content.figures[k as keyof typeof content.figures]).filter((f) => f !== undefined);
  table(
    doc,
    [{ width: width * 0.5 }, { width: width * 0.25, align: "right" }, { width: width * 0.25, align: "right" }],
    [["Figure", "This quarter", "Previous quarter"], ...ordered.map((f) => [f.label, fmt(f.value, f.unit), fmt(f.previous, f.unit)])],
  );

  ensureRoom(doc, 190);
  heading(doc, "Usage and health");
  const top = doc.y;
  const half = (width - 24) / 2;
  const usage = content.charts.usageByMonth.rows;
  doc.font(FONT.bold).fontSize(9).fillColor(MUTED).text("API calls and operations by month", MARGIN, top, { width: half });
  drawChart(doc, { x: MARGIN, y: top + 14, width: half, height: 140 }, {
    kind: "bar",
    categories: usage.map((r) => monthLabel(r.month)),
    series: [
      { label: "API calls", color: BRAND, values: usage.map((r) => r.api_calls) },
      { label: "Operations", color: "#12b886", values: usage.map((r) => r.operations) },
    ],
  });
  const health = content.charts.healthByWeek.rows;
  doc.font(FONT.bold).fontSize(9).fillColor(MUTED).text("Health score by week", MARGIN + half + 24, top, { width: half });
  if (health.length) {
    drawChart(doc, { x: MARGIN + half + 24, y: top + 14, width: half, height: 140 }, {
      kind: "line",
      categories: health.map((r) => weekLabel(r.week)),
      series: [{ label: "Health", color: BRAND, values: health.map((r) => r.score) }],
      domain: [0, 100],
      format: (v) => formatNumber(v),
    });
  } else {
    doc.font(FONT.regular).fontSize(9.5).fillColor("#000").text("No scores in the period.", MARGIN + half + 24, top + 20, { width: half });
  }
  doc.x = MARGIN;
  doc.y = top + 14 + 140 + 6;
  doc.font(FONT.regular).fontSize(9.5).fillColor("#000");

  ensureRoom(doc, 40 + 17 * (content.charts.slaByMonth.rows.length + 1));
  heading(doc, "Service levels by month");
  const pct = (v: number | null) => (v === null ? "—" : `${formatNumber(v)}%`);
  const ms = (v: number | null) => (v === null ? "—" : `${formatNumber(v)} ms`);
  table(
    doc,
    [{ width: width * 0.2 }, { width: width * 0.2, align: "right" }, { width: width * 0.2, align: "right" }, { width: width * 0.2, align: "right" }, { width: width * 0.2, align: "right" }],
    [["Month", "Uptime", "Commitment", "p99 latency", "Commitment"], ...content.charts.slaByMonth.rows.map((r) => [monthLabel(r.month), pct(r.uptime_pct), pct(r.uptime_target), ms(r.p99_latency_ms), ms(r.p99_target)])],
  );
  if (content.renewal) {
    heading(doc, "Renewal");
    doc.text(`${formatDate(content.renewal.renewalDate)} (${formatNumber(content.renewal.daysLeft)} days).`);
  }
  heading(doc, "Expansion signals");
  for (const s of content.expansionSignals.length ? content.expansionSignals : ["None this quarter."]) bullet(doc, s, width);
  heading(doc, "Recommendations");
  for (const r of content.recommendations) bullet(doc, r, width);

  doc.addPage();
  doc.font(FONT.bold).fontSize(12.5).text("Sources");
  doc.fontSize(8).fillColor("#333");
  for (const f of ordered) {
    doc.font(FONT.bold).text(`${f.label} = ${fmt(f.value, f.unit)}  (params ${f.source.params.slice(1).join(" … ")})`);
    doc.font(FONT.mono).text(f.source.sql.replace(/\s+/g, " "));
    doc.font(FONT.regular).moveDown(0.5);
  }
  doc.end();
  return done;
}
