import type { AppRouter } from "@atrium/api";
import { type DataColumn, DataTable, errorMessage, formatDate, SectionCard, TruncatedText, useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Anchor, Badge, Button, Code, Group, Loader, Switch, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { CertificateBadge } from "./certificate-badge.tsx";

const STATE = { next: { label: "Next", color: "blue" }, active: { label: "Active", color: "green" }, retired: { label: "Retired", color: "gray" } } as const;
const short = (fingerprint: string) => fingerprint.slice(0, 23);

type Certificates = inferRouterOutputs<AppRouter>["sso"]["certificates"]["get"];
type IdpCertificate = Certificates["idp"][number];
type SpCertificate = Certificates["sp"][number];

/** The server's limits for a new IdP certificate (sso.certificates.addIdp); it checks again, and reads the PEM. */
const ZIdpCertificateForm = z.object({
  certificate: z
    .string()
    .trim()
    .min(1, "Paste the certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.")
    .max(20_000, "A certificate has at most 20,000 characters: paste one certificate, not a chain."),
});

const fingerprintCell = (c: { fingerprint: string }) => <Code title={c.fingerprint}>{short(c.fingerprint)}…</Code>;

const IDP_COLUMNS: DataColumn<IdpCertificate>[] = [
  { id: "subject", header: "Subject", cell: (c) => <TruncatedText text={c.subject} /> },
  { id: "fingerprint", header: "SHA-256 fingerprint", width: "30%", cell: fingerprintCell },
  { id: "expiry", header: "Expiry", width: "24%", cell: (c) => <CertificateBadge certificate={c} /> },
];

const SP_COLUMNS: DataColumn<SpCertificate>[] = [
  {
    id: "state",
    header: "State",
    width: "26%",
    cell: (c) => (
      <Group gap={4}>
        <Badge variant="light" color={STATE[c.state].color}>{STATE[c.state].label}</Badge>
        {c.graceOver && <Badge variant="outline" color="gray">No longer decrypts</Badge>}
      </Group>
    ),
  },
  { id: "fingerprint", header: "SHA-256 fingerprint", width: "28%", cell: fingerprintCell },
  { id: "expiry", header: "Expiry", cell: (c) => <CertificateBadge certificate={c} /> },
  { id: "created", header: "Created", width: "14%", value: (c) => formatDate(c.createdAt) },
];

/**
 * Certificate rotation for a SAML connection: the IdP's signing certificates
 * (add the next one, then remove the old one) and our SP key pairs (generate
 * next → the IdP picks it up from our metadata → activate → remove retired).
 */
export function CertificatesCard({ orgId, connectionId, metadataUrl, canRotate, canUpdate }: { orgId: string; connectionId: string; metadataUrl: string; canRotate: boolean; canUpdate: boolean }) {
  const ids = { orgId, connectionId };
  const certificates = useQuery(trpc.sso.certificates.get.queryOptions(ids));
  const done = (message: string) => async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.sso.certificates.get.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.sso.connections.get.queryKey() });
    notifications.show({ color: "green", message });
  };
  const addIdp = useMutation(trpc.sso.certificates.addIdp.mutationOptions({ onSuccess: async () => { pemForm.reset(); await done("IdP certificate added.")(); } }));
  const pemForm = useZodForm(ZIdpCertificateForm, { certificate: "" }, addIdp.error);
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
    <SectionCard
      title="Certificates"
      description="Rotate without downtime: add the new certificate next to the old one, switch over, then remove the old one."
    >
      <MutationError error={removeIdp.error ?? generate.error ?? activate.error ?? removeSp.error ?? signing.error} />

      <Title order={3} size="h5">IdP signing certificates</Title>
      <DataTable
        label="IdP signing certificates"
        columns={IDP_COLUMNS}
        data={idp}
        getRowId={(c) => c.fingerprint}
        empty="No IdP certificate yet."
        actionsWidth={100}
        rowActions={
          canRotate
            ? (c) => (
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
              )
            : undefined
        }
      />
      {canRotate && idp.length < 2 && (
        <ZodForm form={pemForm} error={addIdp.error} label="Add an IdP certificate" gap="xs" onSubmit={(v) => addIdp.mutate({ ...ids, certificate: v.certificate.trim() })}>
          <Textarea
            label="New IdP certificate (PEM)"
            description="Your IdP's next signing certificate. Both are trusted until you remove the old one."
            autosize
            minRows={3}
            maxRows={8}
            {...pemForm.getInputProps("certificate")}
          />
          <Group><Button type="submit" variant="default" loading={addIdp.isPending}>Add IdP certificate</Button></Group>
        </ZodForm>
      )}

      <Title order={3} size="h5">Our SP certificates</Title>
      <Text size="sm" c="dimmed">
        Published in our <Anchor href={metadataUrl} target="_blank" size="sm" underline="always">SP metadata</Anchor> for signing requests and encrypting assertions.
        Generate the next certificate, let your IdP refresh our metadata (or upload it there), then activate it. A retired certificate still
        decrypts for 7 days, until you remove it.
      </Text>
      <DataTable
        label="SP certificates"
        columns={SP_COLUMNS}
        data={sp}
        empty="No SP certificate yet."
        actionsWidth={150}
        rowActions={
          canRotate
            ? (c) =>
                c.state === "next" ? (
                  <Button size="xs" loading={activate.isPending} onClick={() => activate.mutate({ ...ids, certificateId: c.id })}>Activate</Button>
                ) : c.state === "retired" ? (
                  <Button size="xs" variant="subtle" color="red" loading={removeSp.isPending} onClick={() => removeSp.mutate({ ...ids, certificateId: c.id })}>Remove retired</Button>
                ) : null
            : undefined
        }
      />
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
    </SectionCard>
  );
}
