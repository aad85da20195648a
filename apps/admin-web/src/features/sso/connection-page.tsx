import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Stepper, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { RouterAnchor } from "../../lib/router-links.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { CertificateBadge } from "./certificate-badge.tsx";
import { CertificatesCard } from "./certificates-card.tsx";
import { IdentitiesCard } from "./identities-card.tsx";
import { IdpSettingsForm } from "./idp-settings-form.tsx";
import { PROTOCOL_LABELS } from "./labels.ts";
import { RoleMappingsCard } from "./role-mappings-card.tsx";
import { Sha1Badge } from "./signature-badge.tsx";
import { SpValues } from "./sp-values.tsx";
import { GoLiveStep } from "./go-live-step.tsx";
import { TestResults } from "./test-results.tsx";

const connectionRoute = getRouteApi("/app/orgs/$orgId/sso/$connectionId");

/**
 * One connection as a wizard: (1 provider, chosen when it was added) → 2 copy
 * our values into the IdP → 3 paste the IdP's metadata or discovery URL →
 * 4 test → 5 go live (and enforce on the SSO page). Role mappings below.
 */
export function ConnectionPage() {
  const { orgId, connectionId } = connectionRoute.useParams();
  const { test } = connectionRoute.useSearch();
  const navigate = useNavigate();
  const access = useMyAccess(orgId);
  const connection = useQuery(trpc.sso.connections.get.queryOptions({ orgId, connectionId }));
  const providers = useQuery(trpc.sso.providers.queryOptions({ orgId }));
  const results = useQuery({ ...trpc.sso.connections.testResults.queryOptions({ orgId, connectionId }), enabled: access.can("sso:test") });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sso.connections.get.queryKey() });
  const remove = useMutation(
    trpc.sso.connections.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.sso.connections.list.queryKey() });
        await navigate({ to: "/orgs/$orgId/sso", params: { orgId } });
      },
    }),
  );
  const [step, setStep] = useState<number | null>(null);

  if (connection.isPending) return <Loader aria-label="Loading the connection" />;
  if (connection.isError) return <Alert color="red" role="alert">{errorMessage(connection.error)}</Alert>;
  const c = connection.data;
  const preset = providers.data?.find((p) => p.key === c.provider);
  const configured = c.protocol === "saml" ? c.certificates.length > 0 && Boolean(c.idpSsoUrl) : Boolean(c.oidc.clientId && c.oidc.tokenUrl);
  // Only the latest run counts: a test that failed after an earlier pass means the settings broke.
  const tested = results.data?.[0]?.ok === true;
  // Back from a test sign-in: show its result; otherwise the first step still to do.
  const suggested = test ? 3 : !configured ? 1 : c.status === "live" || tested ? 4 : 3;
  const active = step ?? suggested;
  // The address the console is open at, not the configured public URL: the session cookie belongs to it.
  const testUrl = `${new URL(c.protocol === "saml" ? c.sp.samlLoginUrl : c.sp.oidcLoginUrl).pathname}?test=1`;
  const canEdit = access.can("sso:update");

  return (
    <Stack gap="lg" maw={1100}>
      <RouterAnchor to="/orgs/$orgId/sso" params={{ orgId }} size="sm">← Single sign-on</RouterAnchor>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">{c.name}</Title>
          <Group gap="xs">
            <Badge variant="light">{preset?.label ?? c.provider}</Badge>
            <Badge variant="light" color="gray">{PROTOCOL_LABELS[c.protocol]}</Badge>
            <Badge variant="light" color={c.status === "live" ? "green" : "yellow"}>{c.status === "live" ? "Live" : "Test mode"}</Badge>
            {c.certificates.map((cert) => <CertificateBadge key={cert.fingerprint} certificate={cert} />)}
            <Sha1Badge connection={c} />
            {c.protocol === "oidc" && c.oidc.trustUnverifiedEmail && (
              <Badge variant="light" color="red" title="E-mail addresses the provider has not verified are accepted">Trusts unverified e-mail</Badge>
            )}
          </Group>
        </div>
        {access.can("sso:delete") && (
          <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate({ orgId, connectionId })}>Delete connection</Button>
        )}
      </Group>
      <MutationError error={remove.error} />

      <Paper withBorder p="lg" component="section" aria-label="Setup">
        <Stepper active={active} onStepClick={setStep} size="sm">
          <Stepper.Step label="Provider" description={preset?.label ?? c.provider} />
          <Stepper.Step label="Copy our values" description="Into your IdP">
            <Stack gap="md" mt="md">
              <SpValues connection={c} />
              {preset && (
                <div>
                  <Title order={3} size="h5">Setup guide — {preset.label}</Title>
                  <ol>
                    {preset.guide[c.protocol].map((line) => (
                      <li key={line}><Text size="sm">{fill(line, c.sp)}</Text></li>
                    ))}
                  </ol>
                </div>
              )}
              <Group justify="flex-end"><Button onClick={() => setStep(2)}>Next: IdP settings</Button></Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="IdP settings" description={c.protocol === "saml" ? "Metadata XML" : "Discovery URL"}>
            <Stack mt="md">
              {canEdit ? (
                <IdpSettingsForm orgId={orgId} connection={c} onSaved={async () => { await refresh(); setStep(3); }} />
              ) : (
                <Text c="dimmed">You can view this connection but not change it.</Text>
              )}
            </Stack>
          </Stepper.Step>
          <Stepper.Step
            label="Test"
            description={tested ? "Passed" : "No passing test yet"}
            completedIcon={tested ? undefined : <span aria-hidden>!</span>}
            color={tested ? undefined : "orange"}
          >
            <Stack mt="md">
              <Text size="sm">
                Sign in through your IdP without creating a session: you come back here with the attributes it sent, or the exact
                reason it was refused.
              </Text>
              <Group>
                {access.can("sso:test") && configured && (
                  <Button component="a" href={testUrl}>Test connection</Button>
                )}
                {!configured && <Text size="sm" c="dimmed">Save the IdP settings first.</Text>}
              </Group>
              {results.data && <TestResults results={results.data} highlight={test ?? null} />}
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Go live" description="Then enforce">
            <GoLiveStep orgId={orgId} connection={c} tested={tested} configured={configured} canEdit={canEdit} />
          </Stepper.Step>
        </Stepper>
      </Paper>

      <RoleMappingsCard orgId={orgId} connectionId={connectionId} defaultRole={c.defaultRole.name} canEdit={access.can("sso:manage_group_mappings")} />
      <IdentitiesCard orgId={orgId} connectionId={connectionId} canEdit={canEdit} />
      {c.protocol === "saml" && (
        <CertificatesCard orgId={orgId} connectionId={connectionId} metadataUrl={c.sp.metadataUrl} canRotate={access.can("sso:rotate_certificates")} canUpdate={canEdit} />
      )}
    </Stack>
  );
}

function fill(line: string, sp: { entityId: string; acsUrl: string; metadataUrl: string; redirectUri: string }) {
  return line.replace("{entityId}", sp.entityId).replace("{acsUrl}", sp.acsUrl).replace(/\{acsUrl\}/g, sp.acsUrl).replace("{metadataUrl}", sp.metadataUrl).replace("{redirectUri}", sp.redirectUri);
}
