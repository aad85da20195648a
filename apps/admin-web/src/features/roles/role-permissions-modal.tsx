import { describePermission, isPermission, PERMISSION_CATEGORIES, type Permission, type PermissionCategory } from "@atrium/rbac";
import { Code, List, Modal, Stack, Text, Title } from "@mantine/core";
import { describeCondition } from "./conditions.ts";
import { useProductPermissions } from "./product-permissions.ts";
import { roleLabel } from "./role-label.ts";
import type { RoleRow } from "./types.ts";

/** A role's permissions grouped by category, read-only (system roles cannot change). */
export function RolePermissionsModal({ orgId, role, onClose }: { orgId: string; role: RoleRow; onClose(): void }) {
  const products = useProductPermissions(orgId);
  const held = new Set<string>(role.permissions);
  const byCategory = [
    ...Object.entries(PERMISSION_CATEGORIES).map(([key, label]) => ({
      label,
      permissions: (role.permissions.filter(isPermission) as Permission[]).map(describePermission).filter((p) => p.category === (key as PermissionCategory)),
    })),
    // The products' own permissions, under each product's name.
    ...products.groups.map((g) => ({ label: g.label, permissions: g.permissions.filter((p) => held.has(p.name)) })),
  ].filter((g) => g.permissions.length > 0);
  return (
    <Modal opened onClose={onClose} title={`${roleLabel(role)} permissions`} size="lg" centered>
      <Stack>
        <div>
          <Text size="sm">{role.description || "No description."}</Text>
          {!role.custom && <Text size="sm" c="dimmed">System roles are fixed; create a custom role for a different set of permissions.</Text>}
        </div>
        {role.conditions.length > 0 && (
          <div>
            <Title order={3} size="h5">Conditions</Title>
            <List size="sm">{role.conditions.map((c, i) => <List.Item key={i}>{describeCondition(c)}</List.Item>)}</List>
          </div>
        )}
        {byCategory.map((group) => (
          <div key={group.label}>
            <Title order={3} size="h5" mb={4}>{group.label}</Title>
            <List size="sm" spacing={2}>
              {group.permissions.map((p) => (
                <List.Item key={p.name}>
                  <Code>{p.name}</Code> <Text span size="sm" c="dimmed">{p.description}</Text>
                </List.Item>
              ))}
            </List>
          </div>
        ))}
      </Stack>
    </Modal>
  );
}
