import type { AppRouter } from "@atrium/api";
import { DataTable, formatDate, TruncatedText, type DataColumn } from "@atrium/ui";
import { Anchor, Badge, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
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
        <Anchor
          renderRoot={(props) => <Link {...props} to="/applications/$applicationId" params={{ applicationId: a.id }} />}
          truncate="end"
          title={a.name}
          size="sm"
        >
          {a.name}
        </Anchor>
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
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">Applications</Title>
          <Text c="dimmed">Your product and its back ends: they sign people in through Atrium and call its /v1 API with a secret key.</Text>
        </div>
        {canManage && <Button onClick={() => setRegistering(true)}>Register application</Button>}
      </Group>
      <DataTable
        label="Applications"
        urlKey="applications"
        columns={columns}
        data={applications.data}
        getRowId={(a) => a.id}
        error={applications.error}
        onRetry={() => void applications.refetch()}
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
