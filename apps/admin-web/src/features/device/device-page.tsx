/**
 * /device: the signed-in person enters the code a command-line tool shows
 * (RFC 8628), sees which client asks for which permissions, picks one of
 * their organizations and approves — or denies.
 */
import { describePermission, isPermission } from "@atrium/rbac";
import { errorMessage } from "@atrium/ui";
import { Alert, Button, Center, Code, Group, List, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useParams } from "@tanstack/react-router";

export function DevicePage() {
  const { userCode: fromLink } = useParams({ strict: false });
  const [code, setCode] = useState(fromLink ?? "");
  const [orgId, setOrgId] = useState<string | null>(null);
  const [decided, setDecided] = useState<"approved" | "denied" | null>(null);
  const { data: orgs = [] } = useQuery(trpc.org.list.queryOptions());
  const lookup = useMutation(trpc.device.lookup.mutationOptions());
  const decide = useMutation(trpc.device.decide.mutationOptions({ onSuccess: (_r, input) => setDecided(input.approve ? "approved" : "denied") }));
  const request = lookup.data;

  function submitCode(event: FormEvent) {
    event.preventDefault();
    lookup.mutate({ userCode: code.trim() });
  }

  return (
    <Center py="xl">
      <Paper withBorder shadow="sm" p="xl" w={520} radius="lg" component="section" aria-label="Connect a device">
        <Stack>
          <div>
            <Title order={1} size="h2">Connect a device</Title>
            <Text c="dimmed" size="sm">Enter the code shown by the command-line tool or device you are signing in to.</Text>
          </div>
          {decided === "approved" && (
            <Alert color="green" role="status" title="Device connected">
              {request?.client.name} is signed in as you. Return to your device; you can revoke it any time under Sessions.
            </Alert>
          )}
          {decided === "denied" && (
            <Alert color="gray" role="status" title="Request denied">
              The device was not signed in.
            </Alert>
          )}
          {!request && !decided && (
            <form onSubmit={submitCode} aria-label="Enter the device code">
              <Stack>
                {lookup.isError && <Alert color="red" role="alert">{errorMessage(lookup.error)}</Alert>}
                <TextInput
                  label="Device code"
                  placeholder="WDJB-MJHT"
                  required
                  autoFocus
                  autoComplete="off"
                  styles={{ input: { fontFamily: "monospace", letterSpacing: 2, textTransform: "uppercase" } }}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                />
                <Button type="submit" loading={lookup.isPending}>Continue</Button>
              </Stack>
            </form>
          )}
          {request && !decided && (
            <Stack>
              <Text>
                <Text span fw={700}>{request.client.name}</Text> wants to act as you with code <Code>{request.userCode}</Code>
                {request.requestedFromIp ? ` (requested from ${request.requestedFromIp})` : ""}.
              </Text>
              <div>
                <Text size="sm" fw={600}>It asks to</Text>
                <List size="sm" aria-label="Requested permissions">
                  {request.scopes.map((scope) => (
                    <List.Item key={scope}>
                      {isPermission(scope) ? describePermission(scope).description : scope} <Code>{scope}</Code>
                    </List.Item>
                  ))}
                </List>
              </div>
              <Select
                label="Organization"
                description="The token works in this organization only."
                placeholder="Choose an organization"
                data={orgs.map((o) => ({ value: o.id, label: o.name }))}
                value={orgId}
                onChange={setOrgId}
                searchable
                required
              />
              <MutationError error={decide.error} />
              <Group justify="flex-end">
                <Button variant="default" color="red" loading={decide.isPending && decide.variables.approve === false} onClick={() => decide.mutate({ userCode: request.userCode, orgId, approve: false })}>
                  Deny
                </Button>
                <Button disabled={!orgId} loading={decide.isPending && decide.variables.approve} onClick={() => orgId && decide.mutate({ userCode: request.userCode, orgId, approve: true })}>
                  Approve
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
