import { Button, Checkbox, Code, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { WORKSPACE_PERMISSIONS, type Workspace } from "./types.ts";

type SubjectType = "user" | "group";

/** The largest page of members the API serves; the picker searches within it. */
const MEMBER_LIMIT = 200;

/** Gives one member or group permissions on the workspace, optionally until a day. */
export function GrantAccessModal({ orgId, workspace, onClose, onGranted }: { orgId: string; workspace: Workspace; onClose(): void; onGranted(): Promise<unknown> }) {
  const access = useMyAccess(orgId);
  const [subjectType, setSubjectType] = useState<SubjectType>("user");
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [permissions, setPermissions] = useState<string[]>(["workspace_content:read"]);
  const [expiresOn, setExpiresOn] = useState("");
  const members = useQuery(trpc.members.list.queryOptions(subjectType === "user" ? { orgId, page: 1, pageSize: MEMBER_LIMIT, sort: "name", status: "active" } : skipToken));
  const groups = useQuery(trpc.groups.list.queryOptions(subjectType === "group" ? { orgId } : skipToken));
  const options =
    subjectType === "user"
      ? (members.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))
      : (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  const grant = useMutation(
    trpc.workspaces.grant.mutationOptions({
      onSuccess: async () => {
        await onGranted();
        const who = options.find((o) => o.value === subjectId)?.label ?? "They";
        notifications.show({ color: "green", message: `${who} now has access to ${workspace.name}.` });
        onClose();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!subjectId) return;
    const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59`) : null;
    grant.mutate({ orgId, workspaceId: workspace.id, subjectType, subjectId, permissions, expiresAt });
  }

  return (
    <Modal opened onClose={onClose} title={`Grant access to ${workspace.name}`} centered>
      <form onSubmit={submit}>
        <Stack>
          <SegmentedControl
            aria-label="Grant to"
            value={subjectType}
            onChange={(value) => {
              setSubjectType(value as SubjectType);
              setSubjectId(null);
            }}
            data={[
              { value: "user", label: "A member" },
              { value: "group", label: "A group" },
            ]}
          />
          <Select
            label={subjectType === "user" ? "Member" : "Group"}
            placeholder={subjectType === "user" ? "Search by name or e-mail" : "Choose a group"}
            required
            searchable
            nothingFoundMessage={subjectType === "user" ? "No member matches" : "No group matches"}
            value={subjectId}
            data={options}
            onChange={setSubjectId}
          />
          <Checkbox.Group label="Permissions" required value={permissions} onChange={setPermissions}>
            <Stack gap={6} mt={6}>
              {WORKSPACE_PERMISSIONS.map((p) => (
                <Checkbox
                  key={p.name}
                  value={p.name}
                  label={<Code>{p.name}</Code>}
                  aria-label={p.name}
                  description={access.can(p.name) ? p.description : `${p.description} (you don't hold it, so you cannot grant it)`}
                  disabled={!access.can(p.name)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <TextInput label="Expires on" description="Optional. Leave empty for access until revoked." type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.currentTarget.value)} w={260} />
          <MutationError error={grant.error} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{permissions.length === 0 ? "Choose at least one permission." : null}</Text>
            <Group>
              <Button variant="default" onClick={onClose}>Cancel</Button>
              <Button type="submit" loading={grant.isPending} disabled={!subjectId || permissions.length === 0}>Grant access</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
