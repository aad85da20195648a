import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

/** Requiring SSO: passwords stop working for the verified domains, except for one break-glass owner. */
export function EnforcementCard({ orgId, canEnforce }: { orgId: string; canEnforce: boolean }) {
  const enforcement = useQuery(trpc.sso.enforcement.get.queryOptions({ orgId }));
  const owners = useQuery({ ...trpc.members.list.queryOptions({ orgId, role: "owner", status: "active", pageSize: 200 }), enabled: canEnforce });
  const [breakGlass, setBreakGlass] = useState<string | null>(null);
  const chosen = breakGlass ?? enforcement.data?.breakGlassUserId ?? null;
  const set = useMutation(
    trpc.sso.enforcement.set.mutationOptions({
      onSuccess: async (row) => {
        await queryClient.invalidateQueries({ queryKey: trpc.sso.enforcement.get.queryKey() });
        notifications.show({ color: row.enforced ? "green" : "gray", message: row.enforced ? "SSO is now required." : "Password sign-in is allowed again." });
      },
    }),
  );

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
        <MutationError error={set.error} />
        {canEnforce && (
          <Group align="flex-end">
            <Select
              label="Break-glass owner"
              placeholder="Choose an owner"
              data={(owners.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
              value={chosen}
              onChange={setBreakGlass}
              w={360}
            />
            {enforcement.data?.enforced ? (
              <Button color="gray" loading={set.isPending} onClick={() => set.mutate({ orgId, enforced: false, breakGlassUserId: chosen })}>Stop enforcing</Button>
            ) : (
              <Button color="red" loading={set.isPending} onClick={() => set.mutate({ orgId, enforced: true, breakGlassUserId: chosen })}>Enforce SSO</Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
