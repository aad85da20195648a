import type { ReactNode } from "react";
import { DataTable } from "../data-table/index.ts";
import { formatDateTime, formatNumber } from "@atrium/format";
import { AnalyticsCard } from "./analytics-card.tsx";

export interface TopMemberRow {
  userId: string;
  name: string;
  email: string;
  actions: number;
  lastActiveAt: Date | null;
}

/** Members by audited actions in the range, most first, with when each was last active. */
export function TopMembersCard({ rows, controls }: { rows: readonly TopMemberRow[]; controls?: ReactNode }) {
  return (
    <AnalyticsCard title="Top members" description="By actions recorded in the audit log during the range." controls={controls}>
      <DataTable
        label="Top members"
        data={rows}
        getRowId={(r) => r.userId}
        empty="Nobody did anything recorded in the audit log in this range."
        columns={[
          { id: "name", header: "Member", value: (r) => r.name, width: "30%" },
          { id: "email", header: "E-mail", value: (r) => r.email },
          { id: "actions", header: "Actions", value: (r) => r.actions, cell: (r) => formatNumber(r.actions), align: "right", width: 110 },
          { id: "last", header: "Last active", value: (r) => r.lastActiveAt, cell: (r) => formatDateTime(r.lastActiveAt), width: 200 },
        ]}
      />
    </AnalyticsCard>
  );
}
