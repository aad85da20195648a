import { describePermission, PERMISSIONS, type Permission } from "@atrium/rbac";
import { Code, Group, List, Paper, Stack, Text, Title } from "@mantine/core";

/** Permissions a change adds (green) and removes (red), in catalog order. */
export function PermissionDiff({ before, after }: { before: ReadonlySet<Permission>; after: ReadonlySet<Permission> }) {
  const added = PERMISSIONS.filter((p) => after.has(p.name) && !before.has(p.name)).map((p) => p.name);
  const removed = PERMISSIONS.filter((p) => before.has(p.name) && !after.has(p.name)).map((p) => p.name);
  return (
    <Paper withBorder p="md" component="section" aria-label="Permission changes">
      <Stack gap="xs">
        <Title order={3} size="h5">Permission changes</Title>
        {added.length === 0 && removed.length === 0 && <Text size="sm" c="dimmed">No permissions added or removed.</Text>}
        <Change title="Added" sign="+" color="green.8" permissions={added} />
        <Change title="Removed" sign="−" color="red.8" permissions={removed} />
      </Stack>
    </Paper>
  );
}

function Change({ title, sign, color, permissions }: { title: string; sign: string; color: string; permissions: Permission[] }) {
  if (permissions.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={600} c={color}>{title} ({permissions.length})</Text>
      <List listStyleType="none" spacing={2} aria-label={`${title} permissions`}>
        {permissions.map((p) => (
          <List.Item key={p}>
            <Group gap={6} wrap="nowrap">
              <Text span c={color} fw={700} aria-hidden>{sign}</Text>
              <Code c={color}>{p}</Code>
              <Text span size="xs" c="dimmed">{describePermission(p).description}</Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
