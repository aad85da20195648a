import { Button, Checkbox, Code, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

type SubjectType = "user" | "group";

/** The largest page of members the API serves; the picker searches within it. */
const MEMBER_LIMIT = 200;
const isUuid = (value: string) => z.uuid().safeParse(value.trim()).success;

/**
 * Gives one member or group some of a product's permissions on one resource
 * of a type the product declared, optionally until a day. Only permissions the
 * admin holds can be ticked (the server checks again).
 */
export function GrantProductAccessModal({ orgId, onClose, onGranted }: { orgId: string; onClose(): void; onGranted(): Promise<unknown> }) {
  const catalog = useQuery(trpc.productGrants.catalog.queryOptions({ orgId }));
  const [resourceType, setResourceType] = useState<string | null>(null);
  const [resourceId, setResourceId] = useState("");
  const [subjectType, setSubjectType] = useState<SubjectType>("user");
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [permissions, setPermissions] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState("");
  const members = useQuery(trpc.members.list.queryOptions(subjectType === "user" ? { orgId, page: 1, pageSize: MEMBER_LIMIT, sort: "name", status: "active" } : skipToken));
  const groups = useQuery(trpc.groups.list.queryOptions(subjectType === "group" ? { orgId } : skipToken));
  const subjects =
    subjectType === "user"
      ? (members.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))
      : (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  const typeOptions = (catalog.data ?? []).map((product) => ({
    group: product.application.name,
    items: product.resourceTypes.map((t) => ({ value: t.type, label: `${t.description} (${t.type})` })),
  }));
  const product = catalog.data?.find((p) => p.resourceTypes.some((t) => t.type === resourceType));
  const idProblem = resourceId.trim() !== "" && !isUuid(resourceId) ? "Enter the resource's id as the product shows it: a UUID." : null;

  const grant = useMutation(
    trpc.productGrants.create.mutationOptions({
      onSuccess: async () => {
        await onGranted();
        const who = subjects.find((o) => o.value === subjectId)?.label ?? "They";
        notifications.show({ color: "green", message: `${who} now has ${permissions.join(", ")} on ${resourceType} ${resourceId.trim()}.` });
        onClose();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!resourceType || !subjectId || idProblem) return;
    const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59`) : null;
    grant.mutate({ orgId, resourceType, resourceId: resourceId.trim(), subjectType, subjectId, permissions, expiresAt });
  }

  const ready = resourceType && isUuid(resourceId) && subjectId && permissions.length > 0;
  return (
    <Modal opened onClose={onClose} title="Grant product access" centered size="lg">
      <form onSubmit={submit}>
        <Stack>
          <Select
            label="Resource type"
            placeholder={catalog.data?.length === 0 ? "No product has declared a resource type" : "Choose a product's resource type"}
            required
            value={resourceType}
            data={typeOptions}
            onChange={(value) => {
              setResourceType(value);
              setPermissions([]);
            }}
          />
          <TextInput label="Resource id" description="The id of the note (or other resource) in the product." required value={resourceId} error={idProblem} onChange={(e) => setResourceId(e.currentTarget.value)} />
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
            data={subjects}
            onChange={setSubjectId}
          />
          {product && (
            <Checkbox.Group label={`${product.application.name} permissions`} required value={permissions} onChange={setPermissions}>
              <Stack gap={6} mt={6}>
                {product.permissions.map((p) => (
                  <Checkbox
                    key={p.name}
                    value={p.name}
                    label={<Code>{p.name}</Code>}
                    aria-label={p.name}
                    description={p.held ? p.description : `${p.description} (you don't hold it, so you cannot grant it)`}
                    disabled={!p.held}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <TextInput label="Expires on" description="Optional. Leave empty for access until revoked." type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.currentTarget.value)} w={260} />
          <MutationError error={grant.error} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{product && permissions.length === 0 ? "Choose at least one permission." : null}</Text>
            <Group>
              <Button variant="default" onClick={onClose}>Cancel</Button>
              <Button type="submit" loading={grant.isPending} disabled={!ready}>Grant access</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
