/**
 * /device: the signed-in person enters the code a command-line tool shows
 * (RFC 8628), sees which client asks for which permissions, picks one of
 * their organizations and approves — or denies.
 */
import { describePermission, isPermission } from "@atrium/rbac";
import { useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Button, Center, Code, Group, List, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { useState } from "react";
import { z } from "zod";
import { trpc } from "../../lib/api.ts";

/** The server's rule for a user code (device.lookup: 8 to 16 characters), in a sentence; it checks again. */
const CODE_SENTENCE = "Enter the code your device shows, like WDJB-MJHT.";
const ZCodeForm = z.object({ userCode: z.string().trim().min(8, CODE_SENTENCE).max(16, CODE_SENTENCE) });

/** Approving needs an organization for the token to work in (denying does not). */
const ZApproveForm = z.object({ orgId: z.string({ error: "Choose the organization the device may act in." }).min(1, "Choose the organization the device may act in.") });

export function DevicePage() {
  const { userCode: fromLink } = useParams({ strict: false });
  const [decided, setDecided] = useState<"approved" | "denied" | null>(null);
  const { data: orgs = [] } = useQuery(trpc.org.list.queryOptions());
  const lookup = useMutation(trpc.device.lookup.mutationOptions());
  const decide = useMutation(trpc.device.decide.mutationOptions({ onSuccess: (_r, input) => setDecided(input.approve ? "approved" : "denied") }));
  const request = lookup.data;
  const codeForm = useZodForm(ZCodeForm, { userCode: fromLink ?? "" }, lookup.error);
  const approveForm = useZodForm(ZApproveForm, { orgId: "" }, decide.error);
  const orgId = approveForm.values.orgId || null;

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
            <ZodForm form={codeForm} error={lookup.error} label="Enter the device code" gap="md" onSubmit={(v) => lookup.mutate({ userCode: v.userCode.trim() })}>
              <TextInput
                label="Device code"
                placeholder="WDJB-MJHT"
                withAsterisk
                autoFocus
                autoComplete="off"
                styles={{ input: { fontFamily: "monospace", letterSpacing: 2, textTransform: "uppercase" } }}
                {...codeForm.getInputProps("userCode")}
              />
              <Button type="submit" loading={lookup.isPending}>Continue</Button>
            </ZodForm>
          )}
          {request && !decided && (
            <ZodForm form={approveForm} error={decide.error} label="Approve the device" gap="md" onSubmit={(v) => decide.mutate({ userCode: request.userCode, orgId: v.orgId, approve: true })}>
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
                searchable
                withAsterisk
                {...approveForm.getInputProps("orgId")}
                onChange={(value) => approveForm.setFieldValue("orgId", value ?? "")}
              />
              <Group justify="flex-end">
                <Button variant="default" color="red" loading={decide.isPending && decide.variables.approve === false} onClick={() => decide.mutate({ userCode: request.userCode, orgId, approve: false })}>
                  Deny
                </Button>
                <Button type="submit" loading={decide.isPending && decide.variables.approve}>
                  Approve
                </Button>
              </Group>
            </ZodForm>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
