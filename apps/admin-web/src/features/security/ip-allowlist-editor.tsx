import { ConfirmModal, DataTable, errorMessage, httpStatusOf, type DataColumn } from "@atrium/ui";
import { ActionIcon, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { isRangeOrAddress } from "./cidr.ts";

interface Row {
  key: number;
  cidr: string;
  description: string;
}

/**
 * The allowlist as editable rows, saved as a whole. A list that would shut
 * out the admin's own address is refused (409) until they confirm it.
 */
export function IpAllowlistEditor({
  orgId,
  entries,
  yourIp,
  canEdit,
}: {
  orgId: string;
  entries: { cidr: string; description: string }[];
  yourIp: string | null;
  canEdit: boolean;
}) {
  const [rows, setRows] = useState<Row[]>(() => entries.map((e, key) => ({ key, ...e })));
  const nextKey = useRef(entries.length);
  const [lockout, setLockout] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.updateIpAllowlist.mutationOptions({
      onSuccess: async () => {
        setLockout(null);
        await queryClient.invalidateQueries({ queryKey: trpc.settings.ipAllowlist.queryKey() });
        notifications.show({ color: "green", message: "IP allowlist saved." });
      },
      onError: (error, input) => {
        if (httpStatusOf(error) === 409 && !input.confirmLockout) setLockout(errorMessage(error));
      },
    }),
  );

  const add = (cidr = "") => setRows((prev) => [...prev, { key: nextKey.current++, cidr, description: "" }]);
  const update = (key: number, patch: Partial<Row>) => setRows((prev) => prev.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const payload = rows.map((r) => ({ cidr: r.cidr.trim(), description: r.description.trim() }));
  const problem = rows.some((r) => !isRangeOrAddress(r.cidr)) ? "Fix or remove the ranges marked in red." : null;
  const submit = (confirmLockout: boolean) => save.mutate({ orgId, entries: payload, confirmLockout });
  const position = (row: Row) => rows.indexOf(row) + 1;
  const columns: DataColumn<Row>[] = [
    {
      id: "cidr",
      header: "Range (CIDR or address)",
      width: "40%",
      cell: (row) => (
        <TextInput
          aria-label={`Range ${position(row)}`}
          placeholder="203.0.113.0/24"
          value={row.cidr}
          readOnly={!canEdit}
          error={row.cidr.trim() && !isRangeOrAddress(row.cidr) ? "Not an IP address or CIDR range" : undefined}
          onChange={(e) => update(row.key, { cidr: e.currentTarget.value })}
        />
      ),
    },
    {
      id: "description",
      header: "Description",
      cell: (row) => (
        <TextInput
          aria-label={`Description of range ${position(row)}`}
          placeholder="Head office"
          maxLength={200}
          value={row.description}
          readOnly={!canEdit}
          onChange={(e) => update(row.key, { description: e.currentTarget.value })}
        />
      ),
    },
  ];

  return (
    <Stack gap="sm">
      {!lockout && <MutationError error={save.error} />}
      <DataTable
        label="Allowed ranges"
        columns={columns}
        data={rows}
        getRowId={(row) => String(row.key)}
        empty="No ranges: requests are accepted from any address."
        actionsWidth={48}
        rowActions={
          canEdit
            ? (row) => (
                <ActionIcon variant="subtle" color="red" aria-label={`Remove range ${position(row)}`} onClick={() => setRows((prev) => prev.filter((r) => r.key !== row.key))}>
                  ✕
                </ActionIcon>
              )
            : undefined
        }
      />
      {canEdit && (
        <Group justify="space-between">
          <Group gap="xs">
            <Button variant="default" onClick={() => add()}>Add range</Button>
            {yourIp && !rows.some((r) => r.cidr.trim() === yourIp) && (
              <Button variant="subtle" onClick={() => add(yourIp)}>Add my address</Button>
            )}
          </Group>
          <Group gap="sm">
            {problem && <Text size="sm" c="red.8">{problem}</Text>}
            <Button loading={save.isPending && !lockout} disabled={problem !== null} onClick={() => submit(false)}>Save allowlist</Button>
          </Group>
        </Group>
      )}
      {lockout && (
        <ConfirmModal
          title="Save a list that excludes your address?"
          confirmLabel="Save anyway"
          pending={save.isPending}
          error={save.variables?.confirmLockout ? save.error : null}
          onConfirm={() => submit(true)}
          onClose={() => {
            setLockout(null);
            save.reset();
          }}
        >
          {lockout}
        </ConfirmModal>
      )}
    </Stack>
  );
}
