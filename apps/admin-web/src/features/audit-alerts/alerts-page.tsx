import { ConfirmModal, errorMessage } from "@atrium/ui";
import { Alert, Badge, Button, Code, Group, Loader, Menu, Paper, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { EmptyRow } from "../../lib/empty-row.tsx";
import { needsUpgrade, UpgradePrompt } from "../../lib/upgrade-prompt.tsx";
import { alertsRoute } from "../../routes/router.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { RuleModal } from "./rule-modal.tsx";
import { SecretModal } from "./secret-modal.tsx";
import { describeThreshold, type AlertRule } from "./types.ts";

const DELIVERY_COLORS = { none: "gray", pending: "yellow", delivered: "green", failed: "red" } as const;

/** Alert rules on the audit log, and when they fired. */
export function AlertsPage() {
  const { orgId } = alertsRoute.useParams();
  const access = useMyAccess(orgId);
  const rules = useQuery({ ...trpc.auditAlerts.list.queryOptions({ orgId }), enabled: access.can("audit:manage_alerts") });
  const firings = useQuery({ ...trpc.auditAlerts.firings.queryOptions({ orgId }), enabled: access.can("audit:manage_alerts"), refetchInterval: 10_000 });
  const [editing, setEditing] = useState<AlertRule | "new" | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.auditAlerts.list.queryKey() });
  const toggle = useMutation(trpc.auditAlerts.update.mutationOptions({ onSuccess: invalidate }));
  const rotate = useMutation(trpc.auditAlerts.rotateSecret.mutationOptions({ onSuccess: (r) => setSecret(r.webhookSecret) }));
  const remove = useMutation(
    trpc.auditAlerts.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        notifications.show({ color: "green", message: `Alert rule "${deleting?.name ?? ""}" deleted.` });
        setDeleting(null);
      },
    }),
  );
  const names = new Map((rules.data ?? []).map((r) => [r.id, r.name]));

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">Audit alerts</Title>
          <Text c="dimmed">Be told when something sensitive happens: e-mail to owners and admins, or a signed webhook.</Text>
        </div>
        {access.can("audit:manage_alerts") && rules.data && <Button onClick={() => setEditing("new")}>New alert rule</Button>}
      </Group>
      {access.isPending && <Loader aria-label="Loading your access" />}
      {rules.isError && (needsUpgrade(rules.error) ? <UpgradePrompt message={errorMessage(rules.error)} /> : <Alert color="red" role="alert">{errorMessage(rules.error)}</Alert>)}
      {rules.data && (
        <Paper withBorder component="section" aria-label="Alert rules">
          <Table verticalSpacing="sm" aria-label="Alert rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Matches</Table.Th>
                <Table.Th>Fires on</Table.Th>
                <Table.Th>Notifies</Table.Th>
                <Table.Th>Last fired</Table.Th>
                <Table.Th>On</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.length === 0 && <EmptyRow colSpan={7}>No alert rules yet. Start from a preset: denied SSO, owner changes, SCIM deprovisioning bursts, retention changes.</EmptyRow>}
              {rules.data.map((rule) => (
                <Table.Tr key={rule.id}>
                  <Table.Td fw={600}>{rule.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {rule.actions.map((a) => <Code key={a}>{a}</Code>)}
                      {rule.status && <Badge variant="light" color="orange">{rule.status}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>{describeThreshold(rule)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{[rule.notifyAdmins && "Admins by e-mail", rule.webhookUrl && new URL(rule.webhookUrl).host].filter(Boolean).join(" · ")}</Text>
                  </Table.Td>
                  <Table.Td><Text size="sm">{rule.lastFiredAt ? rule.lastFiredAt.toLocaleString() : "Never"}</Text></Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`Rule "${rule.name}" enabled`}
                      checked={rule.enabled}
                      onChange={(e) => {
                        const { id, lastFiredAt: _l, createdAt: _c, updatedAt: _u, ...rest } = rule;
                        toggle.mutate({ orgId, ruleId: id, ...rest, preset: null, enabled: e.currentTarget.checked });
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <Button size="xs" variant="default" aria-label={`Actions for "${rule.name}"`}>…</Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEditing(rule)}>Edit</Menu.Item>
                        {rule.webhookUrl && <Menu.Item onClick={() => rotate.mutate({ orgId, ruleId: rule.id })}>New signing secret</Menu.Item>}
                        <Menu.Item color="red" onClick={() => setDeleting(rule)}>Delete</Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {firings.data && (
        <Paper withBorder p="md" component="section" aria-label="Recent alerts">
          <Title order={2} size="h5" mb="sm">Recent alerts</Title>
          <Table verticalSpacing="xs" aria-label="Recent alerts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Fired</Table.Th>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Events</Table.Th>
                <Table.Th>E-mails</Table.Th>
                <Table.Th>Webhook</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {firings.data.length === 0 && <EmptyRow colSpan={5}>No alert has fired.</EmptyRow>}
              {firings.data.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>{f.firedAt.toLocaleString()}</Table.Td>
                  <Table.Td>{names.get(f.ruleId) ?? "Deleted rule"}</Table.Td>
                  <Table.Td>{f.eventCount} (seq {f.firstSeq}–{f.lastSeq})</Table.Td>
                  <Table.Td>{f.emails}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Badge variant="light" color={DELIVERY_COLORS[f.webhookStatus]}>{f.webhookStatus === "none" ? "no webhook" : f.webhookStatus}</Badge>
                      {f.webhookError && <Text size="xs" c="red">{f.webhookError} after {f.webhookAttempts} attempt{f.webhookAttempts === 1 ? "" : "s"}</Text>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {editing && <RuleModal orgId={orgId} rule={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSecret={setSecret} />}
      {secret && <SecretModal secret={secret} onClose={() => setSecret(null)} />}
      {deleting && (
        <ConfirmModal
          title={`Delete "${deleting.name}"?`}
          confirmLabel="Delete rule"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ orgId, ruleId: deleting.id })}
          onClose={() => {
            setDeleting(null);
            remove.reset();
          }}
        >
          The rule stops watching the audit log. Its past alerts stay listed.
        </ConfirmModal>
      )}
    </Stack>
  );
}
