import { Select, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { GrantModal } from "../grants/grant-modal.tsx";

/**
 * Gives one member or group some of a product's permissions on one resource
 * of a type the product declared, optionally until a day. Only permissions the
 * admin holds can be ticked (the server checks again).
 */
export function GrantProductAccessModal({ orgId, onClose, onGranted }: { orgId: string; onClose(): void; onGranted(): Promise<unknown> }) {
  const catalog = useQuery(trpc.productGrants.catalog.queryOptions({ orgId }));
  const grant = useMutation(trpc.productGrants.create.mutationOptions());
  const typeOptions = (catalog.data ?? []).map((product) => ({
    group: product.application.name,
    items: product.resourceTypes.map((t) => ({ value: t.type, label: `${t.description} (${t.type})` })),
  }));
  const productOf = (resourceType: string) => catalog.data?.find((p) => p.resourceTypes.some((t) => t.type === resourceType));

  return (
    <GrantModal
      orgId={orgId}
      title="Grant product access"
      size="lg"
      resourcePicker={(form) => (
        <>
          <Select
            label="Resource type"
            placeholder={catalog.data?.length === 0 ? "No product has declared a resource type" : "Choose a product's resource type"}
            required
            data={typeOptions}
            {...form.getInputProps("resourceType")}
            value={form.getValues().resourceType || null}
            onChange={(value) => {
              form.setFieldValue("resourceType", value ?? "");
              form.setFieldValue("permissions", []);
            }}
          />
          <TextInput label="Resource id" description="The id of the note (or other resource) in the product." required {...form.getInputProps("resourceId")} />
        </>
      )}
      permissions={(values) => {
        const product = productOf(values.resourceType);
        return product ? { label: `${product.application.name} permissions`, items: product.permissions } : null;
      }}
      onSubmit={(g) =>
        grant.mutate(
          { orgId, resourceType: g.resourceType, resourceId: g.resourceId, subjectType: g.subjectType, subjectId: g.subjectId, permissions: g.permissions, expiresAt: g.expiresAt },
          {
            onSuccess: async () => {
              await onGranted();
              notifications.show({ color: "green", message: `${g.subjectLabel} now has ${g.permissions.join(", ")} on ${g.resourceType} ${g.resourceId}.` });
              onClose();
            },
          },
        )
      }
      onClose={onClose}
      mutation={grant}
    />
  );
}
