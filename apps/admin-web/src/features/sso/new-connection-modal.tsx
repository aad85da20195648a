import { Button, Group, Modal, Radio, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { PROTOCOL_LABELS } from "./labels.ts";

type Provider = "okta" | "entra" | "google" | "onelogin" | "generic_saml" | "generic_oidc" | "sandbox";

/** Step 1 of the wizard: choose the provider and protocol; creates the connection in test mode. */
export function NewConnectionModal({ orgId, onClose }: { orgId: string; onClose(): void }) {
  const navigate = useNavigate();
  const providers = useQuery(trpc.sso.providers.queryOptions({ orgId }));
  const [provider, setProvider] = useState<Provider>("okta");
  const [protocol, setProtocol] = useState<"saml" | "oidc">("saml");
  const [name, setName] = useState("");
  const preset = providers.data?.find((p) => p.key === provider);
  const create = useMutation(
    trpc.sso.connections.create.mutationOptions({
      onSuccess: async (connection) => {
        await queryClient.invalidateQueries({ queryKey: trpc.sso.connections.list.queryKey() });
        onClose();
        await navigate({ to: "/orgs/$orgId/sso/$connectionId", params: { orgId, connectionId: connection.id } });
      },
    }),
  );

  return (
    <Modal opened onClose={onClose} title="Add an SSO connection" size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ orgId, name: name.trim() || `${preset?.label ?? "IdP"} (${PROTOCOL_LABELS[protocol]})`, provider, protocol });
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">Step 1 of 5 — choose your identity provider. Next you copy our values into it.</Text>
          <Radio.Group
            label="Identity provider"
            value={provider}
            onChange={(value) => {
              const next = providers.data?.find((p) => p.key === value);
              setProvider(value as Provider);
              if (next && !next.protocols.includes(protocol)) setProtocol(next.protocols[0]!);
            }}
          >
            <SimpleGrid cols={2} mt="xs">
              {providers.data?.map((p) => <Radio key={p.key} value={p.key} label={p.label} />)}
            </SimpleGrid>
          </Radio.Group>
          {preset && preset.protocols.length > 1 && (
            <div>
              <Text size="sm" fw={500} mb={4} id="protocol-label">Protocol</Text>
              <SegmentedControl
                aria-labelledby="protocol-label"
                value={protocol}
                onChange={(v) => setProtocol(v as "saml" | "oidc")}
                data={preset.protocols.map((p) => ({ value: p, label: PROTOCOL_LABELS[p] }))}
              />
            </div>
          )}
          <TextInput label="Connection name" placeholder={`${preset?.label ?? ""} (${PROTOCOL_LABELS[protocol]})`} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} />
          <MutationError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={create.isPending}>Continue</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
