import { Checkbox, Group, Paper, Select, Stack, Switch, TagsInput, Text, TextInput } from "@mantine/core";
import { useMemo } from "react";
import { DAY_NAMES, defaultCondition, type ConditionType } from "./conditions.ts";
import type { Condition } from "./types.ts";

const SWITCHES: { type: ConditionType; label: string; description: string }[] = [
  { type: "mfa", label: "Require multi-factor authentication", description: "The role applies only in sessions signed in with MFA." },
  { type: "ip_allowlist", label: "Require the organization's IP allowlist", description: "The role applies only to requests from allowed addresses." },
  { type: "attribute", label: "Require a directory attribute", description: "The role applies only to members whose attribute (e.g. department from the IdP) is one of the values." },
  { type: "time_window", label: "Limit to a time window", description: "The role applies only on the chosen days between two times." },
];

/** The conditions a custom role carries: it applies only while all of them hold. */
export function ConditionsEditor({ value, onChange }: { value: Condition[]; onChange(next: Condition[]): void }) {
  const timeZones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  const find = <T extends ConditionType>(type: T) => value.find((c): c is Extract<Condition, { type: T }> => c.type === type);
  const toggle = (type: ConditionType, on: boolean) =>
    onChange(on ? [...value, defaultCondition(type)] : value.filter((c) => c.type !== type));
  const update = (next: Condition) => onChange(value.map((c) => (c.type === next.type ? next : c)));
  const attribute = find("attribute");
  const timeWindow = find("time_window");

  return (
    <Stack gap="sm">
      {SWITCHES.map((s) => (
        <Paper key={s.type} withBorder p="sm">
          <Switch label={s.label} description={s.description} checked={find(s.type) !== undefined} onChange={(e) => toggle(s.type, e.currentTarget.checked)} />
          {s.type === "attribute" && attribute && (
            <Group mt="sm" align="flex-start" grow>
              <TextInput
                label="Attribute"
                required
                value={attribute.attribute}
                onChange={(e) => update({ ...attribute, attribute: e.currentTarget.value.trim() })}
              />
              <TagsInput
                label="Allowed values"
                description="Press Enter after each value"
                required
                value={[...attribute.oneOf]}
                onChange={(oneOf) => update({ ...attribute, oneOf })}
              />
            </Group>
          )}
          {s.type === "time_window" && timeWindow && (
            <Stack mt="sm" gap="sm">
              <Select
                label="Time zone"
                searchable
                allowDeselect={false}
                value={timeWindow.timezone}
                data={timeZones.includes(timeWindow.timezone) ? timeZones : [timeWindow.timezone, ...timeZones]}
                onChange={(timezone) => timezone && update({ ...timeWindow, timezone })}
              />
              <Checkbox.Group
                label="Days"
                value={timeWindow.days.map(String)}
                onChange={(days) => update({ ...timeWindow, days: days.map(Number).sort((a, b) => a - b) })}
              >
                <Group gap="md" mt={4}>
                  {DAY_NAMES.map((day, i) => <Checkbox key={day} value={String(i)} label={day} />)}
                </Group>
              </Checkbox.Group>
              <Group grow>
                <TextInput label="From" type="time" required value={timeWindow.from} onChange={(e) => update({ ...timeWindow, from: e.currentTarget.value })} />
                <TextInput label="To" type="time" required value={timeWindow.to} onChange={(e) => update({ ...timeWindow, to: e.currentTarget.value })} />
              </Group>
              <Text size="xs" c="dimmed">A window whose end is before its start runs past midnight.</Text>
            </Stack>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
