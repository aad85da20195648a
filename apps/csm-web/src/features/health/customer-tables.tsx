import { DataTable, formatDate, formatNumber, formatPercent, SUPPORT_LEVEL_LABELS, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { money, RISK_COLORS, type CustomerDetail } from "./format.ts";
import { CellLink } from "../../lib/cell-link.tsx";

type Child = CustomerDetail["children"][number];
type Ticket = CustomerDetail["tickets"][number];
type Contract = NonNullable<CustomerDetail["contract"]>;

/** The customer's child organizations, indented by depth, each with its own health and ARR. */
export function ChildOrganizationsTable({ items, currency }: { items: Child[]; currency: string }) {
  const columns: DataColumn<Child>[] = [
    {
      id: "name",
      header: "Organization",
      cell: (child) => (
        <CellLink text={child.name} pl={(child.depth - 2) * 16} renderRoot={(props) => <Link {...props} to="/portfolio/$orgId" params={{ orgId: child.id }} />} />
      ),
    },
    { id: "health", header: "Health", align: "right", width: "14%", value: (child) => child.score },
    { id: "risk", header: "Risk", width: "16%", cell: (child) => (child.risk ? <Badge color={RISK_COLORS[child.risk]} variant="light">{child.risk}</Badge> : "—") },
    { id: "arr", header: "ARR", align: "right", width: "20%", value: (child) => money(child.arrMinor, currency) },
  ];
  return <DataTable label="Child organizations" columns={columns} data={items} />;
}

const RESOLUTION_COLORS = { breached: "red", met: "teal" } as Record<string, string>;

const TICKET_COLUMNS: DataColumn<Ticket>[] = [
  { id: "number", header: "#", width: 60, sortable: true, value: (t) => t.number },
  { id: "subject", header: "Subject", value: (t) => t.subject },
  { id: "status", header: "Status", width: "18%", value: (t) => t.status.replaceAll("_", " ") },
  { id: "priority", header: "Priority", width: "12%", value: (t) => t.priority },
  {
    id: "resolution",
    header: "Resolution SLA",
    width: "16%",
    cell: (t) => <Badge color={RESOLUTION_COLORS[t.resolution.state] ?? "blue"} variant="light">{t.resolution.state}</Badge>,
  },
];

/** The customer's support tickets with their resolution timer. */
export function CustomerTicketsTable({ tickets }: { tickets: Ticket[] }) {
  return <DataTable label="Customer tickets" columns={TICKET_COLUMNS} data={tickets} empty="No tickets." />;
}

type Term = { label: string; value: ReactNode; text: string };

const TERM_COLUMNS: DataColumn<Term>[] = [
  { id: "term", header: "Term", width: "30%", value: (t) => t.label },
  { id: "value", header: "Value", cell: (t) => t.value },
];

/** The live contract's main terms, one per row. */
export function ContractTermsTable({ contract }: { contract: Contract }) {
  const uptime = formatPercent(contract.slaUptimePercent === null ? null : contract.slaUptimePercent / 100, { fine: true });
  const sla = `${uptime} uptime · p99 ${contract.slaP99LatencyMs === null ? "—" : formatNumber(contract.slaP99LatencyMs)} ms · ${SUPPORT_LEVEL_LABELS[contract.supportLevel] ?? contract.supportLevel} support`;
  const terms: Term[] = [
    { label: "ARR", text: money(contract.annualValueMinor, contract.currency) },
    { label: "Seats", text: formatNumber(contract.seats) },
    { label: "SLA", text: sla },
    { label: "CSM", text: contract.csm ?? "—" },
    { label: "Billing contacts", text: contract.billingContacts.join(", ") || "—" },
  ].map((t) => ({ ...t, value: <TruncatedText text={t.text} /> }));
  terms.splice(2, 0, {
    label: "Renewal",
    text: formatDate(contract.renewalDate),
    value: (
      <>
        {formatDate(contract.renewalDate)} <Badge variant="light">{contract.status.replace("_", " ")}</Badge>
      </>
    ),
  });
  return <DataTable label="Contract" columns={TERM_COLUMNS} data={terms} getRowId={(t) => t.label} />;
}
