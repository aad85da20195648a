/**
 * Renders an invoice as a PDF (pdfkit, Inter embedded). The line table's
 * quantity and amount columns are as wide as their widest cell (a quantity in
 * the trillions never runs into the amount); the description takes the rest
 * and wraps. Stored bytes read as sizes (1 TB), counts with grouping.
 */
import { formatBytes, formatNumber } from "@atrium/format";
import PDFDocument from "pdfkit";
import { FONT, useInter } from "../pdf/fonts.ts";
import { formatMoney } from "./money.ts";
import type { InvoiceDetail } from "./invoices.ts";

const LEFT = 50;
const RIGHT = 545;
const GAP = 14;

/** A line's quantity as a person reads it: storage in bytes as a size, anything else as a count. */
export function quantityLabel(line: { metric: string | null; quantity: bigint }): string {
  return line.metric === "storage_bytes" ? formatBytes(line.quantity) : formatNumber(line.quantity);
}

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");
const TERMS = { immediate: "Due on receipt", net_30: "Net 30", net_60: "Net 60", net_90: "Net 90" } as const;

export function renderInvoicePdf(invoice: InvoiceDetail): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Invoice ${invoice.number ?? "draft"}`, Author: invoice.issuer?.name ?? "Atrium" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const money = (minor: bigint) => formatMoney(minor, invoice.currency);
  useInter(doc);
  const names = invoice.organizationNames;

  doc.fontSize(20).text(invoice.issuer?.name ?? "Atrium", { continued: false });
  doc.fontSize(9).fillColor("#555").text(invoice.issuer?.address ?? "");
  doc.moveDown();
  doc.fillColor("#000").fontSize(16).text(`Invoice ${invoice.number ?? "(draft)"}`);
  doc.fontSize(10);
  const facts: [string, string][] = [
    ["Status", invoice.status],
    ["Bill to", names[invoice.payerOrganizationId] ?? ""],
    ...(invoice.payerOrganizationId !== invoice.organizationId ? ([["On behalf of", names[invoice.organizationId] ?? ""]] as [string, string][]) : []),
    ["Period", `${iso(invoice.periodStart)} – ${iso(invoice.periodEnd)}`],
    ["Issued", iso(invoice.issuedAt)],
    ["Due", `${iso(invoice.dueDate)} (${TERMS[invoice.paymentTerms]})`],
    ...(invoice.poNumber ? ([["PO number", invoice.poNumber]] as [string, string][]) : []),
    ["Currency", invoice.currency.toUpperCase()],
  ];
  for (const [k, v] of facts) doc.text(`${k}: ${v}`);
  doc.moveDown();

  const totals: [string, bigint][] = [
    ["Subtotal", invoice.subtotalMinor],
    ["Tax", invoice.taxMinor],
    ["Total", invoice.totalMinor],
    ["Paid", invoice.amountPaidMinor],
    ["Amount due", invoice.status === "void" ? 0n : invoice.totalMinor - invoice.amountPaidMinor],
  ];
  // Column widths from the content: the widest cell of each number column (bold, to be safe).
  doc.font(FONT.bold);
  const widest = (cells: string[]) => Math.ceil(Math.max(...cells.map((c) => doc.widthOfString(c)))) + 2;
  const amountWidth = widest(["Amount", ...invoice.lines.map((l) => money(l.amountMinor)), ...totals.map(([, v]) => money(v))]);
  const quantityWidth = widest(["Quantity", ...invoice.lines.map(quantityLabel)]);
  const amountX = RIGHT - amountWidth;
  const quantityX = amountX - GAP - quantityWidth;
  const descriptionWidth = quantityX - GAP - LEFT;

  const top = doc.y;
  doc.text("Description", LEFT, top, { width: descriptionWidth }).text("Quantity", quantityX, top, { width: quantityWidth, align: "right" }).text("Amount", amountX, top, { width: amountWidth, align: "right" });
  doc.font(FONT.regular);
  doc.moveTo(LEFT, doc.y + 2).lineTo(RIGHT, doc.y + 2).stroke();
  doc.moveDown(0.5);
  for (const line of invoice.lines) {
    const y = doc.y;
    const who = line.organizationId !== invoice.organizationId ? ` — ${names[line.organizationId] ?? ""}` : "";
    doc.text(`${line.description}${who}`, LEFT, y, { width: descriptionWidth });
    const after = doc.y;
    doc.text(quantityLabel(line), quantityX, y, { width: quantityWidth, align: "right" });
    doc.text(money(line.amountMinor), amountX, y, { width: amountWidth, align: "right" });
    doc.y = Math.max(after, doc.y);
    doc.moveDown(0.3);
  }
  doc.moveTo(LEFT, doc.y + 2).lineTo(RIGHT, doc.y + 2).stroke();
  doc.moveDown(0.5);
  for (const [k, v] of totals) {
    const y = doc.y;
    doc.font(k === "Amount due" ? FONT.bold : FONT.regular).text(k, LEFT, y, { width: amountX - GAP - LEFT, align: "right" }).text(money(v), amountX, y, { width: amountWidth, align: "right" });
  }
  doc.end();
  return done;
}
