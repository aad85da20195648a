import { PERMISSION_CATEGORIES, PERMISSIONS, type PermissionCategory } from "@atrium/rbac";
import { Accordion, Badge, Checkbox, Code, Divider, Group, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { useState } from "react";
import type { ProductGroup } from "./product-permissions.ts";

const CATEGORIES = Object.entries(PERMISSION_CATEGORIES) as [PermissionCategory, string][];

interface Item<P extends string = string> {
  name: P;
  description: string;
}

const matches = (p: Item, needle: string) => p.name.includes(needle) || p.description.toLowerCase().includes(needle);

/**
 * The catalog grouped by category, then the products' own permissions under
 * each product's name, a checkbox per permission and one per group.
 * Permissions the admin does not hold cannot be granted and are disabled.
 */
export function PermissionPicker<P extends string>({
  value,
  onChange,
  holds,
  products = [],
}: {
  value: ReadonlySet<P>;
  onChange(next: Set<P>): void;
  holds(permission: P): boolean;
  products?: readonly ProductGroup[];
}) {
  const [filter, setFilter] = useState("");
  const [opened, setOpened] = useState<string[]>([]);
  const needle = filter.trim().toLowerCase();
  const groups = [
    ...CATEGORIES.map(([key, label]) => ({ key: key as string, label, permissions: PERMISSIONS.filter((p) => p.category === key) as unknown as Item<P>[] })),
    ...products.map((g) => ({ key: g.key, label: g.label, permissions: g.permissions as unknown as Item<P>[] })),
  ]
    .map((g) => ({ ...g, permissions: g.permissions.filter((p) => !needle || matches(p, needle)) }))
    .filter((g) => g.permissions.length > 0);

  const set = (permissions: readonly P[], on: boolean) => {
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
