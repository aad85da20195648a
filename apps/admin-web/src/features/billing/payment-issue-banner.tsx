import { formatDate } from "@atrium/ui";
import { Alert, Anchor, Button, Group, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link, useLocation } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { useMyAccess } from "../access/use-my-access.ts";

type Overview = {
  subscription: { status: string } | null;
  subscriptionIssue: "past_due" | "unpaid" | null;
  settings: { paymentIssueAt: Date | null; paymentIssueReason: string | null };
  cardBilling: boolean;
};

/** What is wrong with paying, in a sentence; null when nothing is. */
export function paymentIssue(o: Overview): string | null {
  if (o.subscriptionIssue === "unpaid") return "Your subscription is unpaid: the card was declined and Stripe has stopped retrying. Update the payment method to restore it.";
  if (o.subscriptionIssue === "past_due") return "The last payment of your subscription failed. Stripe will retry it; update the payment method to keep your plan.";
  if (o.settings.paymentIssueAt) return `${o.settings.paymentIssueReason ?? "A payment is outstanding"} (since ${formatDate(o.settings.paymentIssueAt)}).`;
  return null;
}

/**
 * The payment-issue banner, on every page of the organization for the people who can fix it
 * (billing:update_payment_method): a failed card subscription (past due, unpaid) or an overdue
 * invoice, with the action that fixes it — Stripe's billing portal for a card, the invoices otherwise.
 * Not on the billing page itself, whose plan card shows the issue beside its own actions.
 */
export function PaymentIssueBanner({ orgId }: { orgId: string }) {
  const access = useMyAccess(orgId);
  const canFix = access.can("billing:update_payment_method");
  const overview = useQuery({ ...trpc.billing.overview.queryOptions({ orgId }), enabled: canFix && access.can("billing:read") });
  const location = useLocation();
  const portal = useMutation(trpc.billing.portal.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  // The billing page says it in its plan card, next to "Manage payment method".
  if (!overview.data || location.pathname.endsWith("/billing")) return null;
  const issue = paymentIssue(overview.data);
  if (!issue) return null;
  // A card subscription (live, or unpaid) is fixed in Stripe's portal; an invoice by paying it.
  const card = overview.data.cardBilling && (overview.data.subscription !== null || overview.data.subscriptionIssue !== null);
  return (
    <Alert color="red" title="Payment issue" role="alert" mb="md" aria-label="Payment issue">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm">{issue}</Text>
        {card ? (
          <Button size="xs" color="red" loading={portal.isPending} onClick={() => portal.mutate({ orgId, returnPath: `/admin${location.pathname}` })}>
            Update payment method
          </Button>
        ) : (
          <Anchor size="sm" fw={600} renderRoot={(props) => <Link {...props} to="/orgs/$orgId/billing" params={{ orgId }} />}>Open invoices</Anchor>
        )}
      </Group>
      <MutationError error={portal.error} />
    </Alert>
  );
}
