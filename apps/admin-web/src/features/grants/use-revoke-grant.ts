import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

/**
 * Revoking one grant, whichever list shows it (a workspace's grants, product access): the grant
 * awaiting confirmation, and the mutation that revokes it, refreshes that list and says whose
 * access ended.
 */
export function useRevokeGrant<Grant extends { subjectName: string }>(refresh: () => Promise<unknown>) {
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
  return { revoking, setRevoking, revoke };
}
