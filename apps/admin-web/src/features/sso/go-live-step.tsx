import { ConfirmModal } from "@atrium/ui";
import { Alert, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { RouterAnchor } from "../../lib/router-links.tsx";

/**
 * The wizard's last step. Going live after a passing test is one click; without one, the admin
 * types the connection's name (the server checks it and records the go-live as untested).
 */
export function GoLiveStep({
  orgId,
  connection,
  tested,
  configured,
  canEdit,
}: {
  orgId: string;
  connection: { id: string; name: string; status: "test" | "live" };
  tested: boolean;
  configured: boolean;
  canEdit: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const setStatus = useMutation(
    trpc.sso.connections.setStatus.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries({ queryKey: trpc.sso.connections.get.queryKey() });
      },
    }),
  );
  const input = { orgId, connectionId: connection.id };

  if (connection.status === "live") {
    return (
      <Stack mt="md">
        <MutationError error={setStatus.error} />
        <Alert color="green" title="This connection is live">
          People at your verified domains are offered this IdP when they sign in. To turn passwords off for them, enforce SSO
          on the <RouterAnchor to="/orgs/$orgId/sso" params={{ orgId }}>Single sign-on</RouterAnchor> page.
        </Alert>
        {canEdit && (
          <Group>
            <Button variant="default" loading={setStatus.isPending} onClick={() => setStatus.mutate({ ...input, status: "test" })}>Back to test mode</Button>
          </Group>
        )}
      </Stack>
    );
  }
  return (
    <Stack mt="md">
      {!confirming && <MutationError error={setStatus.error} />}
      <Text size="sm">{tested ? "The last test passed." : "No passing test yet — test before going live."}</Text>
      {canEdit && (
        <Group>
          {tested ? (
            <Button color="green" disabled={!configured} loading={setStatus.isPending} onClick={() => setStatus.mutate({ ...input, status: "live" })}>
              Go live
            </Button>
          ) : (
            <Button
              color="orange"
              variant="light"
              disabled={!configured}
              onClick={() => {
                setStatus.reset();
                setTyped("");
                setConfirming(true);
              }}
            >
              Go live without a passing test…
            </Button>
          )}
        </Group>
      )}
      {confirming && (
        <ConfirmModal
          title="Go live without a passing test?"
          confirmLabel="Go live untested"
          color="orange"
          pending={setStatus.isPending}
          disabled={typed.trim() !== connection.name}
          error={setStatus.error}
          onClose={() => setConfirming(false)}
          onConfirm={() => setStatus.mutate({ ...input, status: "live", confirmName: typed })}
        >
          <Stack gap="sm">
            <Text size="sm">
              Nobody has signed in through this connection successfully yet. If its settings are wrong, people at your verified
              domains will be sent to an IdP that cannot sign them in. The go-live is recorded in the audit log as untested.
            </Text>
            <TextInput
              label={`Type the connection's name, ${connection.name}, to confirm`}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
            />
          </Stack>
        </ConfirmModal>
      )}
    </Stack>
  );
}
