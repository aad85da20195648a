import { PageHeader } from "@atrium/ui";
import { Group, Stack } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { useOrgPage } from "../access/use-org-page.ts";
import { ActivityChart } from "./activity-chart.tsx";
import { AuditEvents } from "./audit-events.tsx";
import { AuditFilters } from "./audit-filters.tsx";
import { EventDrawer } from "./event-drawer.tsx";
import { ExportMenu } from "./export-menu.tsx";
import { LiveTail } from "./live-tail.tsx";
import { RecentExports } from "./recent-exports.tsx";
import type { AuditEvent } from "./types.ts";
import { useVerify, VerifyButton, VerifyResult } from "./verify-integrity.tsx";

const auditRoute = getRouteApi("/app/orgs/$orgId/audit");

/** The organization's audit log: filters in the URL, activity chart, events table, exports and the integrity check. */
export function AuditPage() {
  const { orgId, search, access, setSearch } = useOrgPage(auditRoute);
  const navigate = auditRoute.useNavigate();
  const verify = useVerify(orgId);
  const [open, setOpen] = useState<AuditEvent | null>(null);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Audit log"
        description="Every change and every refusal in this organization, in a tamper-evident chain."
        actions={
          <Group gap="sm">
            {access.can("audit:verify") && <VerifyButton verify={verify} />}
            {access.can("audit:export") && <ExportMenu orgId={orgId} search={search} />}
          </Group>
        }
      />
      <VerifyResult verify={verify} />
      <AuditFilters orgId={orgId} search={search} onChange={setSearch} onClear={() => void navigate({ search: {}, replace: true })} />
      <ActivityChart orgId={orgId} search={search} onPickAction={(action) => setSearch({ actions: [action] })} />
      {access.can("audit:export") && <RecentExports orgId={orgId} />}
      {access.can("audit:tail") && <LiveTail orgId={orgId} search={search} onOpen={setOpen} />}
      <AuditEvents orgId={orgId} search={search} onOpen={setOpen} />
      <EventDrawer event={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
