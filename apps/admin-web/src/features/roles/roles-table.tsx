import { DataTable, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Group, Text } from "@mantine/core";
import type { MyAccess } from "../access/use-my-access.ts";
import { describeCondition } from "./conditions.ts";
import { roleLabel } from "./role-label.ts";
import type { RoleRow } from "./types.ts";

export type RoleAction = "view" | "edit" | "delete";

const COLUMNS: DataColumn<RoleRow>[] = [
  {
    id: "role",
    header: "Role",
    sortable: true,
    width: "30%",
    value: (role) => roleLabel(role),
    cell: (role) => (
      <>
        <TruncatedText text={roleLabel(role)} fw={600} />
        <Text size="xs" c="dimmed" lineClamp={2} title={role.description || undefined} style={{ overflowWrap: "anywhere" }}>
          {role.description || "No description"}
        </Text>
      </>
    ),
  },
  {
    id: "type",
    header: "Type",
    sortable: true,
    value: (role) => (role.custom ? "Custom" : "System"),
    cell: (role) => <Badge variant={role.custom ? "outline" : "light"} color={role.custom ? "grape" : "gray"}>{role.custom ? "Custom" : "System"}</Badge>,
  },
  { id: "permissions", header: "Permissions", align: "right", sortable: true, value: (role) => role.permissions.length },
  {
    id: "conditions",
    header: "Conditions",
    width: "22%",
    cell: (role) => (
      <TruncatedText size="xs" c={role.conditions.length ? undefined : "dimmed"} text={role.conditions.length ? role.conditions.map(describeCondition).join("; ") : "None"} />
    ),
  },
  { id: "members", header: "Members", align: "right", sortable: true, value: (role) => role.memberCount },
];

/** System roles first, then the organization's custom roles, with member counts. */
export function RolesTable({ roles, access, onAction }: { roles: RoleRow[]; access: MyAccess; onAction(role: RoleRow, action: RoleAction): void }) {
  return (
    <DataTable
      label="Roles"
      urlKey="roles"
      columns={COLUMNS}
      data={roles}
      getRowId={(role) => role.key}
      empty="No roles."
      actionsWidth={150}
      rowActions={(role) => {
        const name = roleLabel(role);
        return (
          <Group gap="xs" wrap="nowrap">
            {role.custom && access.can("roles:update") ? (
              <Button size="compact-sm" variant="light" aria-label={`Edit ${name}`} onClick={() => onAction(role, "edit")}>Edit</Button>
            ) : (
              <Button size="compact-sm" variant="default" aria-label={`View permissions of ${name}`} onClick={() => onAction(role, "view")}>View</Button>
            )}
            {role.custom && access.can("roles:delete") && (
              <Button size="compact-sm" variant="subtle" color="red" aria-label={`Delete ${name}`} onClick={() => onAction(role, "delete")}>Delete</Button>
            )}
          </Group>
        );
      }}
    />
  );
}
