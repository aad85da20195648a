import { describePermission, isPermission, PERMISSIONS } from "@atrium/rbac";
import { Code, Group, List, Paper, Stack, Text, Title } from "@mantine/core";

/** Permissions a change adds (green) and removes (red), in catalog order, then the products' own in their order. */
export function PermissionDiff({
  before,
  after,
  products = { names: [], describe: () => undefined },
}: {
  before: ReadonlySet<string>;
  after: ReadonlySet<string>;
  products?: { names: readonly string[]; describe(name: string): string | undefined };
}) {
  const order = [...PERMISSIONS.map((p) => p.name as string), ...products.names];
  const added = order.filter((p) => after.has(p) && !before.has(p));
  const removed = order.filter((p) => before.has(p) && !after.has(p));
  const describe = (p: string) => (isPermission(p) ? describePermission(p).description : (products.describe(p) ?? ""));
  return (
    <Paper withBorder p="md" component="section" aria-label="Permission changes">
      <Stack gap="xs">
        <Title order={3} size="h5">Permission changes</Title>
        {added.length === 0 && removed.length === 0 && <Text size="sm" c="dimmed">No permissions added or removed.</Text>}
        <Change title="Added" sign="+" color="green.8" permissions={added} describe={describe} />
        <Change title="Removed" sign="−" color="red.8" permissions={removed} describe={describe} />
      </Stack>
    </Paper>
  );
}

function Change({ title, sign, color, permissions, describe }: { title: string; sign: string; color: string; permissions: string[]; describe(p: string): string }) {
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
              <Text span size="xs" c="dimmed">{describe(p)}</Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
