import { DataTable, formatDate, formatDateTime, TruncatedText, type DataColumn } from "@atrium/ui";
import { Badge, Button, Code, Group, Text, Tooltip } from "@mantine/core";
import type { MyAccess } from "../access/use-my-access.ts";
import type { ApiKeyAction } from "./api-key-action-modal.tsx";
import { statusOf, type ApiKey, type ApiKeyStatus } from "./types.ts";

const STATUS: Record<ApiKeyStatus, { label: string; color: string }> = {
  active: { label: "Active", color: "green" },
  expired: { label: "Expired", color: "orange" },
  revoked: { label: "Revoked", color: "gray" },
};

const COLUMNS: DataColumn<ApiKey>[] = [
  {
    id: "name",
    header: "Name",
    sortable: true,
    width: "24%",
    value: (key) => key.name,
    cell: (key) => (
      <>
        <TruncatedText text={key.name} fw={600} />
        <TruncatedText size="xs" c="dimmed" text={`Created ${formatDate(key.createdAt)}${key.createdBy ? ` by ${key.createdBy.name}` : ""}`} />
      </>
    ),
  },
  { id: "prefix", header: "Prefix", value: (key) => key.prefix, cell: (key) => <Code>{key.prefix}…</Code> },
  {
    id: "permissions",
    header: "Permissions",
    align: "right",
    sortable: true,
    value: (key) => key.permissions.length,
    cell: (key) => (
      <Tooltip label={key.permissions.join(", ")} multiline w={320} withinPortal>
        <Text size="sm" span tabIndex={0}>{key.permissions.length}</Text>
      </Tooltip>
    ),
  },
  {
    id: "lastUsed",
    header: "Last used",
    sortable: true,
    width: "18%",
    value: (key) => key.lastUsedAt,
    cell: (key) =>
      key.lastUsedAt ? (
        <>
          <TruncatedText text={formatDateTime(key.lastUsedAt)} />
          {key.lastUsedIp && <TruncatedText size="xs" c="dimmed" text={`from ${key.lastUsedIp}`} />}
        </>
      ) : (
        <Text size="sm" c="dimmed">Never</Text>
      ),
  },
  { id: "expires", header: "Expires", sortable: true, value: (key) => key.expiresAt, cell: (key) => (key.expiresAt ? formatDate(key.expiresAt) : "Never") },
  {
    id: "status",
    header: "Status",
    sortable: true,
    value: (key) => STATUS[statusOf(key)].label,
    cell: (key) => <Badge variant="light" color={STATUS[statusOf(key)].color}>{STATUS[statusOf(key)].label}</Badge>,
  },
];

/** Keys by name and prefix (never the secret), what they may do, when they were last used. */
export function ApiKeysTable({ rows, access, onAction }: { rows: ApiKey[]; access: MyAccess; onAction(key: ApiKey, action: ApiKeyAction): void }) {
  return (
    <DataTable
      label="API keys"
      urlKey="keys"
      columns={COLUMNS}
      data={rows}
      empty="No API keys yet."
      actionsWidth={160}
      rowActions={(key) =>
        statusOf(key) !== "revoked" && (
          <Group gap="xs" wrap="nowrap">
            {access.can("api_keys:rotate") && (
              <Button size="compact-sm" variant="light" aria-label={`Rotate ${key.name}`} onClick={() => onAction(key, "rotate")}>Rotate</Button>
            )}
            {access.can("api_keys:revoke") && (
              <Button size="compact-sm" variant="subtle" color="red" aria-label={`Revoke ${key.name}`} onClick={() => onAction(key, "revoke")}>Revoke</Button>
            )}
          </Group>
        )
      }
    />
  );
}
