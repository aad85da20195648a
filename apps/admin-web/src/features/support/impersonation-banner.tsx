import { formatDateTime } from "@atrium/ui";
import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/api.ts";

/**
 * Shown on every page while platform staff are signed in as a customer: who
 * the customer is, read-only or not, when it ends; "End session" ends it now.
 */
export function ImpersonationBanner() {
  const current = useQuery({ ...trpc.staff.impersonation.current.queryOptions(), refetchInterval: 30_000 });
  const end = useMutation(
    trpc.staff.impersonation.end.mutationOptions({
      onSuccess: async () => {
        queryClient.clear();
        window.location.assign("/csm/");
      },
    }),
  );
  const session = current.data?.[0];
  if (!session) return null;
  return (
    <Alert color="orange" variant="filled" radius={0} role="status" aria-label="Impersonation in progress" py={6}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500}>
          You are signed in to {session.organizationName} as {session.staffName} (platform staff), {session.writeAccess ? "with write access" : "read-only"}, until{" "}
          {formatDateTime(session.expiresAt)}. Every action is recorded in the customer's audit log.
        </Text>
        <Button size="xs" variant="white" color="orange" loading={end.isPending} onClick={() => end.mutate({ sessionId: session.id })}>End session</Button>
      </Group>
    </Alert>
  );
}
