import { formatDate, formatMoney } from "@atrium/format";
import { Badge } from "@mantine/core";
import type { DataColumn } from "../data-table/index.ts";

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

/** What an invoice row shows, in both consoles (the tenant's invoices and the staff list). */
export interface InvoiceRow {
  number: string | null;
  organizationName: string;
  periodStart: Date;
  periodEnd: Date;
  dueDate: Date | null;
  poNumber: string | null;
  totalMinor: bigint;
  currency: string;
  status: InvoiceStatus;
  overdue: boolean;
}

const STATUS_COLOR: Record<InvoiceStatus, string> = { draft: "gray", open: "blue", paid: "green", void: "gray", uncollectible: "red" };

/** An invoice's state as a badge; an open invoice past its due date reads "overdue", in red. */
export function InvoiceStatusBadge({ invoice }: { invoice: Pick<InvoiceRow, "status" | "overdue"> }) {
  return <Badge variant="light" color={invoice.overdue ? "red" : STATUS_COLOR[invoice.status]}>{invoice.overdue ? "overdue" : invoice.status}</Badge>;
}

/**
 * The invoice table's columns: number, the organization (named "For" where a tenant pays for
 * its children, "Customer" for staff), period, due date, PO, total in its currency and status.
 */
export function invoiceColumns<Row extends InvoiceRow>(organization: { header: string; width: string }): DataColumn<Row>[] {
  return [
    { id: "number", header: "Number", value: (i) => i.number ?? "Draft" },
    { id: "organization", header: organization.header, width: organization.width, value: (i) => i.organizationName },
    { id: "period", header: "Period", width: "22%", value: (i) => `${formatDate(i.periodStart)} – ${formatDate(i.periodEnd)}` },
    { id: "due", header: "Due", value: (i) => formatDate(i.dueDate) },
    { id: "po", header: "PO", value: (i) => i.poNumber },
    { id: "total", header: "Total", align: "right", width: "14%", value: (i) => formatMoney(i.totalMinor, i.currency) },
    { id: "status", header: "Status", cell: (i) => <InvoiceStatusBadge invoice={i} /> },
  ];
}
