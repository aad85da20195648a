import { type DataColumn, DataTable, formatDateTime, formatNumber, SectionCard, TruncatedText } from "@atrium/ui";
import { Badge, Switch } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import type { ScimRequest } from "./types.ts";

const COLUMNS: DataColumn<ScimRequest>[] = [
  { id: "time", header: "Time", width: "18%", value: (r) => formatDateTime(r.createdAt) },
  { id: "request", header: "Request", width: "30%", cell: (r) => <TruncatedText text={`${r.method} ${r.path}`} ff="monospace" size="xs" /> },
  {
    id: "status",
    header: "Status",
    width: "16%",
    cell: (r) => (
      <Badge color={r.status >= 400 ? "red" : "teal"} variant={r.status >= 400 ? "filled" : "light"} maw="100%">
        {r.status}
        {r.scimType ? ` ${r.scimType}` : ""}
      </Badge>
    ),
  },
  { id: "duration", header: "Duration", width: "10%", align: "right", value: (r) => `${formatNumber(r.durationMs)} ms` },
  { id: "body", header: "Body", cell: (r) => (r.bodyExcerpt ? <TruncatedText text={r.bodyExcerpt} ff="monospace" size="xs" /> : null) },
];

/** The most recent SCIM requests; failures are highlighted and can be shown alone (kept in the URL). */
export function RequestsCard({ orgId, errorsOnly, onErrorsOnly }: { orgId: string; errorsOnly: boolean; onErrorsOnly(v: boolean): void }) {
  const requests = useQuery({ ...trpc.scim.requests.queryOptions({ orgId, errorsOnly, limit: 100 }), refetchInterval: 5000 });
  return (
    <SectionCard title="Recent requests" description="What your identity provider sent, with secrets removed from the bodies. Kept for 30 days.">
      <Switch label="Only failed requests" checked={errorsOnly} onChange={(e) => onErrorsOnly(e.currentTarget.checked)} />
      <DataTable
        label="SCIM requests"
        columns={COLUMNS}
        query={requests}
        empty={errorsOnly ? "No failed requests." : "No requests yet."}
        rowLabel={(r) => `${r.method} ${r.path} ${r.status}`}
        rowTone={(r) => (r.status >= 400 ? "danger" : undefined)}
      />
    </SectionCard>
  );
}
