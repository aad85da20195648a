import type { AppRouter } from "@atrium/api";
import { type DataColumn, DataTable, formatDate, SectionCard, useZodForm, ZodForm } from "@atrium/ui";
import { Badge, Button, Code, CopyButton, Group, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

type Domain = inferRouterOutputs<AppRouter>["sso"]["domains"]["list"][number];

/** The server's rule for a domain (sso.domains.add), in its words; the server checks again. */
const ZDomainForm = z.object({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter a domain like example.com.")
    .max(253, "A domain has at most 253 characters.")
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "Enter a domain like example.com."),
});

const COLUMNS: DataColumn<Domain>[] = [
  { id: "domain", header: "Domain", sortable: true, width: "24%", value: (d) => d.domain },
  {
    id: "status",
    header: "Status",
    sortable: true,
    width: 110,
    value: (d) => (d.verified ? "Verified" : "Pending"),
    cell: (d) => <Badge variant="light" color={d.verified ? "green" : "yellow"}>{d.verified ? "Verified" : "Pending"}</Badge>,
  },
  {
    id: "record",
    header: "DNS TXT record",
    cell: (d) =>
      d.verified ? (
        <Text size="sm" c="dimmed">Verified {formatDate(d.verifiedAt)}</Text>
      ) : (
        <Stack gap={2}>
          <Text size="xs" truncate="end" title={d.recordName}>Name: <Code>{d.recordName}</Code></Text>
          <Group gap={4} wrap="nowrap">
            <Text size="xs" truncate="end" title={d.recordValue}>Value: <Code>{d.recordValue}</Code></Text>
            <CopyButton value={d.recordValue}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? "Copied" : "Copy"}</Button>}</CopyButton>
          </Group>
        </Stack>
      ),
  },
];

/** Domains the organization claims: a DNS TXT record proves each; verified ones route sign-in to the IdP. */
export function DomainsCard({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const domains = useQuery(trpc.sso.domains.list.queryOptions({ orgId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sso.domains.list.queryKey() });
  const add = useMutation(trpc.sso.domains.add.mutationOptions({ onSuccess: async () => { form.reset(); await refresh(); } }));
  const form = useZodForm(ZDomainForm, { domain: "" }, add.error);
  const verify = useMutation(
    trpc.sso.domains.verify.mutationOptions({
      onSuccess: async (row) => {
        await refresh();
        notifications.show(row.verified ? { color: "green", message: `${row.domain} is verified.` } : { color: "orange", message: `No TXT record ${row.recordName} with the token yet. DNS changes can take a while.` });
      },
    }),
  );
  const remove = useMutation(trpc.sso.domains.remove.mutationOptions({ onSuccess: refresh }));

  return (
    <SectionCard title="Verified domains" description="People whose e-mail is at a verified domain are sent to your IdP when they sign in." gap="sm">
      <MutationError error={verify.error ?? remove.error} />
      <DataTable
        label="Domains"
        urlKey="domains"
        columns={COLUMNS}
        query={domains}
        empty="No domain yet."
        actionsWidth={260}
        rowActions={
          canManage
            ? (d) => (
                <Group gap="xs" wrap="nowrap">
                  {!d.verified && (
                    <Button size="xs" maw={170} loading={verify.isPending && verify.variables.domainId === d.id} onClick={() => verify.mutate({ orgId, domainId: d.id })}>
                      Verify {d.domain}
                    </Button>
                  )}
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate({ orgId, domainId: d.id })}>Remove</Button>
                </Group>
              )
            : undefined
        }
      />
      {canManage && (
        <ZodForm form={form} error={add.error} label="New domain" onSubmit={(v) => add.mutate({ orgId, domain: ZDomainForm.parse(v).domain })}>
          <Group align="flex-start">
            <TextInput label="Add a domain" placeholder="example.com" withAsterisk {...form.getInputProps("domain")} />
            <Button type="submit" mt={25} loading={add.isPending}>Add domain</Button>
          </Group>
        </ZodForm>
      )}
    </SectionCard>
  );
}
