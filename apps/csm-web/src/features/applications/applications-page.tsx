import { errorMessage } from "@atrium/ui";
import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { ApplicationFormModal } from "./application-form-modal.tsx";
import { useCanManageApplications } from "./permissions.ts";

const formatDate = (d: Date) => d.toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric" });

/** The vendor's applications: every staff member reads them; super admins register them. */
export function ApplicationsPage() {
  const applications = useQuery(trpc.applications.list.queryOptions());
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
      {applications.isPending && <Loader aria-label="Loading applications" />}
      {applications.isError && <Alert color="red" role="alert">{errorMessage(applications.error)}</Alert>}
      {applications.data && (
        <Table aria-label="Applications" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Client id</Table.Th>
              <Table.Th ta="right">Redirect URIs</Table.Th>
              <Table.Th ta="right">Live keys</Table.Th>
              <Table.Th>Registered</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {applications.data.length === 0 && (
              <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center" py="lg">No application is registered yet.</Text></Table.Td></Table.Tr>
            )}
            {applications.data.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor renderRoot={(props) => <Link {...props} to="/applications/$applicationId" params={{ applicationId: a.id }} />}>{a.name}</Anchor>{" "}
                  {a.archivedAt && <Badge variant="light" color="gray">archived</Badge>}
                </Table.Td>
                <Table.Td><Text ff="monospace" size="sm">{a.slug}</Text></Table.Td>
                <Table.Td ta="right">{a.redirectUris.length}</Table.Td>
                <Table.Td ta="right">{a.activeKeys}</Table.Td>
                <Table.Td>{formatDate(a.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
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
