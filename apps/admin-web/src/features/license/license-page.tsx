import { formatDate, formatDateTime, formatNumber, PageHeader, PLAN_COLORS, PLAN_LABELS, QueryView, useZodForm, ZodForm } from "@atrium/ui";
import { Alert, Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { FeaturesTable } from "../plan/features-table.tsx";
import { licenseNotice } from "./notice.ts";

const route = getRouteApi("/app/orgs/$orgId/license");
const STATE = { valid: ["Valid", "green"], grace: ["In grace", "orange"], expired: ["Expired", "gray"], invalid: ["Invalid", "red"] } as const;
const SOURCE = { environment: "ATRIUM_LICENSE (server configuration)", console: "Pasted in this console" } as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fw={500} component="div">{children}</Text>
    </div>
  );
}

/** The server's rule for a key (licensing.installed.install), in its words; it checks again, and verifies the key. */
const ZInstallForm = z.object({ token: z.string().trim().min(1, "Paste the licence key.").max(8000, "This is longer than any licence key.") });

/** Owners paste a licence key here; it is verified on the server and, when good, decides the plan. */
function InstallForm({ orgId }: { orgId: string }) {
  const install = useMutation(
    trpc.licensing.installed.install.mutationOptions({
      onSuccess: async (status) => {
        await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.licensing.installed.status.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.org.plan.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.access.mine.queryKey() })]);
        notifications.show({ color: "green", message: `Licence installed: ${status.license?.edition ?? "licence"}.` });
        form.reset();
      },
    }),
  );
  const form = useZodForm(ZInstallForm, { token: "" }, install.error);
  return (
    <Paper withBorder p="md">
      <ZodForm form={form} error={install.error} label="Install a licence" gap="md" onSubmit={(v) => install.mutate({ orgId, token: v.token })}>
        <Title order={2} size="h4">Install a licence</Title>
        <Textarea
          label="Licence key"
          description="Paste the key your vendor sent you. It is checked here, offline; line breaks do not matter."
          autosize
          minRows={3}
          withAsterisk
          {...form.getInputProps("token")}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", wordBreak: "break-all" } }}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={install.isPending}>Install licence</Button>
        </Group>
      </ZodForm>
    </Paper>
  );
}

/** The organization's licence: edition, state, seats used vs licensed, expiry and grace, what it unlocks; owners install one. */
export function LicensePage() {
  const { orgId } = route.useParams();
  const access = useMyAccess(orgId);
  const status = useQuery(trpc.licensing.installed.status.queryOptions({ orgId }));
  const plan = useQuery(trpc.org.plan.queryOptions({ orgId }));

  return (
    <Stack gap="lg">
      <PageHeader title="Licence" />
      <QueryView query={status} label="the licence">
        {(s) => {
          const notice = licenseNotice(s);
          const l = s.license;
          return (
            <Stack>
              {notice && <Alert color={notice.color} title={notice.title} role="status">{notice.text}</Alert>}
              {!s.installed ? (
                <Text c="dimmed">No licence is installed. The plan comes from your subscription or contract.</Text>
              ) : (
                <Paper withBorder p="md" aria-label="Installed licence">
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                    <Fact label="Edition">{l?.edition ?? "Unknown"}</Fact>
                    <Fact label="State">
                      {s.state && <Badge color={STATE[s.state][1]} variant="light">{STATE[s.state][0]}</Badge>}
                    </Fact>
                    <Fact label="Plan in force">{s.plan && <Badge color={PLAN_COLORS[s.plan]} variant="light">{s.communityFallback ? "Community" : PLAN_LABELS[s.plan]}</Badge>}</Fact>
                    <Fact label="Seats used">
                      <Text span fw={600} c={l && s.seatsUsed > l.seats ? "red" : undefined}>{formatNumber(s.seatsUsed)}</Text>
                      {l ? ` of ${formatNumber(l.seats)}` : ""}
                    </Fact>
                    <Fact label="Valid from">{formatDate(l?.notBefore)}</Fact>
                    <Fact label="Expires">{formatDate(l?.expiresAt)}</Fact>
                    <Fact label="Grace period ends">{formatDate(l?.graceEndsAt)}</Fact>
                    <Fact label="Installed">{formatDateTime(s.installedAt)}</Fact>
                  </SimpleGrid>
                  <Text size="sm" c="dimmed" mt="md">Source: {s.source ? SOURCE[s.source] : "—"}. {s.state === "invalid" && s.message ? s.message : ""}</Text>
                </Paper>
              )}
              <Text size="sm" c="dimmed">
                This installation's id (for a licence bound to it): <Code>{s.installationId}</Code>
              </Text>
            </Stack>
          );
        }}
      </QueryView>
      {access.can("billing:change_plan") && <InstallForm orgId={orgId} />}
      <QueryView query={plan} label="the features">
        {(p) => <FeaturesTable features={p.features} />}
      </QueryView>
    </Stack>
  );
}
