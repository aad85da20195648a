import { errorMessage } from "@atrium/ui";
import { Alert, Anchor, Badge, Button, Code, Group, Loader, Paper, Stack, Switch, Table, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { CertificateBadge } from "./certificate-badge.tsx";

const STATE = { next: { label: "Next", color: "blue" }, active: { label: "Active", color: "green" }, retired: { label: "Retired", color: "gray" } } as const;
const short = (fingerprint: string) => fingerprint.slice(0, 23);

/**
 * Certificate rotation for a SAML connection: the IdP's signing certificates
 * (add the next one, then remove the old one) and our SP key pairs (generate
 * next → the IdP picks it up from our metadata → activate → remove retired).
 */
export function CertificatesCard({ orgId, connectionId, metadataUrl, canRotate, canUpdate }: { orgId: string; connectionId: string; metadataUrl: string; canRotate: boolean; canUpdate: boolean }) {
  const ids = { orgId, connectionId };
  const certificates = useQuery(trpc.sso.certificates.get.queryOptions(ids));
  const [pem, setPem] = useState("");
  const done = (message: string) => async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.sso.certificates.get.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.sso.connections.get.queryKey() });
    notifications.show({ color: "green", message });
  };
  const addIdp = useMutation(trpc.sso.certificates.addIdp.mutationOptions({ onSuccess: async () => { setPem(""); await done("IdP certificate added.")(); } }));
  const removeIdp = useMutation(trpc.sso.certificates.removeIdp.mutationOptions({ onSuccess: done("IdP certificate removed.") }));
  const generate = useMutation(trpc.sso.certificates.generateSp.mutationOptions({ onSuccess: done("Next certificate generated and published in our metadata.") }));
  const activate = useMutation(trpc.sso.certificates.activateSp.mutationOptions({ onSuccess: done("Certificate activated; the previous one is retired.") }));
  const removeSp = useMutation(trpc.sso.certificates.removeSp.mutationOptions({ onSuccess: done("Retired certificate removed.") }));
  const signing = useMutation(trpc.sso.certificates.setRequestSigning.mutationOptions({ onSuccess: done("Request signing updated.") }));

  if (certificates.isPending) return <Loader aria-label="Loading certificates" />;
  if (certificates.isError) return <Alert color="red" role="alert">{errorMessage(certificates.error)}</Alert>;
  const { idp, sp, signAuthnRequests } = certificates.data;
  const hasNext = sp.some((c) => c.state === "next");

  return (
    <Paper withBorder p="lg" component="section" aria-label="Certificates">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">Certificates</Title>
          <Text size="sm" c="dimmed">Rotate without downtime: add the new certificate next to the old one, switch over, then remove the old one.</Text>
        </div>
        <MutationError error={addIdp.error ?? removeIdp.error ?? generate.error ?? activate.error ?? removeSp.error ?? signing.error} />

        <Title order={3} size="h5">IdP signing certificates</Title>
        <Table aria-label="IdP signing certificates" striped>
          <Table.Thead>
            <Table.Tr><Table.Th>Subject</Table.Th><Table.Th>SHA-256 fingerprint</Table.Th><Table.Th>Expiry</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {idp.map((c) => (
              <Table.Tr key={c.fingerprint}>
                <Table.Td>{c.subject}</Table.Td>
                <Table.Td><Code title={c.fingerprint}>{short(c.fingerprint)}…</Code></Table.Td>
                <Table.Td><CertificateBadge certificate={c} /></Table.Td>
                <Table.Td>
                  {canRotate && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      disabled={idp.length < 2}
                      title={idp.length < 2 ? "The last certificate cannot be removed" : undefined}
                      aria-label={`Remove IdP certificate ${short(c.fingerprint)}`}
                      loading={removeIdp.isPending && removeIdp.variables?.fingerprint === c.fingerprint}
                      onClick={() => removeIdp.mutate({ ...ids, fingerprint: c.fingerprint })}
                    >
                      Remove
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canRotate && idp.length < 2 && (
          <Stack gap="xs">
            <Textarea label="New IdP certificate (PEM)" description="Your IdP's next signing certificate. Both are trusted until you remove the old one." autosize minRows={3} maxRows={8} value={pem} onChange={(e) => setPem(e.currentTarget.value)} />
            <Group><Button variant="default" disabled={!pem.trim()} loading={addIdp.isPending} onClick={() => addIdp.mutate({ ...ids, certificate: pem })}>Add IdP certificate</Button></Group>
          </Stack>
        )}

        <Title order={3} size="h5">Our SP certificates</Title>
        <Text size="sm" c="dimmed">
          Published in our <Anchor href={metadataUrl} target="_blank" size="sm">SP metadata</Anchor> for signing requests and encrypting assertions.
          Generate the next certificate, let your IdP refresh our metadata (or upload it there), then activate it. A retired certificate still
          decrypts for 7 days, until you remove it.
        </Text>
        <Table aria-label="SP certificates" striped>
          <Table.Thead>
            <Table.Tr><Table.Th>State</Table.Th><Table.Th>SHA-256 fingerprint</Table.Th><Table.Th>Expiry</Table.Th><Table.Th>Created</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sp.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Group gap={4}>
                    <Badge variant="light" color={STATE[c.state].color}>{STATE[c.state].label}</Badge>
                    {c.graceOver && <Badge variant="outline" color="gray">No longer decrypts</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td><Code title={c.fingerprint}>{short(c.fingerprint)}…</Code></Table.Td>
                <Table.Td><CertificateBadge certificate={c} /></Table.Td>
                <Table.Td>{c.createdAt.toLocaleDateString()}</Table.Td>
                <Table.Td>
                  {canRotate && c.state === "next" && (
                    <Button size="xs" loading={activate.isPending} onClick={() => activate.mutate({ ...ids, certificateId: c.id })}>Activate</Button>
                  )}
                  {canRotate && c.state === "retired" && (
                    <Button size="xs" variant="subtle" color="red" loading={removeSp.isPending} onClick={() => removeSp.mutate({ ...ids, certificateId: c.id })}>Remove retired</Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Switch
            label="Sign AuthnRequests (RSA-SHA256)"
            description="Turn on when your IdP requires signed requests."
            checked={signAuthnRequests}
            disabled={!canUpdate || signing.isPending}
            onChange={(e) => signing.mutate({ ...ids, enabled: e.currentTarget.checked })}
          />
          {canRotate && (
            <Button variant="default" disabled={hasNext} loading={generate.isPending} onClick={() => generate.mutate(ids)}>Generate next certificate</Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
