import { ConfirmModal } from "@atrium/ui";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { client, queryClient, trpc } from "../../lib/api.ts";
import type { ApiKey, NewSecret } from "./types.ts";

export type ApiKeyAction = "rotate" | "revoke";

const COPY = {
  rotate: {
    title: (k: ApiKey) => `Rotate ${k.name}?`,
    body: "A new secret replaces the current one, which stops working at once. Update every system that uses this key.",
    confirm: "Rotate key",
    color: "orange",
  },
  revoke: {
    title: (k: ApiKey) => `Revoke ${k.name}?`,
    body: "Requests with this key are refused from now on. A revoked key cannot be used again.",
    confirm: "Revoke key",
    color: "red",
  },
} as const;

/** Confirms rotating (then hands over the new secret) or revoking a key. */
export function ApiKeyActionModal({
  orgId,
  apiKey,
  action,
  onClose,
  onRotated,
}: {
  orgId: string;
  apiKey: ApiKey;
  action: ApiKeyAction;
  onClose(): void;
  onRotated(secret: NewSecret): void;
}) {
  const copy = COPY[action];
  const run = useMutation({
    // The new secret is handed to the caller, not kept in the mutation cache.
    gcTime: 0,
    mutationFn: async () => {
      const target = { orgId, keyId: apiKey.id };
      if (action === "revoke") {
        await client.apiKeys.revoke.mutate(target);
        return null;
      }
      return client.apiKeys.rotate.mutate(target);
    },
    onSuccess: async (rotated) => {
      await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      if (rotated) {
        onRotated({ name: apiKey.name, token: rotated.token, rotated: true });
      } else {
        notifications.show({ color: "green", message: `${apiKey.name} was revoked.` });
        onClose();
      }
    },
  });
  return (
    <ConfirmModal
      title={copy.title(apiKey)}
      confirmLabel={copy.confirm}
      color={copy.color}
      mutation={run}
      onConfirm={() => run.mutate()}
      onClose={onClose}
    >
      {copy.body}
    </ConfirmModal>
  );
}
