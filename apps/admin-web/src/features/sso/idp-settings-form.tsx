import { Alert, Button, Checkbox, FileInput, Group, PasswordInput, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
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

/** Step 3: the IdP's side — SAML metadata XML (pasted or uploaded) or an OIDC discovery URL and client. */
export function IdpSettingsForm({ orgId, connection, onSaved }: { orgId: string; connection: Connection; onSaved(): Promise<void> }) {
  const update = useMutation(trpc.sso.connections.update.mutationOptions({ onSuccess: onSaved }));
  const parse = useMutation(trpc.sso.connections.parseMetadata.mutationOptions());
  const [xml, setXml] = useState("");
  const [allowIdpInitiated, setAllowIdpInitiated] = useState(connection.allowIdpInitiated);
  const [wantAssertionsSigned, setWantAssertionsSigned] = useState(connection.wantAssertionsSigned);
  const [allowSha1Signatures, setAllowSha1Signatures] = useState(connection.allowSha1Signatures);
  const [discoveryUrl, setDiscoveryUrl] = useState(connection.oidc.discoveryUrl ?? "");
  const [clientId, setClientId] = useState(connection.oidc.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [trustUnverifiedEmail, setTrustUnverifiedEmail] = useState(connection.oidc.trustUnverifiedEmail);
  const base = { orgId, connectionId: connection.id, name: connection.name, provider: connection.provider, protocol: connection.protocol, defaultRole: connection.defaultRole.key };

  if (connection.protocol === "oidc") {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ ...base, oidc: { discoveryUrl, clientId, trustUnverifiedEmail, ...(clientSecret ? { clientSecret } : {}) } });
        }}
      >
        <Stack>
          <TextInput label="Discovery URL" placeholder="https://idp.example.com/.well-known/openid-configuration" required value={discoveryUrl} onChange={(e) => setDiscoveryUrl(e.currentTarget.value)} />
          <TextInput label="Client ID" required value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} />
          <PasswordInput
            label="Client secret"
            description={connection.oidc.hasSecret ? "Stored encrypted. Leave empty to keep it." : "Stored encrypted; never shown again."}
            required={!connection.oidc.hasSecret}
            value={clientSecret}
            onChange={(e) => setClientSecret(e.currentTarget.value)}
          />
          <Switch
            label="The provider is authoritative for our verified domains"
            description="Accept e-mail addresses the provider does not mark as verified (email_verified). Off by default."
            checked={trustUnverifiedEmail}
            onChange={(e) => setTrustUnverifiedEmail(e.currentTarget.checked)}
          />
          {trustUnverifiedEmail && (
            <Alert color="red" title="Only if no one can choose their own address at this provider">
              Atrium normally refuses an address the provider has not verified, because a provider that lets people type their own
              e-mail would let anyone sign in as the owner of that address. Turn this on only when the provider itself assigns every
              address in your verified domains (for example, a single-tenant directory your IT team manages).
            </Alert>
          )}
          <MutationError error={update.error} />
          <Group justify="flex-end"><Button type="submit" loading={update.isPending}>Save IdP settings</Button></Group>
        </Stack>
      </form>
    );
  }

  return (
    <Stack>
      <Textarea
        label="IdP metadata XML"
        description="Paste the metadata your IdP gives you, or upload the file."
        autosize
        minRows={4}
        maxRows={10}
        value={xml}
        onChange={(e) => setXml(e.currentTarget.value)}
      />
      <FileInput label="Upload metadata file" accept=".xml,application/xml,text/xml" onChange={async (file) => file && setXml(await file.text())} clearable />
      <Group>
        <Button variant="default" disabled={!xml.trim()} loading={parse.isPending} onClick={() => parse.mutate({ orgId, xml })}>Read metadata</Button>
      </Group>
      <MutationError error={parse.error ?? update.error} />
      {parse.data && (
        <Stack gap={4} aria-label="IdP metadata" role="region">
          <Text size="sm"><b>Entity ID:</b> {parse.data.entityId}</Text>
          <Text size="sm"><b>Sign-on URL:</b> {parse.data.ssoUrl}</Text>
          <Group gap="xs">
            <Text size="sm" fw={700}>Signing certificates:</Text>
            {parse.data.certificateInfo.map((c) => <CertificateBadge key={c.fingerprint} certificate={c} />)}
          </Group>
          {parse.data.wantAuthnRequestsSigned && <Text size="sm">The IdP wants signed requests: ours will be signed with this connection's SP key.</Text>}
        </Stack>
      )}
      <Checkbox label="Allow IdP-initiated sign-in (from the IdP's app dashboard)" checked={allowIdpInitiated} onChange={(e) => setAllowIdpInitiated(e.currentTarget.checked)} />
      <Checkbox
        label="Require the assertion itself to be signed"
        description="Okta, Entra ID, Google, OneLogin and AD FS sign the assertion by default. Off: a signature on the response alone is enough. Our SP metadata says which."
        checked={wantAssertionsSigned}
        onChange={(e) => setWantAssertionsSigned(e.currentTarget.checked)}
      />
      <Checkbox
        label="Accept SHA-1 signatures (RSA-SHA1, SHA-1 digests)"
        description="Only for an IdP that cannot sign with SHA-256. Refused by default; the change is audited and the connection is marked."
        color="orange"
        checked={allowSha1Signatures}
        onChange={(e) => setAllowSha1Signatures(e.currentTarget.checked)}
      />
      {allowSha1Signatures && (
        <Alert color="orange" title="SHA-1 is weak">
          SHA-1 collisions are practical: a forged response could pass for your IdP's. Set the IdP's signing algorithm to SHA-256 and turn this off.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          disabled={!parse.data}
          loading={update.isPending}
          onClick={() =>
            parse.data &&
            update.mutate({
              ...base,
              saml: {
                idpEntityId: parse.data.entityId,
                idpSsoUrl: parse.data.ssoUrl,
                certificates: parse.data.certificates,
                allowIdpInitiated,
                wantAssertionsSigned,
                allowSha1Signatures,
                ...(parse.data.wantAuthnRequestsSigned ? { signAuthnRequests: true } : {}),
              },
            })
          }
        >
          Save IdP settings
        </Button>
      </Group>
    </Stack>
  );
}
