import { ConfirmModal } from "@atrium/ui";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { trpc } from "../../lib/api.ts";

/**
 * Revoking one grant, whichever list shows it (a workspace's grants, product access): `ask(grant)`
 * opens the confirmation, `confirmation` is that dialog (with the list's own title and sentence
 * for the grant), and once revoked the list is refreshed and the page says whose access ended.
 */
export function useRevokeGrant<Grant extends { id: string; subjectName: string }>(
  orgId: string,
  refresh: () => Promise<unknown>,
  words: { title(grant: Grant): string; body(grant: Grant): string },
): { ask(grant: Grant): void; confirmation: ReactNode } {
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const revoke = useMutation(
    trpc.workspaces.revokeGrant.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ color: "green", message: `${revoking?.subjectName} no longer has access through this grant.` });
        setRevoking(null);
      },
    }),
  );
  const confirmation = revoking && (
    <ConfirmModal
      title={words.title(revoking)}
      confirmLabel="Revoke access"
      mutation={revoke}
      onConfirm={() => revoke.mutate({ orgId, grantId: revoking.id })}
      onClose={() => setRevoking(null)}
    >
      {words.body(revoking)}
    </ConfirmModal>
  );
  return { ask: setRevoking, confirmation };
}
