import type { AppRouter } from "@atrium/api";
import { ConfirmModal, type DataColumn, DataTable, formatCount, formatDateTime, formatNumber, PageHeader, TruncatedText } from "@atrium/ui";
import { Badge, Button, Code, Group, Loader, Menu, Paper, Stack, Switch, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useMyAccess } from "../access/use-my-access.ts";
import { RuleModal } from "./rule-modal.tsx";
import { SecretModal } from "./secret-modal.tsx";
import { describeThreshold, type AlertRule } from "./types.ts";
import { getRouteApi } from "@tanstack/react-router";

const alertsRoute = getRouteApi("/app/orgs/$orgId/audit-alerts");

const DELIVERY_COLORS = { none: "gray", pending: "yellow", delivered: "green", failed: "red" } as const;

type Firing = inferRouterOutputs<AppRouter>["audit"]["alerts"]["firings"][number];

/** Alert rules on the audit log, and when they fired. */
export function AlertsPage() {
  const { orgId } = alertsRoute.useParams();
  const access = useMyAccess(orgId);
  const rules = useQuery({ ...trpc.audit.alerts.list.queryOptions({ orgId }), enabled: access.can("audit:manage_alerts") });
  const firings = useQuery({ ...trpc.audit.alerts.firings.queryOptions({ orgId }), enabled: access.can("audit:manage_alerts"), refetchInterval: 10_000 });
  const [editing, setEditing] = useState<AlertRule | "new" | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.audit.alerts.list.queryKey() });
  const toggle = useMutation(trpc.audit.alerts.update.mutationOptions({ onSuccess: invalidate }));
  const rotate = useMutation(trpc.audit.alerts.rotateSecret.mutationOptions({ onSuccess: (r) => setSecret(r.webhookSecret) }));
  const remove = useMutation(
    trpc.audit.alerts.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        notifications.show({ color: "green", message: `Alert rule "${deleting?.name ?? ""}" deleted.` });
        setDeleting(null);
      },
    }),
  );
  const names = new Map((rules.data ?? []).map((r) => [r.id, r.name]));
  const ruleColumns: DataColumn<AlertRule>[] = [
    { id: "name", header: "Name", sortable: true, width: "20%", value: (rule) => rule.name, cell: (rule) => <TruncatedText text={rule.name} fw={600} /> },
    {
      id: "matches",
      header: "Matches",
      width: "22%",
      cell: (rule) => (
        <Group gap={4}>
          {rule.actions.map((a) => <Code key={a} maw="100%" style={{ overflow: "hidden", textOverflow: "ellipsis" }}>{a}</Code>)}
          {rule.status && <Badge variant="light" color="orange">{rule.status}</Badge>}
        </Group>
      ),
    },
    { id: "threshold", header: "Fires on", value: (rule) => describeThreshold(rule) },
    {
      id: "notifies",
      header: "Notifies",
      value: (rule) => [rule.notifyAdmins && "Admins by e-mail", rule.webhookUrl && new URL(rule.webhookUrl).host].filter(Boolean).join(" · "),
    },
    { id: "lastFired", header: "Last fired", sortable: true, value: (rule) => rule.lastFiredAt, cell: (rule) => <TruncatedText text={rule.lastFiredAt ? formatDateTime(rule.lastFiredAt) : "Never"} /> },
    {
      id: "enabled",
      header: "On",
      width: 70,
      cell: (rule) => (
        <Switch
          aria-label={`Rule "${rule.name}" enabled`}
          checked={rule.enabled}
          onChange={(e) => {
            const { id, lastFiredAt: _l, createdAt: _c, updatedAt: _u, ...rest } = rule;
            toggle.mutate({ orgId, ruleId: id, ...rest, preset: null, enabled: e.currentTarget.checked });
          }}
        />
      ),
    },
  ];
  const firingColumns: DataColumn<Firing>[] = [
    { id: "fired", header: "Fired", sortable: true, value: (f) => f.firedAt, cell: (f) => <TruncatedText text={formatDateTime(f.firedAt)} /> },
    { id: "rule", header: "Rule", sortable: true, value: (f) => names.get(f.ruleId) ?? "Deleted rule" },
    { id: "events", header: "Events", value: (f) => `${formatNumber(f.eventCount)} (seq ${f.firstSeq}–${f.lastSeq})` },
    { id: "emails", header: "E-mails", align: "right", value: (f) => f.emails },
    {
      id: "webhook",
      header: "Webhook",
      width: "30%",
      cell: (f) => (
        <Group gap="xs" wrap="nowrap">
          <Badge variant="light" color={DELIVERY_COLORS[f.webhookStatus]} style={{ flexShrink: 0 }}>{f.webhookStatus === "none" ? "no webhook" : f.webhookStatus}</Badge>
          {f.webhookError && <TruncatedText size="xs" c="red" text={`${f.webhookError} after ${formatCount(f.webhookAttempts, "attempt")}`} />}
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader
        title="Audit alerts"
        description="Be told when something sensitive happens: e-mail to owners and admins, or a signed webhook."
        actions={access.can("audit:manage_alerts") && rules.data ? <Button onClick={() => setEditing("new")}>New alert rule</Button> : null}
      />
      {access.isPending && <Loader aria-label="Loading your access" />}
      <MutationError error={rules.error} />
      {rules.data && (
        <Paper withBorder component="section" aria-label="Alert rules">
          <DataTable
            label="Alert rules"
            urlKey="rules"
            columns={ruleColumns}
            data={rules.data}
            empty="No alert rules yet. Start from a preset: denied SSO, owner changes, SCIM deprovisioning bursts, retention changes."
            rowActions={(rule) => (
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
            )}
          />
        </Paper>
      )}
      {firings.data && (
        <Paper withBorder p="md" component="section" aria-label="Recent alerts">
          <Title order={2} size="h5" mb="sm">Recent alerts</Title>
          <DataTable label="Recent alerts" urlKey="fired" columns={firingColumns} data={firings.data} empty="No alert has fired." />
        </Paper>
      )}
      {editing && <RuleModal orgId={orgId} rule={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSecret={setSecret} />}
      {secret && <SecretModal secret={secret} onClose={() => setSecret(null)} />}
      {deleting && (
        <ConfirmModal
          title={`Delete "${deleting.name}"?`}
          confirmLabel="Delete rule"
          mutation={remove}
          onConfirm={() => remove.mutate({ orgId, ruleId: deleting.id })}
          onClose={() => setDeleting(null)}
        >
          The rule stops watching the audit log. Its past alerts stay listed.
        </ConfirmModal>
      )}
    </Stack>
  );
}
