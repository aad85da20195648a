import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { EmptyRow } from "../../lib/empty-row.tsx";
import { ssoRoute } from "../../routes/router.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { CertificateBadge } from "./certificate-badge.tsx";
import { DomainsCard } from "./domains-card.tsx";
import { EnforcementCard } from "./enforcement-card.tsx";
import { NewConnectionModal } from "./new-connection-modal.tsx";
import { PROTOCOL_LABELS } from "./labels.ts";
import { Sha1Badge } from "./signature-badge.tsx";

/** Single sign-on: the organization's connections, its verified domains and enforcement. */
export function SsoPage() {
  const { orgId } = ssoRoute.useParams();
  const access = useMyAccess(orgId);
  const connections = useQuery({ ...trpc.sso.connections.list.queryOptions({ orgId }), enabled: access.can("sso:read") });
  const [adding, setAdding] = useState(false);

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">Single sign-on</Title>
          <Text c="dimmed">
            Connect your identity provider (SAML or OpenID Connect), test it, then require it for your domains. New connections
            start in test mode: passwords keep working until you enforce SSO.
          </Text>
        </div>
        {access.can("sso:create") && <Button onClick={() => setAdding(true)}>Add connection</Button>}
      </Group>
      {access.isPending && <Loader aria-label="Loading your access" />}
      {access.can("sso:read") && (
        <Paper withBorder p="lg" component="section" aria-label="Connections">
          <Stack gap="sm">
            <Title order={2} size="h4">Connections</Title>
            {connections.isError && <Alert color="red" role="alert">{errorMessage(connections.error)}</Alert>}
            <Table verticalSpacing="sm" aria-label="SSO connections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Protocol</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>IdP certificate</Table.Th>
                  <Table.Th>Last sign-in</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {connections.isPending && (
                  <Table.Tr>
                    <Table.Td colSpan={5}><Loader size="sm" aria-label="Loading connections" /></Table.Td>
                  </Table.Tr>
                )}
                {connections.data?.length === 0 && <EmptyRow colSpan={5}>No connection yet. Add one to let people sign in with your IdP.</EmptyRow>}
                {connections.data?.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Link to="/orgs/$orgId/sso/$connectionId" params={{ orgId, connectionId: c.id }}>{c.name}</Link>
                    </Table.Td>
                    <Table.Td>{PROTOCOL_LABELS[c.protocol]}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={c.status === "live" ? "green" : "yellow"}>{c.status === "live" ? "Live" : "Test mode"}</Badge>
                    </Table.Td>
                    <Table.Td>
                      {c.protocol === "oidc" ? (
                        <Text size="sm" c="dimmed">Keys from the provider's JWKS</Text>
                      ) : c.certificates.length === 0 ? (
                        <Text size="sm" c="dimmed">Not configured</Text>
                      ) : (
                        <Stack gap={4}>
                          {c.certificates.map((cert) => <CertificateBadge key={cert.fingerprint} certificate={cert} />)}
                          <Sha1Badge connection={c} />
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>{c.lastLoginAt ? c.lastLoginAt.toLocaleString() : "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Paper>
      )}
      {access.can("sso:read") && <DomainsCard orgId={orgId} canManage={access.can("sso:manage_domains")} />}
      {access.can("sso:read") && <EnforcementCard orgId={orgId} canEnforce={access.can("sso:enforce")} />}
      {adding && <NewConnectionModal orgId={orgId} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
