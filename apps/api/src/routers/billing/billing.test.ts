/**
 * Billing end to end over HTTP: Checkout through the local Stripe-compatible
 * server (the official SDK pointed at it), signed webhooks into the inbox,
 * the stripe-events processor, plan changes, dunning; invoice PDFs; quotas
 * answered with 402; and what other tenants and other staff cannot do.
 */
import { LOCAL_STRIPE_WEBHOOK_SECRET, processPendingStripeEvents, signWebhookPayload } from "@atrium/core/billing";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const org = api.demo.organizations;
const soylent = org["soylent"]!;
const acme = org["acme"]!;
const owner = await api.signedIn("ops@soylent.example");
const acmeAdmin = await api.signedIn("admin@acme.example");
const globexOwner = await api.signedIn("it@globex.example");
const finance = await api.signedIn("finance@atrium.example");
const csm = await api.signedIn("csm@atrium.example");
const context = { prices: { team: "price_atrium_team_monthly", business: "price_atrium_business_monthly" }, publicUrl: api.url };

describe("self-serve subscription through Checkout", () => {
  it("subscribes after paying on the Checkout page; the plan changes only once the webhook is applied", async () => {
    const { url } = await owner.trpc.billing.checkout.mutate({ orgId: soylent, plan: "business", returnPath: `/admin/orgs/${soylent}/billing` });
    expect(url.startsWith(api.app.localStripe!.url)).toBe(true);
    const page = await fetch(url);
    expect(await page.text()).toContain("Subscribe to Atrium Business");
    const paid = await fetch(url, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(new RegExp(`/admin/orgs/${soylent}/billing\\?checkout=success&session_id=cs_test_`));

    expect((await owner.trpc.billing.overview.query({ orgId: soylent })).plan).toBe("team");
    expect(await api.db.stripeEvent.count({ where: { organizationId: soylent } })).toBe(3);
    await processPendingStripeEvents(api.db, context);
    const overview = await owner.trpc.billing.overview.query({ orgId: soylent });
    expect([overview.plan, overview.subscription?.plan, overview.subscription?.status]).toEqual(["business", "business", "active"]);
    const invoices = await owner.trpc.billing.invoices.list.query({ orgId: soylent });
    expect(invoices.map((i) => [i.source, i.status, i.totalMinor])).toEqual([["stripe", "paid", 19900n]]);
  });

  it("refuses a second Checkout while subscribed, changes the plan through Stripe, and cancels", async () => {
    const again = await callError(owner.trpc.billing.checkout.mutate({ orgId: soylent, plan: "team", returnPath: "/admin/" }));
    expect([again.status, again.message]).toEqual([409, "This organization already has a subscription; change its plan instead."]);
    await owner.trpc.billing.changePlan.mutate({ orgId: soylent, plan: "team" });
    await processPendingStripeEvents(api.db, context);
    expect((await owner.trpc.billing.overview.query({ orgId: soylent })).plan).toBe("team");

    const sub = await api.db.stripeSubscription.findFirstOrThrow({ where: { organizationId: soylent } });
    await api.app.localStripe!.failPayment(sub.id);
    await processPendingStripeEvents(api.db, context);
    const flagged = await owner.trpc.billing.overview.query({ orgId: soylent });
    expect(flagged.settings.paymentIssueReason).toBe("Card payment of $49.00 failed");
    expect(await api.db.emailOutbox.count({ where: { organizationId: soylent, template: "billing-payment-failed", toAddress: "ops@soylent.example" } })).toBe(1);

    const { url } = await owner.trpc.billing.portal.mutate({ orgId: soylent, returnPath: `/admin/orgs/${soylent}/billing` });
    expect(await (await fetch(url)).text()).toContain("Billing portal");

    await owner.trpc.billing.cancel.mutate({ orgId: soylent, atPeriodEnd: false });
    await processPendingStripeEvents(api.db, context);
    const after = await owner.trpc.billing.overview.query({ orgId: soylent });
    expect([after.plan, after.subscription, after.subscriptionIssue]).toEqual(["free", null, null]);
  });

  it("an enterprise organization cannot start Checkout", async () => {
    const error = await callError(acmeAdmin.trpc.billing.checkout.mutate({ orgId: acme, plan: "team", returnPath: "/admin/" }));
    expect(error.status).toBe(409);
  });
});

describe("/webhooks/stripe over HTTP", () => {
  const event = JSON.stringify({ id: "evt_http_1", object: "event", created: Math.floor(Date.now() / 1000), livemode: false, type: "ping.test", data: { object: { id: "x" } } });
  const post = (body: string, signature: string) => fetch(`${api.url}/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature }, body });

  it("answers 200 for a valid signature and again (duplicate) for a redelivery", async () => {
    const signature = signWebhookPayload(event, LOCAL_STRIPE_WEBHOOK_SECRET);
    expect(await (await post(event, signature)).json()).toEqual({ received: true, duplicate: false });
    expect(await (await post(event, signature)).json()).toEqual({ received: true, duplicate: true });
  });

  it("answers 400 for a tampered body or a stale signature", async () => {
    const signature = signWebhookPayload(event, LOCAL_STRIPE_WEBHOOK_SECRET);
    expect((await post(event.replace("ping", "pong"), signature)).status).toBe(400);
    const stale = signWebhookPayload(event, LOCAL_STRIPE_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600);
    const response = await post(event, stale);
    expect([response.status, await response.json()]).toEqual([400, { error: { code: "BAD_REQUEST", message: "Webhook signature verification failed." } }]);
  });
});

describe("invoices, contracts and usage for tenants", () => {
  it("shows Acme its consolidated invoices and serves their PDF; other tenants get 404", async () => {
    const invoices = await acmeAdmin.trpc.billing.invoices.list.query({ orgId: acme });
    const overdue = invoices.find((i) => i.overdue)!;
    expect(overdue.poNumber).toBe("PO-ACME-2026-118");
    const pdf = await acmeAdmin.fetch(`/api/orgs/${acme}/billing/invoices/${overdue.id}/pdf`);
    expect([pdf.status, pdf.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");

    const globex = org["globex"]!;
    expect((await globexOwner.fetch(`/api/orgs/${globex}/billing/invoices/${overdue.id}/pdf`)).status).toBe(404);
    expect((await globexOwner.fetch(`/api/orgs/${acme}/billing/invoices/${overdue.id}/pdf`)).status).toBe(404);
    expect((await callError(globexOwner.trpc.billing.invoices.get.query({ orgId: globex, invoiceId: overdue.id }))).status).toBe(404);
    expect((await globexOwner.trpc.billing.invoices.list.query({ orgId: globex })).some((i) => i.id === overdue.id)).toBe(false);
  });

  it("a child billed to its parent lists the parent as payer; the consolidated view adds up its subtree", async () => {
    const child = org["acmeCanada"]!;
    const overview = await acmeAdmin.trpc.billing.overview.query({ orgId: child });
    // Acme Canada bills to Acme North America, which bills to Acme: Acme pays.
    expect([overview.settings.billToParent, overview.settings.payerOrganizationId]).toEqual([true, acme]);
    const consolidated = await acmeAdmin.trpc.billing.usage.consolidated.query({ orgId: acme, days: 30 });
    expect(consolidated.rows.length).toBe(4);
    expect(consolidated.totals.usage.api_calls).toBe(consolidated.rows.reduce((s, r) => s + r.usage.api_calls, 0n));
  });

  it("summarizes the contract and SLA; pricing needs contracts:read_pricing", async () => {
    const contract = await acmeAdmin.trpc.billing.contract.get.query({ orgId: acme });
    expect([contract?.sla.uptimePercent, contract?.sla.supportLevel, contract?.daysToRenewal]).toEqual([99.95, "premium", 25]);
    const pricing = await acmeAdmin.trpc.billing.contract.pricing.query({ orgId: acme });
    expect(pricing?.annualValueMinor).toBe(24_000_000n);
    const viewer = await api.signedIn("auditor@acme.example");
    expect((await callError(viewer.trpc.billing.contract.pricing.query({ orgId: acme }))).status).toBe(403);
  });

  it("answers 402 with a clear message when a usage report would cross the plan's hard limit", async () => {
    const initech = org["initech"]!;
    const initechOwner = await api.signedIn("bill.lumbergh@initech.example");
    const first = await initechOwner.trpc.billing.usage.record.mutate({ orgId: initech, metric: "operations", quantity: 500n, idempotencyKey: "ops-1" });
    expect([first.recorded, first.limit]).toEqual([true, 1_000_000]);
    const room = BigInt(first.limit!) - first.used;
    const error = await callError(initechOwner.trpc.billing.usage.record.mutate({ orgId: initech, metric: "operations", quantity: room + 1n, idempotencyKey: "ops-2" }));
    expect(error.status).toBe(402);
    expect(error.message).toMatch(/^Your business plan includes 1,000,000 product operations a month and [\d,]+ are used; this report of [\d,]+ would exceed it\. Upgrade for more\.$/);
    const replay = await initechOwner.trpc.billing.usage.record.mutate({ orgId: initech, metric: "operations", quantity: 500n, idempotencyKey: "ops-1" });
    expect([replay.recorded, replay.duplicate, replay.used]).toEqual([false, true, first.used]);
    const full = await initechOwner.trpc.billing.usage.record.mutate({ orgId: initech, metric: "operations", quantity: room, idempotencyKey: "ops-3" });
    expect([full.status, full.used]).toEqual(["full", 1_000_000n]);
    expect(await api.db.usageEvent.count({ where: { organizationId: initech, idempotencyKey: { in: ["ops-1", "ops-2", "ops-3"] } } })).toBe(2);
  });

  it("records a usage report's operation, status, duration and resource, and refuses a malformed operation", async () => {
    const initech = org["initech"]!;
    const initechOwner = await api.signedIn("bill.lumbergh@initech.example");
    await initechOwner.trpc.billing.usage.record.mutate({ orgId: initech, metric: "api_calls", quantity: 4n, idempotencyKey: "dims-1", operation: "search", status: "ok", durationMs: 87, resourceId: "index/main" });
    await initechOwner.trpc.billing.usage.record.mutate({ orgId: initech, metric: "api_calls", quantity: 1n, idempotencyKey: "dims-2" });
    const stored = await api.db.usageEvent.findMany({ where: { organizationId: initech, idempotencyKey: { in: ["dims-1", "dims-2"] } }, orderBy: { idempotencyKey: "asc" }, select: { operation: true, status: true, durationMs: true, resourceId: true } });
    expect(stored).toEqual([
      { operation: "search", status: "ok", durationMs: 87, resourceId: "index/main" },
      { operation: "(none)", status: null, durationMs: null, resourceId: null },
    ]);
    const error = await callError(initechOwner.trpc.billing.usage.record.mutate({ orgId: initech, metric: "api_calls", quantity: 1n, idempotencyKey: "dims-3", operation: "no spaces" }));
    expect(error.status).toBe(400);
  });
});

describe("contracts and invoices for staff", () => {
  it("lets finance edit a contract and CSMs only read it (refusal audited); tenants are refused", async () => {
    const [row] = await csm.trpc.staff.billing.contracts.list.query({ renewalWithinDays: 30 });
    expect(row!.organizationName).toBe("Acme Corp");
    const detail = await finance.trpc.staff.billing.contracts.get.query({ contractId: row!.id });
    const { id: _id, organizationId: _o, organizationName: _n, status: _s, daysToRenewal: _d, csmName: _c, accountExecutiveName: _a, version, slaUptimePercent, ...rest } = detail;
    const terms = {
      name: rest.name, currency: rest.currency, annualValueMinor: rest.annualValueMinor, seats: rest.seats + 50, seatPriceMinor: rest.seatPriceMinor,
      usagePrices: rest.usagePrices, volumeTiers: rest.volumeTiers as never, committedAmountMinor: rest.committedAmountMinor,
      startDate: rest.startDate, endDate: rest.endDate, renewalDate: rest.renewalDate, autoRenew: rest.autoRenew,
      paymentTerms: rest.paymentTerms as "net_30", billingCycle: rest.billingCycle as "quarterly", poNumber: rest.poNumber, slaUptimePercent,
      slaP99LatencyMs: rest.slaP99LatencyMs, slaSupportLevel: rest.slaSupportLevel as "premium", csmUserId: rest.csmUserId, accountExecutiveUserId: rest.accountExecutiveUserId,
      billingContacts: rest.billingContacts, notes: rest.notes,
    };
    const denied = await callError(csm.trpc.staff.billing.contracts.update.mutate({ contractId: row!.id, version, terms, reason: "more seats" }));
    expect(denied.status).toBe(403);
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "access.denied", details: { path: ["operation"], equals: "contracts.update" } } })).toBe(1);
    const updated = await finance.trpc.staff.billing.contracts.update.mutate({ contractId: row!.id, version, terms, reason: "more seats" });
    expect(updated.version).toBe(version + 1);
    const history = await csm.trpc.staff.billing.contracts.history.query({ contractId: row!.id });
    expect(history[0]!.changes).toEqual({ seats: { from: rest.seats, to: rest.seats + 50 } });
    const badDates = await callError(finance.trpc.staff.billing.contracts.update.mutate({ contractId: row!.id, version: version + 1, terms: { ...terms, renewalDate: new Date("2100-01-01") }, reason: "oops" }));
    expect(badDates.status).toBe(400);

    expect((await callError(acmeAdmin.trpc.staff.billing.contracts.list.query({}))).status).toBe(403);
    expect((await callError(acmeAdmin.trpc.staff.billing.invoices.list.query({}))).status).toBe(403);
  });

  it("lists overdue invoices and lets finance (not a CSM) mark one paid, clearing the payment issue", async () => {
    const overdue = await csm.trpc.staff.billing.invoices.list.query({ overdueOnly: true });
    expect(overdue.map((i) => i.organizationName)).toEqual(["Acme Corp"]);
    expect((await callError(csm.trpc.staff.billing.invoices.settle.mutate({ invoiceId: overdue[0]!.id, status: "paid" }))).status).toBe(403);
    await finance.trpc.staff.billing.invoices.settle.mutate({ invoiceId: overdue[0]!.id, status: "paid", note: "wire received" });
    expect(await csm.trpc.staff.billing.invoices.list.query({ overdueOnly: true })).toEqual([]);
    expect((await acmeAdmin.trpc.billing.overview.query({ orgId: acme })).settings.paymentIssueAt).toBe(null);
    const pdf = await finance.fetch(`/api/staff/billing/invoices/${overdue[0]!.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect((await acmeAdmin.fetch(`/api/staff/billing/invoices/${overdue[0]!.id}/pdf`)).status).toBe(403);
  });
});
