import { errorMessage, PageHeader } from "@atrium/ui";
import { Alert, Anchor, Badge, Button, Card, List, Loader, SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { trpc } from "../../lib/api.ts";
import { ApplicationFormModal } from "./application-form-modal.tsx";
import { KeysCard } from "./keys-card.tsx";
import { useCanManageApplications } from "./permissions.ts";
import { WebhooksCard } from "./webhooks-card.tsx";

const route = getRouteApi("/staff/applications/$applicationId");

function Uris({ label, uris }: { label: string; uris: string[] }) {
  return (
    <div>
      <Text size="sm" fw={500}>{label}</Text>
      {uris.length ? (
        <List size="sm">{uris.map((u) => <List.Item key={u}><Text ff="monospace" size="sm" truncate="end">{u}</Text></List.Item>)}</List>
      ) : (
        <Text size="sm" c="dimmed">None</Text>
      )}
    </div>
  );
}

const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <div>
    <Text size="sm" fw={500}>{label}</Text>
    <Text size="sm" component="div">{children}</Text>
  </div>
);

/** One application: its client id and URIs (editable by super admins), its secret keys and its webhooks. */
export function ApplicationPage() {
  const { applicationId } = route.useParams();
  const application = useQuery(trpc.staff.applications.get.queryOptions({ applicationId }));
  const canManage = useCanManageApplications();
  const [editing, setEditing] = useState(false);

  if (application.isPending) return <Loader aria-label="Loading the application" />;
  if (application.isError) return <Alert color="red" role="alert">{errorMessage(application.error)}</Alert>;
  const app = application.data;
  return (
    <Stack gap="lg">
      <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/applications" />}>← Applications</Anchor>
      <PageHeader
        title={<>{app.name} {app.archivedAt && <Badge color="gray" variant="light">archived</Badge>}</>}
        description={app.description || undefined}
        actions={canManage && !app.archivedAt && <Button variant="default" onClick={() => setEditing(true)}>Edit</Button>}
      />
      <Card withBorder component="section" aria-label="Sign-in settings">
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Field label="Client id"><Text ff="monospace" size="sm">{app.slug}</Text></Field>
          <Field label="Back-channel logout URI">{app.backchannelLogoutUri ? <Text ff="monospace" size="sm">{app.backchannelLogoutUri}</Text> : <Text size="sm" c="dimmed">None</Text>}</Field>
          <Uris label="Redirect URIs" uris={app.redirectUris} />
          <Uris label="Post-logout redirect URIs" uris={app.postLogoutRedirectUris} />
        </SimpleGrid>
      </Card>
      <KeysCard applicationId={app.id} keys={app.secretKeys} canManage={canManage} archived={app.archivedAt !== null} />
      <WebhooksCard applicationId={app.id} canManage={canManage} archived={app.archivedAt !== null} />
      {editing && <ApplicationFormModal application={app} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
    </Stack>
  );
}
