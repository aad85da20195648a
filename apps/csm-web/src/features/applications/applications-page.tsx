import type { AppRouter } from "@atrium/api";
import { type DataColumn, DataTable, formatDate, PageHeader, TruncatedText } from "@atrium/ui";
import { Badge, Button, Group, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { CellLink } from "../../lib/cell-link.tsx";
import { trpc } from "../../lib/api.ts";
import { ApplicationFormModal } from "./application-form-modal.tsx";
import { useCanManageApplications } from "./permissions.ts";

type Application = inferRouterOutputs<AppRouter>["staff"]["applications"]["list"][number];

const columns: DataColumn<Application>[] = [
  {
    id: "name",
    header: "Name",
    sortable: true,
    width: "30%",
    value: (a) => a.name,
    cell: (a) => (
      <Group gap="xs" wrap="nowrap">
        <CellLink text={a.name} renderRoot={(props) => <Link {...props} to="/applications/$applicationId" params={{ applicationId: a.id }} />} />
        {a.archivedAt && <Badge variant="light" color="gray">archived</Badge>}
      </Group>
    ),
  },
  { id: "slug", header: "Client id", sortable: true, value: (a) => a.slug, cell: (a) => <TruncatedText text={a.slug} ff="monospace" /> },
  { id: "redirects", header: "Redirect URIs", align: "right", sortable: true, value: (a) => a.redirectUris.length },
  { id: "keys", header: "Live keys", align: "right", sortable: true, value: (a) => a.activeKeys },
  { id: "created", header: "Registered", sortable: true, value: (a) => a.createdAt, cell: (a) => formatDate(a.createdAt) },
];

/** The vendor's applications: every staff member reads them; super admins register them. */
export function ApplicationsPage() {
  const applications = useQuery(trpc.staff.applications.list.queryOptions());
  const canManage = useCanManageApplications();
  const navigate = useNavigate();
  const [registering, setRegistering] = useState(false);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Applications"
        description="Your product and its back ends: they sign people in through Atrium and call its /v1 API with a secret key."
        actions={canManage && <Button onClick={() => setRegistering(true)}>Register application</Button>}
      />
      <DataTable
        label="Applications"
        urlKey="applications"
        columns={columns}
        query={applications}
        empty="No application is registered yet."
      />
      {registering && (
        <ApplicationFormModal
          application={null}
          onClose={() => setRegistering(false)}
          onSaved={(id) => void navigate({ to: "/applications/$applicationId", params: { applicationId: id } })}
        />
      )}
    </Stack>
  );
}
