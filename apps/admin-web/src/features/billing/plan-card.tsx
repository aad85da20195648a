import { errorMessage, PLAN_COLORS, PLAN_LABELS } from "@atrium/ui";
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { formatDate } from "./format.ts";

const SELF_SERVE = [
  { plan: "team", label: "Team", price: "$49 / month" },
  { plan: "business", label: "Business", price: "$199 / month" },
] as const;

interface Props {
  orgId: string;
  confirming: boolean;
  canChange: boolean;
  canCancel: boolean;
  canPortal: boolean;
}

/** The plan, the card subscription behind it, and the ways to change it (Checkout, plan change, Portal, cancellation). */
export function PlanCard({ orgId, confirming, canChange, canCancel, canPortal }: Props) {
  const queryClient = useQueryClient();
  const overview = useQuery({ ...trpc.billing.overview.queryOptions({ orgId }), refetchInterval: (q) => (confirming && !q.state.data?.subscription ? 1000 : false) });
  const returnPath = `/admin/orgs/${orgId}/billing`;
  const checkout = useMutation(trpc.billing.checkout.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const portal = useMutation(trpc.billing.portal.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.overview.queryKey({ orgId }) });
  const change = useMutation(trpc.billing.changePlan.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.billing.cancel.mutationOptions({ onSuccess: refresh }));
  // Once Stripe's webhook has been applied, the invoices and quotas changed too.
  const confirmed = confirming && !!overview.data?.subscription;
  useEffect(() => {
    if (!confirmed) return;
    void queryClient.invalidateQueries({ queryKey: trpc.billing.invoices.list.queryKey({ orgId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.billing.usage.quotas.queryKey({ orgId }) });
  }, [confirmed, orgId, queryClient]);

  if (overview.isPending) return <Loader aria-label="Loading the plan" />;
  if (overview.isError) return <Alert color="red" role="alert" title="Could not load billing">{errorMessage(overview.error)}</Alert>;
  const { plan, subscription, isEnterprise, settings, cardBilling } = overview.data;

  return (
    <Paper withBorder p="md" component="section" aria-label="Plan and subscription">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">Plan</Title>
          <Badge size="lg" variant="light" color={PLAN_COLORS[plan]} aria-label={`Current plan: ${PLAN_LABELS[plan]}`}>{PLAN_LABELS[plan]}</Badge>
        </Group>
        {settings.paymentIssueAt && (
          <Alert color="red" role="alert" title="Payment issue">{settings.paymentIssueReason ?? "A payment is outstanding"}. Update the payment method or contact your account team.</Alert>
        )}
        {confirmed && <Alert color="green" role="status">Payment confirmed: you are on the {PLAN_LABELS[plan]} plan.</Alert>}
        {confirming && !subscription && (
          <Group gap="xs" role="status"><Loader size="xs" /><Text size="sm">Confirming your payment with Stripe…</Text></Group>
        )}
        {isEnterprise ? (
          <Text size="sm" c="dimmed">Billed under your enterprise contract (below). Your account team changes it with you.</Text>
        ) : subscription ? (
          <Text size="sm">
            Card subscription, {subscription.status}. {subscription.cancelAtPeriodEnd ? "Ends" : "Renews"} on {formatDate(subscription.currentPeriodEnd)}.
          </Text>
        ) : (
          <Text size="sm" c="dimmed">No card subscription. Subscribe through Stripe Checkout to change plan.</Text>
        )}
        {!isEnterprise && cardBilling && canChange && (
          <Group gap="sm">
            {SELF_SERVE.filter((p) => p.plan !== subscription?.plan).map((p) =>
              subscription ? (
                <Button key={p.plan} variant="light" loading={change.isPending} onClick={() => change.mutate({ orgId, plan: p.plan })}>
                  Switch to {p.label} ({p.price})
                </Button>
              ) : (
                <Button key={p.plan} loading={checkout.isPending} onClick={() => checkout.mutate({ orgId, plan: p.plan, returnPath })}>
                  {plan === "business" && p.plan === "team" ? "Downgrade" : "Upgrade"} to {p.label} ({p.price})
                </Button>
              ),
            )}
          </Group>
        )}
        {!isEnterprise && cardBilling && (
          <Group gap="sm">
            {canPortal && subscription && (
              <Button variant="default" loading={portal.isPending} onClick={() => portal.mutate({ orgId, returnPath })}>Manage payment method</Button>
            )}
            {canCancel && subscription && !subscription.cancelAtPeriodEnd && (
              <Button variant="subtle" color="red" loading={cancel.isPending} onClick={() => cancel.mutate({ orgId, atPeriodEnd: true })}>Cancel at period end</Button>
            )}
          </Group>
        )}
        <MutationError error={checkout.error ?? change.error ?? portal.error ?? cancel.error} />
      </Stack>
    </Paper>
  );
}
