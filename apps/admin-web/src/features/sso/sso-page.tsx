import type { AppRouter } from "@atrium/api";
import { type DataColumn, DataTable, PageHeader, TruncatedText } from "@atrium/ui";
import { Badge, Button, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo, useState } from "react";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { CertificateBadge } from "./certificate-badge.tsx";
import { DomainsCard } from "./domains-card.tsx";
import { EnforcementCard } from "./enforcement-card.tsx";
import { NewConnectionModal } from "./new-connection-modal.tsx";
import { PROTOCOL_LABELS } from "./labels.ts";
import { Sha1Badge } from "./signature-badge.tsx";

const ssoRoute = getRouteApi("/app/orgs/$orgId/sso");

type Connection = inferRouterOutputs<AppRouter>["sso"]["connections"]["list"][number];

function connectionColumns(orgId: string): DataColumn<Connection>[] {
  return [
    {
      id: "name",
      header: "Name",
      sortable: true,
      width: "28%",
      value: (c) => c.name,
      cell: (c) => (
        <Link to="/orgs/$orgId/sso/$connectionId" params={{ orgId, connectionId: c.id }} title={c.name} style={{ display: "block", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
          {c.name}
        </Link>
      ),
    },
    { id: "protocol", header: "Protocol", sortable: true, value: (c) => PROTOCOL_LABELS[c.protocol] },
    {
      id: "status",
      header: "Status",
      sortable: true,
      value: (c) => c.status,
      cell: (c) => <Badge variant="light" color={c.status === "live" ? "green" : "yellow"}>{c.status === "live" ? "Live" : "Test mode"}</Badge>,
    },
    {
      id: "certificate",
      header: "IdP certificate",
      width: "26%",
      cell: (c) =>
        c.protocol === "oidc" ? (
          <TruncatedText text="Keys from the provider's JWKS" c="dimmed" />
        ) : c.certificates.length === 0 ? (
          <Text size="sm" c="dimmed">Not configured</Text>
        ) : (
          <Stack gap={4}>
            {c.certificates.map((cert) => <CertificateBadge key={cert.fingerprint} certificate={cert} />)}
            <Sha1Badge connection={c} />
          </Stack>
        ),
    },
    { id: "lastLogin", header: "Last sign-in", sortable: true, value: (c) => c.lastLoginAt },
  ];
}

/** Single sign-on: the organization's connections, its verified domains and enforcement. */
export function SsoPage() {
  const { orgId } = ssoRoute.useParams();
  const access = useMyAccess(orgId);
  const connections = useQuery({ ...trpc.sso.connections.list.queryOptions({ orgId }), enabled: access.can("sso:read") });
  const [adding, setAdding] = useState(false);
  const columns = useMemo(() => connectionColumns(orgId), [orgId]);

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader
        title="Single sign-on"
        description="Connect your identity provider (SAML or OpenID Connect), test it, then require it for your domains. New connections start in test mode: passwords keep working until you enforce SSO."
        actions={access.can("sso:create") && <Button onClick={() => setAdding(true)}>Add connection</Button>}
      />
      {access.isPending && <Loader aria-label="Loading your access" />}
      {access.can("sso:read") && (
        <Paper withBorder p="lg" component="section" aria-label="Connections">
          <Stack gap="sm">
            <Title order={2} size="h4">Connections</Title>
            <DataTable
              label="SSO connections"
              urlKey="connections"
              columns={columns}
              query={connections}
              empty="No connection yet. Add one to let people sign in with your IdP."
            />
          </Stack>
        </Paper>
      )}
      {access.can("sso:read") && <DomainsCard orgId={orgId} canManage={access.can("sso:manage_domains")} />}
      {access.can("sso:read") && <EnforcementCard orgId={orgId} canEnforce={access.can("sso:enforce")} />}
      {adding && <NewConnectionModal orgId={orgId} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
