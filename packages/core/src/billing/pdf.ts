/** Renders an invoice as a PDF (pdfkit, pure JavaScript, built-in Helvetica). */
import PDFDocument from "pdfkit";
import { formatMoney } from "./money.ts";
import type { InvoiceDetail } from "./invoices.ts";

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

  const top = doc.y;
  doc.font("Helvetica-Bold").text("Description", 50, top).text("Quantity", 330, top, { width: 80, align: "right" }).text("Amount", 430, top, { width: 115, align: "right" });
  doc.font("Helvetica");
  doc.moveTo(50, doc.y + 2).lineTo(545, doc.y + 2).stroke();
  doc.moveDown(0.5);
  for (const line of invoice.lines) {
    const y = doc.y;
    const who = line.organizationId !== invoice.organizationId ? ` — ${names[line.organizationId] ?? ""}` : "";
    doc.text(`${line.description}${who}`, 50, y, { width: 270 });
    const after = doc.y;
    doc.text(line.quantity.toLocaleString("en-US"), 330, y, { width: 80, align: "right" });
    doc.text(money(line.amountMinor), 430, y, { width: 115, align: "right" });
    doc.y = Math.max(after, doc.y);
    doc.moveDown(0.3);
  }
  doc.moveTo(50, doc.y + 2).lineTo(545, doc.y + 2).stroke();
  doc.moveDown(0.5);
  const totals: [string, bigint][] = [
    ["Subtotal", invoice.subtotalMinor],
    ["Tax", invoice.taxMinor],
    ["Total", invoice.totalMinor],
    ["Paid", invoice.amountPaidMinor],
    ["Amount due", invoice.status === "void" ? 0n : invoice.totalMinor - invoice.amountPaidMinor],
  ];
  for (const [k, v] of totals) {
    const y = doc.y;
    doc.font(k === "Amount due" ? "Helvetica-Bold" : "Helvetica").text(k, 330, y, { width: 100, align: "right" }).text(money(v), 430, y, { width: 115, align: "right" });
  }
  doc.end();
  return done;
}
