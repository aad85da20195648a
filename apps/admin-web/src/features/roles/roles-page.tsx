import { ConfirmModal, errorMessage, PageHeader } from "@atrium/ui";
import { Alert, Button, Loader, Paper, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { RoleEditorModal } from "./role-editor-modal.tsx";
import { RolePermissionsModal } from "./role-permissions-modal.tsx";
import { RolesTable, type RoleAction } from "./roles-table.tsx";
import type { RoleRow } from "./types.ts";
import { getRouteApi } from "@tanstack/react-router";

const rolesRoute = getRouteApi("/app/orgs/$orgId/roles");

/** System and custom roles; custom ones are created, edited and deleted here. */
export function RolesPage() {
  const { orgId } = rolesRoute.useParams();
  const access = useMyAccess(orgId);
  const roles = useQuery(trpc.roles.list.queryOptions({ orgId }));
  const [open, setOpen] = useState<{ role: RoleRow | null; action: RoleAction | "create" } | null>(null);
  const close = () => setOpen(null);
  const remove = useMutation(
    trpc.roles.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.roles.list.queryKey() });
        notifications.show({ color: "green", message: `${open?.role?.name} was deleted.` });
        close();
      },
    }),
  );

  if (roles.isPending) return <Loader aria-label="Loading roles" />;
  if (roles.isError) return <Alert color="red" role="alert" title="Could not load roles">{errorMessage(roles.error)}</Alert>;

  const custom = roles.data.filter((r) => r.custom).length;
  return (
    <Stack gap="lg">
      <PageHeader
        title="Roles"
        description={<>Four system roles and {custom} custom role{custom === 1 ? "" : "s"}. A custom role is a set of permissions, optionally with conditions.</>}
        actions={access.can("roles:create") && <Button onClick={() => setOpen({ role: null, action: "create" })}>New role</Button>}
      />
      <Paper withBorder>
        <RolesTable
          roles={roles.data}
          access={access}
          onAction={(role, action) => {
            remove.reset();
            setOpen({ role, action });
          }}
        />
      </Paper>
      {open && (open.action === "create" || open.action === "edit") && <RoleEditorModal orgId={orgId} role={open.role} onClose={close} />}
      {open?.action === "view" && open.role && <RolePermissionsModal orgId={orgId} role={open.role} onClose={close} />}
      {open?.action === "delete" && open.role && (
        <ConfirmModal
          title={`Delete ${open.role.name}?`}
          confirmLabel="Delete role"
          mutation={remove}
          onConfirm={() => open.role && remove.mutate({ orgId, roleId: open.role.key })}
          onClose={close}
        >
          The role is deleted for good. A role cannot be deleted while members or pending invitations hold it.
        </ConfirmModal>
      )}
    </Stack>
  );
}
