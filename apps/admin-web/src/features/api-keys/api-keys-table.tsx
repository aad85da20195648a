import { EmptyRow } from "../../lib/empty-row.tsx";
import { Badge, Button, Code, Group, Table, Text, Tooltip } from "@mantine/core";
import type { MyAccess } from "../access/use-my-access.ts";
import type { ApiKeyAction } from "./api-key-action-modal.tsx";
import { statusOf, type ApiKey, type ApiKeyStatus } from "./types.ts";

const STATUS: Record<ApiKeyStatus, { label: string; color: string }> = {
  active: { label: "Active", color: "green" },
  expired: { label: "Expired", color: "orange" },
  revoked: { label: "Revoked", color: "gray" },
};

const when = (date: Date) => date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Keys by name and prefix (never the secret), what they may do, when they were last used. */
export function ApiKeysTable({ rows, access, onAction }: { rows: ApiKey[]; access: MyAccess; onAction(key: ApiKey, action: ApiKeyAction): void }) {
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table verticalSpacing="sm" aria-label="API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th ta="right">Permissions</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyRow colSpan={7}>No API keys yet.</EmptyRow>}
          {rows.map((key) => {
            const status = statusOf(key);
            return (
              <Table.Tr key={key.id} c={status === "active" ? undefined : "dimmed"}>
                <Table.Td>
                  <Text size="sm" fw={600}>{key.name}</Text>
                  <Text size="xs" c="dimmed">Created {key.createdAt.toLocaleDateString()}{key.createdBy ? ` by ${key.createdBy.name}` : ""}</Text>
                </Table.Td>
                <Table.Td><Code>{key.prefix}…</Code></Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={key.permissions.join(", ")} multiline w={320} withinPortal>
                    <Text size="sm" span tabIndex={0}>{key.permissions.length}</Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  {key.lastUsedAt ? (
                    <>
                      <Text size="sm">{when(key.lastUsedAt)}</Text>
                      {key.lastUsedIp && <Text size="xs" c="dimmed">from {key.lastUsedIp}</Text>}
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">Never</Text>
                  )}
                </Table.Td>
                <Table.Td><Text size="sm">{key.expiresAt ? key.expiresAt.toLocaleDateString() : "Never"}</Text></Table.Td>
                <Table.Td><Badge variant="light" color={STATUS[status].color}>{STATUS[status].label}</Badge></Table.Td>
                <Table.Td>
                  {status !== "revoked" && (
                    <Group gap="xs" wrap="nowrap">
                      {access.can("api_keys:rotate") && (
                        <Button size="compact-sm" variant="light" aria-label={`Rotate ${key.name}`} onClick={() => onAction(key, "rotate")}>Rotate</Button>
                      )}
                      {access.can("api_keys:revoke") && (
                        <Button size="compact-sm" variant="subtle" color="red" aria-label={`Revoke ${key.name}`} onClick={() => onAction(key, "revoke")}>Revoke</Button>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
