import { processPendingStripeEvents } from "@atrium/core/billing";
import type { Case, Sweep } from "./sweep.ts";

const DAY = 86_400_000;

/** The audited-mutations sweep's cases for billing, contracts, invoices and usage. */
export function billingCases({ api, acme, unique, child, signedInAs }: Sweep): Record<string, Case> {
  // Self-serve billing happens in Soylent (team, no subscription in the demo): Acme is enterprise, under contract.
  const soylent = api.demo.organizations["soylent"]!;
  const soylentOwner = signedInAs("ops@soylent.example");
  const finance = signedInAs("finance@atrium.example");
  const returnPath = `/admin/orgs/${soylent}/billing`;
  const stripeContext = { prices: { team: "price_atrium_team_monthly", business: "price_atrium_business_monthly" }, publicUrl: api.url };
  const applyStripeEvents = () => processPendingStripeEvents(api.db, stripeContext);

  /** Soylent subscribed to Business through Checkout (paid on the local Stripe page, webhooks applied), once. */
  let subscribed: Promise<void> | undefined;
  const soylentSubscribed = () =>
    (subscribed ??= (async () => {
      if (await api.db.stripeSubscription.count({ where: { organizationId: soylent, status: { in: ["active", "trialing", "past_due"] } } })) return;
      const client = await soylentOwner();
      const { url } = await client.trpc.billing.checkout.mutate({ orgId: soylent, plan: "business", returnPath });
      const paid = await fetch(url, { method: "POST", redirect: "manual" });
      if (paid.status !== 303) throw new Error(`paying the sweep's checkout answered ${paid.status}`);
      await applyStripeEvents();
    })());

  /** Contract terms for a new child of Acme; `startDaysAgo` > 31 leaves one monthly period ended and unbilled. */
  const terms = (startDaysAgo = 10) => {
    const start = new Date(Date.now() - startDaysAgo * DAY);
    const end = new Date(start.getTime() + 365 * DAY);
    return {
      name: unique("Sweep agreement"),
      currency: "usd" as const,
      annualValueMinor: 1_200_000n,
      seats: 10,
      seatPriceMinor: 10_000n,
      startDate: start,
      endDate: end,
      renewalDate: end,
      paymentTerms: "net_30" as const,
      billingCycle: "monthly" as const,
    };
  };
  const contract = async (startDaysAgo?: number) => {
    const staff = await finance();
    return (await staff.trpc.staff.billing.contracts.create.mutate({ organizationId: await child(), terms: terms(startDaysAgo), reason: "Sweep order form" })).id;
  };
  /** An open contract invoice (of a new contract's first, ended month). */
  const openInvoice = async () => {
    const contractId = await contract(40);
    await (await finance()).trpc.staff.billing.invoices.generate.mutate({ contractId });
    return (await api.db.invoice.findFirstOrThrow({ where: { contractId, status: "open" }, select: { id: true } })).id;
  };

  return {
    "billing.checkout": { as: soylentOwner, input: () => ({ orgId: soylent, plan: "business", returnPath }) },
    "billing.portal": {
      as: soylentOwner,
      input: async () => {
        await soylentSubscribed();
        return { orgId: soylent, returnPath };
      },
    },
    "billing.changePlan": {
      as: soylentOwner,
      input: async () => {
        await soylentSubscribed();
        return { orgId: soylent, plan: "team" };
      },
    },
    // At period end (the default): Soylent keeps its plan; the change to Team above is applied first.
    "billing.cancel": {
      as: soylentOwner,
      input: async () => {
        await soylentSubscribed();
        await applyStripeEvents();
        return { orgId: soylent, atPeriodEnd: true };
      },
    },
    // Acme's billing contact as seeded: audited, nothing another case reads moves.
    "billing.updateSettings": { input: () => ({ orgId: acme, billingName: "Acme Corp Accounts Payable", billingEmail: "ap@acme.example", billToParent: false }) },
    "billing.usage.record": { input: () => ({ orgId: acme, metric: "api_calls", quantity: 1n, idempotencyKey: unique("sweep-usage") }) },
    "staff.billing.contracts.create": { as: finance, input: async () => ({ organizationId: await child(), terms: terms(), reason: "Sweep order form" }) },
    "staff.billing.contracts.update": { as: finance, input: async () => ({ contractId: await contract(), version: 1, terms: { ...terms(), seats: 12 }, reason: "Sweep amendment" }) },
    "staff.billing.contracts.setStatus": { as: finance, input: async () => ({ contractId: await contract(), status: "renewal_pending", reason: "Sweep renewal" }) },
    "staff.billing.invoices.settle": { as: finance, input: async () => ({ invoiceId: await openInvoice(), status: "paid", note: "Sweep wire transfer" }) },
    "staff.billing.invoices.generate": { as: finance, input: async () => ({ contractId: await contract(40) }) },
  };
}
