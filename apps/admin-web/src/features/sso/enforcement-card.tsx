import { errorMessage, useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";

/** Enforcing needs a break-glass owner (the server checks it is an active owner); stopping does not. */
const enforcementForm = (enforcing: boolean) =>
  z.object({
    breakGlassUserId: enforcing ? z.string().min(1, "Choose a break-glass owner account that keeps password sign-in.") : z.string(),
  });

type Enforcement = { enforced: boolean; breakGlassUserId: string | null };

/** Requiring SSO: passwords stop working for the verified domains, except for one break-glass owner. */
export function EnforcementCard({ orgId, canEnforce }: { orgId: string; canEnforce: boolean }) {
  const enforcement = useQuery(trpc.sso.enforcement.get.queryOptions({ orgId }));
  const owners = useQuery({ ...trpc.members.list.queryOptions({ orgId, role: "owner", status: "active", pageSize: 200 }), enabled: canEnforce });
  const ownerOptions = (owners.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }));

  return (
    <Paper withBorder p="lg" component="section" aria-label="Enforcement">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">Require SSO</Title>
          {enforcement.data && (
            <Badge variant="light" color={enforcement.data.enforced ? "green" : "gray"}>{enforcement.data.enforced ? "Enforced" : "Not enforced"}</Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          When enforced, people at your verified domains can only sign in through a live connection. The break-glass owner keeps
          password sign-in for emergencies; each such sign-in is recorded in the audit log.
        </Text>
        {enforcement.isError && <Alert color="red" role="alert">{errorMessage(enforcement.error)}</Alert>}
        {canEnforce && enforcement.data && (
          <EnforcementForm key={enforcement.dataUpdatedAt} orgId={orgId} current={enforcement.data} ownerOptions={ownerOptions} />
        )}
      </Stack>
    </Paper>
  );
}

function EnforcementForm({ orgId, current, ownerOptions }: { orgId: string; current: Enforcement; ownerOptions: { value: string; label: string }[] }) {
  const set = useMutation(
    trpc.sso.enforcement.set.mutationOptions({
      onSuccess: async (row) => {
        await queryClient.invalidateQueries({ queryKey: trpc.sso.enforcement.get.queryKey() });
        notifications.show({ color: row.enforced ? "green" : "gray", message: row.enforced ? "SSO is now required." : "Password sign-in is allowed again." });
      },
    }),
  );
  const form = useZodForm(enforcementForm(!current.enforced), { breakGlassUserId: current.breakGlassUserId ?? "" }, set.error);
  return (
    <ZodForm form={form} error={set.error} label="Enforcement" onSubmit={(v) => set.mutate({ orgId, enforced: !current.enforced, breakGlassUserId: v.breakGlassUserId || null })}>
      <Group align="flex-start">
        <Select
          label="Break-glass owner"
          placeholder="Choose an owner"
          data={ownerOptions}
          w={360}
          {...form.getInputProps("breakGlassUserId")}
          onChange={(value) => form.setFieldValue("breakGlassUserId", value ?? "")}
        />
        {current.enforced ? (
          <Button type="submit" color="gray" mt={25} loading={set.isPending}>Stop enforcing</Button>
        ) : (
          <Button type="submit" color="red" mt={25} loading={set.isPending}>Enforce SSO</Button>
        )}
      </Group>
    </ZodForm>
  );
}
