import { FormModal, useZodForm } from "@atrium/ui";
import { Radio, SegmentedControl, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { PROTOCOL_LABELS } from "./labels.ts";

/** What the form checks first; the server checks that the provider speaks the protocol. */
const ZNewConnectionForm = z.object({
  provider: z.enum(["okta", "entra", "google", "onelogin", "generic_saml", "generic_oidc", "sandbox"]),
  protocol: z.enum(["saml", "oidc"]),
  name: z.string().trim().max(100),
});

/** Step 1 of the wizard: choose the provider and protocol; creates the connection in test mode. */
export function NewConnectionModal({ orgId, onClose }: { orgId: string; onClose(): void }) {
  const navigate = useNavigate();
  const providers = useQuery(trpc.sso.providers.queryOptions({ orgId }));
  const create = useMutation(
    trpc.sso.connections.create.mutationOptions({
      onSuccess: async (connection) => {
        await queryClient.invalidateQueries({ queryKey: trpc.sso.connections.list.queryKey() });
        onClose();
        await navigate({ to: "/orgs/$orgId/sso/$connectionId", params: { orgId, connectionId: connection.id } });
      },
    }),
  );
  const form = useZodForm(ZNewConnectionForm, { provider: "okta", protocol: "saml", name: "" }, create.error);
  const { provider, protocol } = form.getValues();
  const preset = providers.data?.find((p) => p.key === provider);
  const defaultName = `${preset?.label ?? "IdP"} (${PROTOCOL_LABELS[protocol]})`;

  return (
    <FormModal
      title="Add an SSO connection"
      size="lg"
      form={form}
      onSubmit={(v) => create.mutate({ orgId, name: v.name.trim() || defaultName, provider: v.provider, protocol: v.protocol })}
      onClose={onClose}
      submitLabel="Continue"
      pending={create.isPending}
      error={create.error}
    >
      <Text size="sm" c="dimmed">Step 1 of 5 — choose your identity provider. Next you copy our values into it.</Text>
      <Radio.Group
        label="Identity provider"
        value={provider}
        onChange={(value) => {
          const next = providers.data?.find((p) => p.key === value);
          form.setFieldValue("provider", value as typeof provider);
          if (next && !next.protocols.includes(protocol)) form.setFieldValue("protocol", next.protocols[0]!);
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
            onChange={(v) => form.setFieldValue("protocol", v as typeof protocol)}
            data={preset.protocols.map((p) => ({ value: p, label: PROTOCOL_LABELS[p] }))}
          />
        </div>
      )}
      <TextInput label="Connection name" placeholder={`${preset?.label ?? ""} (${PROTOCOL_LABELS[protocol]})`} maxLength={100} {...form.getInputProps("name")} />
    </FormModal>
  );
}
