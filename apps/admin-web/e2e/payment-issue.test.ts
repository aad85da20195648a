/**
 * The payment-issue banner in Chromium: once a card payment fails (then the subscription is past due,
 * then unpaid), the owner sees it on every page of the organization with "Update payment method", which opens
 * Stripe's billing portal (the local Stripe-compatible server); a member without billing
 * permissions sees nothing.
 */
import { startTestApi } from "@atrium/api/testing";
import { processPendingStripeEvents } from "@atrium/core/billing";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const soylent = api.demo.organizations["soylent"]!;
const context = { prices: { team: "price_atrium_team_monthly", business: "price_atrium_business_monthly" }, publicUrl: api.url };

describe("payment-issue banner in Chromium", () => {
  it("appears on every page for the owner when the subscription is past due or unpaid, and opens the billing portal", async () => {
    const owner = await browser.newContext();
    await api.signInBrowser(owner, "ops@soylent.example");
    const page = await owner.newPage();
    // A card subscription, through Checkout as a customer would take it.
    await page.goto(`${api.url}/admin/orgs/${soylent}/billing`);
    await page.getByRole("region", { name: "Plan and subscription" }).getByRole("button", { name: /^Upgrade to Business/ }).click();
    await page.waitForURL(/\/checkout\/pay\/cs_test_/);
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${soylent}/billing\\?.*checkout=success`));
    await processPendingStripeEvents(api.db, context);

    await page.goto(`${api.url}/admin/orgs/${soylent}/members`);
    await page.getByRole("table", { name: "Members" }).waitFor();
    expect(await page.getByRole("alert", { name: "Payment issue" }).count()).toBe(0);

    // The card is declined at renewal (Stripe's invoice.payment_failed, applied by the stripe-events job).
    const sub = await api.db.stripeSubscription.findFirstOrThrow({ where: { organizationId: soylent }, select: { id: true } });
    await api.localStripe!.failPayment(sub.id);
    await processPendingStripeEvents(api.db, context);
    await page.reload();
    const banner = page.getByRole("alert", { name: "Payment issue" });
    await banner.getByText(/^Card payment of \$199\.00 failed \(since [A-Z][a-z]{2} \d{1,2}, \d{4}\)\.$/).waitFor();
    await banner.getByRole("button", { name: "Update payment method" }).waitFor();

    // Stripe's retries fail: the subscription is past due.
    await api.db.stripeSubscription.updateMany({ where: { organizationId: soylent }, data: { status: "past_due" } });
    await page.reload();
    await banner.getByText("The last payment of your subscription failed. Stripe will retry it; update the payment method to keep your plan.").waitFor();
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Security", exact: true }).click();
    await page.waitForURL(/\/security$/);
    await banner.waitFor();

    await api.db.stripeSubscription.updateMany({ where: { organizationId: soylent }, data: { status: "unpaid" } });
    await page.reload();
    await banner.getByText("Your subscription is unpaid: the card was declined and Stripe has stopped retrying. Update the payment method to restore it.").waitFor();
    await banner.getByRole("button", { name: "Update payment method" }).click();
    await page.waitForURL(/\/portal\/bps_/);
    expect(await api.db.auditEvent.count({ where: { organizationId: soylent, action: "billing.portal_open" } })).toBe(1);
    await owner.close();

    // A member who cannot change the payment method is not nagged.
    const member = await browser.newContext();
    await api.signInBrowser(member, "jack.wu@soylent.example");
    const memberPage = await member.newPage();
    await memberPage.goto(`${api.url}/admin/orgs/${soylent}`);
    await memberPage.getByRole("navigation", { name: "Organization sections" }).waitFor();
    await memberPage.waitForLoadState("networkidle");
    expect(await memberPage.getByRole("alert", { name: "Payment issue" }).count()).toBe(0);
    await member.close();
  });
});
