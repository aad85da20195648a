import { FormModal, useZodForm } from "@atrium/ui";
import { Alert, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { RouterAnchor } from "../../lib/router-links.tsx";

/** The typed confirmation: the connection's name exactly (the server checks it again, up to 200 characters). */
const confirmNameForm = (name: string) =>
  z.object({ confirmName: z.string().max(200).refine((typed) => typed.trim() === name, `Type the connection's name exactly: ${name}.`) });

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
                setConfirming(true);
              }}
            >
              Go live without a passing test…
            </Button>
          )}
        </Group>
      )}
      {confirming && (
        <ConfirmUntested
          name={connection.name}
          pending={setStatus.isPending}
          error={setStatus.error}
          onClose={() => setConfirming(false)}
          onConfirm={(confirmName) => setStatus.mutate({ ...input, status: "live", confirmName })}
        />
      )}
    </Stack>
  );
}

/** Going live untested: the admin types the connection's name; the confirm button waits for it. */
function ConfirmUntested({ name, pending, error, onClose, onConfirm }: { name: string; pending: boolean; error: unknown; onClose(): void; onConfirm(confirmName: string): void }) {
  const schema = confirmNameForm(name);
  const form = useZodForm(schema, { confirmName: "" }, error);
  return (
    <FormModal
      title="Go live without a passing test?"
      form={form}
      submitLabel="Go live untested"
      color="orange"
      pending={pending}
      submitDisabled={form.values.confirmName.trim() !== name}
      error={error}
      onClose={onClose}
      onSubmit={(v) => onConfirm(v.confirmName.trim())}
    >
      <Text size="sm">
        Nobody has signed in through this connection successfully yet. If its settings are wrong, people at your verified
        domains will be sent to an IdP that cannot sign them in. The go-live is recorded in the audit log as untested.
      </Text>
      <TextInput label={`Type the connection's name, ${name}, to confirm`} autoComplete="off" data-autofocus {...form.getInputProps("confirmName")} />
    </FormModal>
  );
}
