import { useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Button, Checkbox, FileInput, Group, PasswordInput, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";
import { CertificateBadge } from "./certificate-badge.tsx";

type Provider = "okta" | "entra" | "google" | "onelogin" | "generic_saml" | "generic_oidc" | "sandbox";

interface Connection {
  id: string;
  name: string;
  provider: Provider;
  protocol: "saml" | "oidc";
  allowIdpInitiated: boolean;
  wantAssertionsSigned: boolean;
  allowSha1Signatures: boolean;
  defaultRole: { key: string };
  oidc: { discoveryUrl: string | null; clientId: string | null; hasSecret: boolean; trustUnverifiedEmail: boolean };
}

const HTTP_URL = "Enter a full address starting with https://.";

/**
 * The server's limits for an OIDC connection (sso.connections.update, `oidc`), in sentences; the
 * server checks again. The fields sit under `oidc` as in the call, so its field errors land on
 * them. A client secret is required until one is stored.
 */
const oidcForm = (hasSecret: boolean) =>
  z.object({
    oidc: z.object({
      discoveryUrl: z.string().trim().min(1, "Enter the provider's discovery URL.").max(2000, "A URL has at most 2,000 characters.").pipe(z.url({ protocol: /^https?$/, error: HTTP_URL })),
      clientId: z.string().trim().min(1, "Enter the client ID the provider gave you.").max(500, "A client ID has at most 500 characters."),
      clientSecret: hasSecret
        ? z.string().max(2000, "A client secret has at most 2,000 characters.")
        : z.string().min(1, "Enter the client secret the provider gave you.").max(2000, "A client secret has at most 2,000 characters."),
      trustUnverifiedEmail: z.boolean(),
    }),
  });

/** The SAML side: the metadata XML (read by the server; at most 512 KB) and the connection's options. */
const ZSamlForm = z.object({
  xml: z.string().max(512 * 1024, "The metadata is over 512 KB: paste the IdP's metadata, not a bundle of files."),
  saml: z.object({ allowIdpInitiated: z.boolean(), wantAssertionsSigned: z.boolean(), allowSha1Signatures: z.boolean() }),
});

/** Step 3: the IdP's side — SAML metadata XML (pasted or uploaded) or an OIDC discovery URL and client. */
export function IdpSettingsForm({ orgId, connection, onSaved }: { orgId: string; connection: Connection; onSaved(): Promise<void> }) {
  return connection.protocol === "oidc" ? <OidcSettingsForm orgId={orgId} connection={connection} onSaved={onSaved} /> : <SamlSettingsForm orgId={orgId} connection={connection} onSaved={onSaved} />;
}

const baseOf = (orgId: string, connection: Connection) => ({
  orgId,
  connectionId: connection.id,
  name: connection.name,
  provider: connection.provider,
  protocol: connection.protocol,
  defaultRole: connection.defaultRole.key,
});

function OidcSettingsForm({ orgId, connection, onSaved }: { orgId: string; connection: Connection; onSaved(): Promise<void> }) {
  const update = useMutation(trpc.sso.connections.update.mutationOptions({ onSuccess: onSaved }));
  const schema = oidcForm(connection.oidc.hasSecret);
  const form = useZodForm(
    schema,
    { oidc: { discoveryUrl: connection.oidc.discoveryUrl ?? "", clientId: connection.oidc.clientId ?? "", clientSecret: "", trustUnverifiedEmail: connection.oidc.trustUnverifiedEmail } },
    update.error,
  );
  const trustUnverifiedEmail = form.values.oidc.trustUnverifiedEmail;
  return (
    <ZodForm
      form={form}
      error={update.error}
      label="IdP settings"
      gap="md"
      onSubmit={(v) => {
        const { oidc } = schema.parse(v);
        update.mutate({ ...baseOf(orgId, connection), oidc: { discoveryUrl: oidc.discoveryUrl, clientId: oidc.clientId, trustUnverifiedEmail: oidc.trustUnverifiedEmail, ...(oidc.clientSecret ? { clientSecret: oidc.clientSecret } : {}) } });
      }}
    >
      <TextInput label="Discovery URL" placeholder="https://idp.example.com/.well-known/openid-configuration" withAsterisk {...form.getInputProps("oidc.discoveryUrl")} />
      <TextInput label="Client ID" withAsterisk {...form.getInputProps("oidc.clientId")} />
      <PasswordInput
        label="Client secret"
        description={connection.oidc.hasSecret ? "Stored encrypted. Leave empty to keep it." : "Stored encrypted; never shown again."}
        withAsterisk={!connection.oidc.hasSecret}
        {...form.getInputProps("oidc.clientSecret")}
      />
      <Switch
        label="The provider is authoritative for our verified domains"
        description="Accept e-mail addresses the provider does not mark as verified (email_verified). Off by default."
        {...form.getInputProps("oidc.trustUnverifiedEmail", { type: "checkbox" })}
      />
      {trustUnverifiedEmail && (
        <Alert color="red" title="Only if no one can choose their own address at this provider">
          Atrium normally refuses an address the provider has not verified, because a provider that lets people type their own
          e-mail would let anyone sign in as the owner of that address. Turn this on only when the provider itself assigns every
          address in your verified domains (for example, a single-tenant directory your IT team manages).
        </Alert>
      )}
      <Group justify="flex-end"><Button type="submit" loading={update.isPending}>Save IdP settings</Button></Group>
    </ZodForm>
  );
}

function SamlSettingsForm({ orgId, connection, onSaved }: { orgId: string; connection: Connection; onSaved(): Promise<void> }) {
  const update = useMutation(trpc.sso.connections.update.mutationOptions({ onSuccess: onSaved }));
  const parse = useMutation(trpc.sso.connections.parseMetadata.mutationOptions());
  const form = useZodForm(
    ZSamlForm,
    { xml: "", saml: { allowIdpInitiated: connection.allowIdpInitiated, wantAssertionsSigned: connection.wantAssertionsSigned, allowSha1Signatures: connection.allowSha1Signatures } },
    parse.error ?? update.error,
  );
  const { xml, saml } = form.values;
  const read = () => {
    if (!form.validateField("xml").hasError) parse.mutate({ orgId, xml });
  };
  const metadata = parse.data;

  return (
    <ZodForm
      form={form}
      error={parse.error ?? update.error}
      label="IdP settings"
      gap="md"
      onSubmit={(v) =>
        metadata &&
        update.mutate({
          ...baseOf(orgId, connection),
          saml: {
            idpEntityId: metadata.entityId,
            idpSsoUrl: metadata.ssoUrl,
            certificates: metadata.certificates,
            ...v.saml,
            ...(metadata.wantAuthnRequestsSigned ? { signAuthnRequests: true } : {}),
          },
        })
      }
    >
      <Textarea label="IdP metadata XML" description="Paste the metadata your IdP gives you, or upload the file." autosize minRows={4} maxRows={10} {...form.getInputProps("xml")} />
      <FileInput label="Upload metadata file" accept=".xml,application/xml,text/xml" onChange={async (file) => file && form.setFieldValue("xml", await file.text())} clearable />
      <Group>
        <Button variant="default" disabled={!xml.trim()} loading={parse.isPending} onClick={read}>Read metadata</Button>
      </Group>
      {metadata && (
        <Stack gap={4} aria-label="IdP metadata" role="region">
          <Text size="sm"><b>Entity ID:</b> {metadata.entityId}</Text>
          <Text size="sm"><b>Sign-on URL:</b> {metadata.ssoUrl}</Text>
          <Group gap="xs">
            <Text size="sm" fw={700}>Signing certificates:</Text>
            {metadata.certificateInfo.map((c) => <CertificateBadge key={c.fingerprint} certificate={c} />)}
          </Group>
          {metadata.wantAuthnRequestsSigned && <Text size="sm">The IdP wants signed requests: ours will be signed with this connection's SP key.</Text>}
        </Stack>
      )}
      <Checkbox label="Allow IdP-initiated sign-in (from the IdP's app dashboard)" {...form.getInputProps("saml.allowIdpInitiated", { type: "checkbox" })} />
      <Checkbox
        label="Require the assertion itself to be signed"
        description="Okta, Entra ID, Google, OneLogin and AD FS sign the assertion by default. Off: a signature on the response alone is enough. Our SP metadata says which."
        {...form.getInputProps("saml.wantAssertionsSigned", { type: "checkbox" })}
      />
      <Checkbox
        label="Accept SHA-1 signatures (RSA-SHA1, SHA-1 digests)"
        description="Only for an IdP that cannot sign with SHA-256. Refused by default; the change is audited and the connection is marked."
        color="orange"
        {...form.getInputProps("saml.allowSha1Signatures", { type: "checkbox" })}
      />
      {saml.allowSha1Signatures && (
        <Alert color="orange" title="SHA-1 is weak">
          SHA-1 collisions are practical: a forged response could pass for your IdP's. Set the IdP's signing algorithm to SHA-256 and turn this off.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button type="submit" disabled={!metadata} loading={update.isPending}>Save IdP settings</Button>
      </Group>
    </ZodForm>
  );
}
