import { ConfirmModal, DataTable, errorMessage, httpStatusOf, useZodForm, valuesProblems, ZodForm, type DataColumn } from "@atrium/ui";
import { ActionIcon, Button, Group, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { isRangeOrAddress } from "./cidr.ts";

/**
 * The form's own checks (the server checks again): each row a CIDR range or a single address,
 * a description of at most 200 characters. A row's key only names it for React.
 */
const ZAllowlistForm = z.object({
  entries: z.array(
    z.object({
      key: z.number(),
      cidr: z.string().refine(isRangeOrAddress, { error: "Not an IP address or CIDR range." }),
      description: z.string().max(200, { error: "A description has at most 200 characters." }),
    }),
  ),
});
type Row = z.input<typeof ZAllowlistForm>["entries"][number];

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
  const form = useZodForm(ZAllowlistForm, { entries: entries.map((e, key) => ({ key, ...e })) }, lockout ? null : save.error);
  const rows = form.values.entries;
  const add = (cidr = "") => form.insertListItem("entries", { key: nextKey.current++, cidr, description: "" });
  const live = valuesProblems(ZAllowlistForm, form.values);
  // A range is marked as soon as it is typed wrong; an empty one when the list is saved.
  const cidrError = (row: Row, index: number) => (row.cidr.trim() ? live[`entries.${index}.cidr`] : undefined) ?? form.errors[`entries.${index}.cidr`];
  const problem = rows.some((r, index) => r.cidr.trim() && live[`entries.${index}.cidr`]) ? "Fix or remove the ranges marked in red." : null;
  const submit = (confirmLockout: boolean) =>
    save.mutate({ orgId, entries: rows.map((r) => ({ cidr: r.cidr.trim(), description: r.description.trim() })), confirmLockout });
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
          readOnly={!canEdit}
          {...form.getInputProps(`entries.${rows.indexOf(row)}.cidr`)}
          error={cidrError(row, rows.indexOf(row))}
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
          readOnly={!canEdit}
          {...form.getInputProps(`entries.${rows.indexOf(row)}.description`)}
        />
      ),
    },
  ];

  return (
    <>
    <ZodForm form={form} error={lockout ? null : save.error} label="Allowed ranges" onSubmit={() => submit(false)}>
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
                <ActionIcon variant="subtle" color="red" aria-label={`Remove range ${position(row)}`} onClick={() => form.removeListItem("entries", rows.indexOf(row))}>
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
            <Button type="submit" loading={save.isPending && !lockout} disabled={problem !== null}>Save allowlist</Button>
          </Group>
        </Group>
      )}
    </ZodForm>
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
    </>
  );
}
