import { ConfirmModal } from "@atrium/ui";
import { useMantineTheme } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { client } from "../../lib/api.ts";
import { refreshHierarchy } from "./refresh.ts";
import type { HierarchyNode } from "./types.ts";

const plural = (n: number) => `${n} organization${n === 1 ? "" : "s"}`;

/** Confirms archiving an organization and its subtree, or restoring it. */
export function ArchiveOrgModal({
  node,
  action,
  beneath,
  onClose,
}: {
  node: HierarchyNode;
  action: "archive" | "restore";
  /** How many organizations sit beneath it (they follow it). */
  beneath: number;
  onClose(): void;
}) {
  const theme = useMantineTheme();
  const run = useMutation({
    mutationFn: () => (action === "archive" ? client.org.archive.mutate({ orgId: node.id }).then((r) => r.archived) : client.org.restore.mutate({ orgId: node.id }).then((r) => r.restored)),
    onSuccess: async (count) => {
      await refreshHierarchy();
      notifications.show({ color: "green", message: `${action === "archive" ? "Archived" : "Restored"} ${plural(count)}.` });
      onClose();
    },
  });
  const others = beneath ? ` and the ${plural(beneath)} beneath it` : "";
  return (
    <ConfirmModal
      title={action === "archive" ? `Archive ${node.name}?` : `Restore ${node.name}?`}
      confirmLabel={action === "archive" ? "Archive" : "Restore"}
      color={action === "archive" ? "red" : theme.primaryColor}
      mutation={run}
      onConfirm={() => run.mutate()}
      onClose={onClose}
    >
      {action === "archive"
        ? `${node.name}${others} become read-only: members can still sign in and look, but nothing can change until it is restored.`
        : `${node.name}${others} can be changed again. Its parent must not be archived.`}
    </ConfirmModal>
  );
}
