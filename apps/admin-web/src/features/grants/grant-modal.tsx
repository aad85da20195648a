import { FormModal, useZodForm, type ConfirmableMutation } from "@atrium/ui";
import { Checkbox, Code, SegmentedControl, Select, Stack, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { skipToken, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";

/** The largest page of members the API serves; the picker searches within it. */
const MEMBER_LIMIT = 200;

/**
 * A grant as the form holds it. The resource is part of it so that one form
 * serves a fixed resource (a workspace) and a picked one (a product's note);
 * the server checks every part again, and that the granter holds each permission.
 */
export const ZGrantForm = z.object({
  resourceType: z.string().min(1, "Choose a resource type."),
  resourceId: z.string().trim().pipe(z.uuid("Enter the resource's id as the product shows it: a UUID.")),
  subjectType: z.enum(["user", "group"]),
  subjectId: z.string().min(1, "Choose who gets access."),
  permissions: z.array(z.string()).min(1, "Choose at least one permission."),
  expiresOn: z.string(),
});
export type TGrantForm = z.input<typeof ZGrantForm>;

/** What the form submits: the grant, with the last day turned into its end, local time. */
export interface TGrant {
  resourceType: string;
  resourceId: string;
  subjectType: "user" | "group";
  subjectId: string;
  /** The member's or group's name as the picker showed it, for the confirmation. */
  subjectLabel: string;
  permissions: string[];
  expiresAt: Date | null;
}

export interface GrantablePermissions {
  label: string;
  items: { name: string; description: string; held: boolean }[];
}

export interface GrantModalProps {
  orgId: string;
  title: string;
  size?: string;
  /** The resource when it is fixed (the picker then shows nothing), or where a picker starts. */
  resource?: { type: string; id: string };
  /** Fields that choose the resource, drawn above the subject; they set resourceType and resourceId. */
  resourcePicker?: (form: UseFormReturnType<TGrantForm>) => ReactNode;
  /** The permissions that can be granted on the chosen resource; null before one is chosen. */
  permissions(values: TGrantForm): GrantablePermissions | null;
  initialPermissions?: string[];
  onSubmit(grant: TGrant): void;
  onClose(): void;
  /** The grant's mutation: its progress and refusal show in the dialog. */
  mutation: ConfirmableMutation;
}

/** Gives one member or group permissions on one resource, optionally until a day. */
export function GrantModal({ orgId, title, size, resource, resourcePicker, permissions, initialPermissions = [], onSubmit, onClose, mutation }: GrantModalProps) {
  const form = useZodForm(
    ZGrantForm,
    { resourceType: resource?.type ?? "", resourceId: resource?.id ?? "", subjectType: "user", subjectId: "", permissions: initialPermissions, expiresOn: "" },
    mutation.error,
  );
  const values = form.getValues();
  const members = useQuery(trpc.members.list.queryOptions(values.subjectType === "user" ? { orgId, page: 1, pageSize: MEMBER_LIMIT, sort: "name", status: "active" } : skipToken));
  const groups = useQuery(trpc.groups.list.queryOptions(values.subjectType === "group" ? { orgId } : skipToken));
  const subjects =
    values.subjectType === "user"
      ? (members.data?.rows ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))
      : (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  const grantable = permissions(values);
  const isUser = values.subjectType === "user";

  return (
    <FormModal
      title={title}
      size={size}
      form={form}
      onSubmit={(v) =>
        onSubmit({
          resourceType: v.resourceType,
          resourceId: v.resourceId.trim(),
          subjectType: v.subjectType,
          subjectId: v.subjectId,
          subjectLabel: subjects.find((o) => o.value === v.subjectId)?.label ?? "They",
          permissions: v.permissions,
          expiresAt: v.expiresOn ? new Date(`${v.expiresOn}T23:59:59`) : null,
        })
      }
      onClose={onClose}
      submitLabel="Grant access"
      mutation={mutation}
    >
      {resourcePicker?.(form)}
      <SegmentedControl
        aria-label="Grant to"
        value={values.subjectType}
        onChange={(value) => {
          form.setFieldValue("subjectType", value as TGrantForm["subjectType"]);
          form.setFieldValue("subjectId", "");
        }}
        data={[
          { value: "user", label: "A member" },
          { value: "group", label: "A group" },
        ]}
      />
      <Select
        label={isUser ? "Member" : "Group"}
        placeholder={isUser ? "Search by name or e-mail" : "Choose a group"}
        required
        searchable
        nothingFoundMessage={isUser ? "No member matches" : "No group matches"}
        data={subjects}
        {...form.getInputProps("subjectId")}
        value={values.subjectId || null}
        onChange={(value) => form.setFieldValue("subjectId", value ?? "")}
      />
      {grantable && (
        <Checkbox.Group label={grantable.label} required {...form.getInputProps("permissions")}>
          <Stack gap={6} mt={6}>
            {grantable.items.map((p) => (
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
      <TextInput label="Expires on" description="Optional. Leave empty for access until revoked." type="date" w={260} {...form.getInputProps("expiresOn")} />
    </FormModal>
  );
}
