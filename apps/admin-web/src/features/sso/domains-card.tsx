import { errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { EmptyRow } from "../../lib/empty-row.tsx";
import { MutationError } from "../../lib/mutation-error.tsx";

/** Domains the organization claims: a DNS TXT record proves each; verified ones route sign-in to the IdP. */
export function DomainsCard({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const domains = useQuery(trpc.sso.domains.list.queryOptions({ orgId }));
  const [domain, setDomain] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sso.domains.list.queryKey() });
  const add = useMutation(trpc.sso.domains.add.mutationOptions({ onSuccess: async () => { setDomain(""); await refresh(); } }));
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
    <Paper withBorder p="lg" component="section" aria-label="Verified domains">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">Verified domains</Title>
          <Text size="sm" c="dimmed">People whose e-mail is at a verified domain are sent to your IdP when they sign in.</Text>
        </div>
        {domains.isError && <Alert color="red" role="alert">{errorMessage(domains.error)}</Alert>}
        <MutationError error={add.error ?? verify.error ?? remove.error} />
        <Table verticalSpacing="sm" aria-label="Domains">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>DNS TXT record</Table.Th>
              {canManage && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {domains.data?.length === 0 && <EmptyRow colSpan={canManage ? 4 : 3}>No domain yet.</EmptyRow>}
            {domains.data?.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.domain}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={d.verified ? "green" : "yellow"}>{d.verified ? "Verified" : "Pending"}</Badge>
                </Table.Td>
                <Table.Td>
                  {d.verified ? (
                    <Text size="sm" c="dimmed">Verified {d.verifiedAt?.toLocaleDateString()}</Text>
                  ) : (
                    <Stack gap={2}>
                      <Text size="xs">Name: <Code>{d.recordName}</Code></Text>
                      <Group gap={4}>
                        <Text size="xs">Value: <Code>{d.recordValue}</Code></Text>
                        <CopyButton value={d.recordValue}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? "Copied" : "Copy"}</Button>}</CopyButton>
                      </Group>
                    </Stack>
                  )}
                </Table.Td>
                {canManage && (
                  <Table.Td>
                    <Group gap="xs">
                      {!d.verified && (
                        <Button size="xs" loading={verify.isPending && verify.variables.domainId === d.id} onClick={() => verify.mutate({ orgId, domainId: d.id })}>
                          Verify {d.domain}
                        </Button>
                      )}
                      <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate({ orgId, domainId: d.id })}>Remove</Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canManage && (
          <form onSubmit={(e) => { e.preventDefault(); add.mutate({ orgId, domain }); }}>
            <Group align="flex-end">
              <TextInput label="Add a domain" placeholder="example.com" value={domain} onChange={(e) => setDomain(e.currentTarget.value)} required />
              <Button type="submit" loading={add.isPending}>Add domain</Button>
            </Group>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
