import { Badge, Button, Group, Table, Text } from "@mantine/core";
import type { MyAccess } from "../access/use-my-access.ts";
import { describeCondition } from "./conditions.ts";
import { roleLabel } from "./role-label.ts";
import type { RoleRow } from "./types.ts";

export type RoleAction = "view" | "edit" | "delete";

/** System roles first, then the organization's custom roles, with member counts. */
export function RolesTable({ roles, access, onAction }: { roles: RoleRow[]; access: MyAccess; onAction(role: RoleRow, action: RoleAction): void }) {
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table verticalSpacing="sm" aria-label="Roles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th ta="right">Permissions</Table.Th>
            <Table.Th>Conditions</Table.Th>
            <Table.Th ta="right">Members</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.map((role) => {
            const name = roleLabel(role);
            return (
              <Table.Tr key={role.key}>
                <Table.Td maw={320}>
                  <Text size="sm" fw={600}>{name}</Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>{role.description || "No description"}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant={role.custom ? "outline" : "light"} color={role.custom ? "grape" : "gray"}>{role.custom ? "Custom" : "System"}</Badge>
                </Table.Td>
                <Table.Td ta="right">{role.permissions.length}</Table.Td>
                <Table.Td>
                  <Text size="xs" c={role.conditions.length ? undefined : "dimmed"}>
                    {role.conditions.length ? role.conditions.map(describeCondition).join("; ") : "None"}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{role.memberCount}</Table.Td>
                <Table.Td>
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
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
