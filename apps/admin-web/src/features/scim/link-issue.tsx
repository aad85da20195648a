import { ConfirmModal, formatNumber, FormModal, useZodForm } from "@atrium/ui";
import { Anchor, Badge, Button, Group, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import type { ProvisionedUser } from "./types.ts";

/** Why a provisioned user is not linked to an account, in words an admin can act on. */
export function linkIssueText(u: ProvisionedUser): string {
  switch (u.linkIssue) {
    case "no_address":
      return "The identity provider sent no e-mail address.";
    case "outside_verified_domains":
      return `${u.linkAddress ?? "Its address"} is not in one of your verified domains.`;
    case "account_taken":
      return `${u.linkAddress ?? "Its address"} belongs to an account already linked to ${u.conflictWith ? u.conflictWith.userName : "another provisioned user"}.`;
    default:
      return "Not linked to an account.";
  }
}

/** The "Account" cell of a provisioned user: the linked account, or why there is none with the ways to resolve it. */
export function AccountCell({ orgId, user, canManage }: { orgId: string; user: ProvisionedUser; canManage: boolean }) {
  const [dialog, setDialog] = useState<"link" | "leave" | null>(null);
  if (user.account) return <Text size="sm">{user.account.email}</Text>;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Badge color={user.leftUnlinked ? "gray" : "orange"} variant="light">{user.leftUnlinked ? "Left unlinked" : "Not linked"}</Badge>
        {canManage && (
          <>
            <Anchor component="button" size="sm" onClick={() => setDialog("link")} aria-label={`Link ${user.userName} to a member`}>Link…</Anchor>
            {!user.leftUnlinked && (
              <Anchor component="button" size="sm" c="dimmed" onClick={() => setDialog("leave")} aria-label={`Leave ${user.userName} unlinked`}>Leave unlinked</Anchor>
            )}
          </>
        )}
      </Group>
      <Text size="xs" c="dimmed">{linkIssueText(user)}</Text>
      {dialog === "link" && <LinkModal orgId={orgId} user={user} onClose={() => setDialog(null)} />}
      {dialog === "leave" && <LeaveModal orgId={orgId} user={user} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

const refresh = async () => {
  await queryClient.invalidateQueries({ queryKey: trpc.scim.users.queryKey() });
  await queryClient.invalidateQueries({ queryKey: trpc.scim.overview.queryKey() });
};

/** Linking names the member this provisioned user is. */
const ZLinkForm = z.object({ userId: z.string().min(1, "Choose a member to link.") });

function LinkModal({ orgId, user, onClose }: { orgId: string; user: ProvisionedUser; onClose(): void }) {
  const [search, setSearch] = useState("");
  const members = useQuery({ ...trpc.members.list.queryOptions({ orgId, q: search.trim() || undefined, pageSize: 50 }), placeholderData: keepPreviousData });
  const link = useMutation(
    trpc.scim.linkUser.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notifications.show({ color: "green", message: `${user.userName} is linked; the directory now manages that membership.` });
        onClose();
      },
    }),
  );
  const form = useZodForm(ZLinkForm, { userId: "" }, link.error);
  return (
    <FormModal
      title={`Link ${user.userName}`}
      form={form}
      submitLabel="Link"
      mutation={link}
      onSubmit={(v) => link.mutate({ orgId, scimUserId: user.id, userId: v.userId })}
      onClose={onClose}
    >
      <Text size="sm">
        Choose the member this provisioned user is. From then on the identity provider manages that membership: its status, directory attributes,
        groups and role, and the account takes the directory's name.
      </Text>
      <Select
        label="Member"
        placeholder="Search by name or e-mail"
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        data={(members.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} <${m.email}>` }))}
        nothingFoundMessage={members.isFetching ? "Searching…" : "No member matches"}
        withAsterisk
        {...form.getInputProps("userId")}
        onChange={(value) => form.setFieldValue("userId", value ?? "")}
      />
    </FormModal>
  );
}

function LeaveModal({ orgId, user, onClose }: { orgId: string; user: ProvisionedUser; onClose(): void }) {
  const leave = useMutation(
    trpc.scim.leaveUnlinked.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onClose();
      },
    }),
  );
  return (
    <ConfirmModal
      title={`Leave ${user.userName} unlinked`}
      confirmLabel="Leave unlinked"
      color="gray"
      mutation={leave}
      onConfirm={() => leave.mutate({ orgId, scimUserId: user.id })}
      onClose={onClose}
    >
      {`The record stays in the directory without an account and no longer needs attention. Updates from the identity provider will not link it; you can still link it here later.`}
    </ConfirmModal>
  );
}

/** Says how many provisioned users need an admin's decision, and filters the table to them. */
export function UnlinkedNotice({ count, showing, onShow }: { count: number; showing: boolean; onShow(unlinked: boolean): void }) {
  if (count === 0 && !showing) return null;
  return (
    <Group justify="space-between" role="status" aria-label="Unlinked provisioned users">
      <Text size="sm">
        {count === 0
          ? "Every provisioned user is linked or left unlinked on purpose."
          : `${formatNumber(count)} provisioned ${count === 1 ? "user is" : "users are"} not linked to an account. The identity provider was not refused; decide here which member each one is.`}
      </Text>
      <Button size="xs" variant="light" onClick={() => onShow(!showing)}>{showing ? "Show all" : "Show unlinked"}</Button>
    </Group>
  );
}
