import { PERMISSION_CATEGORIES, PERMISSIONS, type Permission, type PermissionCategory, type PermissionDefinition } from "@atrium/rbac";
import { Accordion, Badge, Checkbox, Code, Divider, Group, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { useState } from "react";

const CATEGORIES = Object.entries(PERMISSION_CATEGORIES) as [PermissionCategory, string][];

const matches = (p: PermissionDefinition, needle: string) => p.name.includes(needle) || p.description.toLowerCase().includes(needle);

/**
 * The catalog grouped by category, a checkbox per permission and one per
 * category. Permissions the admin does not hold cannot be granted and are
 * disabled.
 */
export function PermissionPicker({
  value,
  onChange,
  holds,
}: {
  value: ReadonlySet<Permission>;
  onChange(next: Set<Permission>): void;
  holds(permission: Permission): boolean;
}) {
  const [filter, setFilter] = useState("");
  const [opened, setOpened] = useState<string[]>([]);
  const needle = filter.trim().toLowerCase();
  const groups = CATEGORIES.map(([key, label]) => ({
    key,
    label,
    permissions: PERMISSIONS.filter((p) => p.category === key && (!needle || matches(p, needle))),
  })).filter((g) => g.permissions.length > 0);

  const set = (permissions: readonly Permission[], on: boolean) => {
    const next = new Set(value);
    for (const p of permissions) {
      if (on) next.add(p);
      else next.delete(p);
    }
    onChange(next);
  };

  return (
    <Stack gap="sm">
      <TextInput aria-label="Filter permissions" placeholder="Filter permissions by name or description" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
      <Accordion multiple variant="separated" value={needle ? groups.map((g) => g.key) : opened} onChange={setOpened}>
        {groups.map((group) => {
          const chosen = group.permissions.filter((p) => value.has(p.name)).length;
          const grantable = group.permissions.filter((p) => holds(p.name)).map((p) => p.name);
          const grantableChosen = grantable.filter((p) => value.has(p)).length;
          return (
            <Accordion.Item key={group.key} value={group.key}>
              <Accordion.Control>
                <Group justify="space-between" pr="sm" wrap="nowrap">
                  <Text size="sm" fw={500}>{group.label}</Text>
                  <Badge variant="light" color={chosen ? "atrium" : "gray"}>{chosen} of {group.permissions.length}</Badge>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <Checkbox
                    label={`All ${group.label.toLowerCase()} permissions`}
                    checked={grantable.length > 0 && grantableChosen === grantable.length}
                    indeterminate={grantableChosen > 0 && grantableChosen < grantable.length}
                    disabled={grantable.length === 0}
                    onChange={(e) => set(grantable, e.currentTarget.checked)}
                  />
                  <Divider />
                  {group.permissions.map((p) => (
                    <Tooltip key={p.name} label="You don't hold this permission" disabled={holds(p.name)} position="top-start" withinPortal>
                      <div>
                        <Checkbox
                          label={<Code>{p.name}</Code>}
                          aria-label={p.name}
                          description={p.description}
                          checked={value.has(p.name)}
                          disabled={!holds(p.name)}
                          onChange={(e) => set([p.name], e.currentTarget.checked)}
                        />
                      </div>
                    </Tooltip>
                  ))}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
      {groups.length === 0 && <Text size="sm" c="dimmed">No permission matches “{filter}”.</Text>}
    </Stack>
  );
}
