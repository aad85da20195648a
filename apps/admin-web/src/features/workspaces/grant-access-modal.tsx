import type { Permission } from "@atrium/rbac";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { GrantModal } from "../grants/grant-modal.tsx";
import { WORKSPACE_PERMISSIONS, type Workspace } from "./types.ts";

/** Gives one member or group permissions on the workspace, optionally until a day. */
export function GrantAccessModal({ orgId, workspace, onClose, onGranted }: { orgId: string; workspace: Workspace; onClose(): void; onGranted(): Promise<unknown> }) {
  const access = useMyAccess(orgId);
  const grant = useMutation(trpc.workspaces.grant.mutationOptions());
  const items = WORKSPACE_PERMISSIONS.map((p) => ({ name: p.name, description: p.description, held: access.can(p.name) }));

  return (
    <GrantModal
      orgId={orgId}
      title={`Grant access to ${workspace.name}`}
      resource={{ type: "workspace", id: workspace.id }}
      permissions={() => ({ label: "Permissions", items })}
      initialPermissions={["workspace_content:read"]}
      onSubmit={(g) =>
        grant.mutate(
          { orgId, workspaceId: workspace.id, subjectType: g.subjectType, subjectId: g.subjectId, permissions: g.permissions as Permission[], expiresAt: g.expiresAt },
          {
            onSuccess: async () => {
              await onGranted();
              notifications.show({ color: "green", message: `${g.subjectLabel} now has access to ${workspace.name}.` });
              onClose();
            },
          },
        )
      }
      onClose={onClose}
      mutation={grant}
    />
  );
}
