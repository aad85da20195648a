import { PageHeader } from "@atrium/ui";
import { Alert, Loader, Stack } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useOrgPage } from "../access/use-org-page.ts";
import { ConsolidatedCard } from "./consolidated-card.tsx";
import { ContractCard } from "./contract-card.tsx";
import { InvoicesCard } from "./invoices-card.tsx";
import { PlanCard } from "./plan-card.tsx";
import { UsageCard } from "./usage-card.tsx";

const billingRoute = getRouteApi("/app/orgs/$orgId/billing");

/** Plan and subscription, contract and SLA, usage against quotas, consolidated view, and invoices. */
export function BillingPage() {
  const { orgId, search, access, setSearch: onSearch } = useOrgPage(billingRoute);

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader
        title="Billing"
        description="Your plan, contract, usage and invoices. Card payments are handled by Stripe; Atrium never sees card numbers."
      />
      {search.checkout === "cancelled" && <Alert color="gray" role="status">Checkout was cancelled; nothing was charged.</Alert>}
      {access.isPending && <Loader aria-label="Loading your access" />}
      {access.can("billing:read") && (
        <PlanCard
          orgId={orgId}
          confirming={search.checkout === "success"}
          canChange={access.can("billing:change_plan")}
          canCancel={access.can("billing:cancel")}
          canPortal={access.can("billing:update_payment_method")}
        />
      )}
      {access.can("contracts:read") && <ContractCard orgId={orgId} canSeePricing={access.can("contracts:read_pricing")} />}
      {access.can("quotas:read") && access.can("usage:read") && <UsageCard orgId={orgId} search={search} onSearch={onSearch} />}
      {access.can("usage:read") && <ConsolidatedCard orgId={orgId} days={search.days} />}
      {access.can("billing:read_invoices") && <InvoicesCard orgId={orgId} canDownload={access.can("billing:download_invoices")} search={search} onSearch={onSearch} />}
    </Stack>
  );
}
