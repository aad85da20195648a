import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { processPendingStripeEvents } from "@atrium/core/billing";
import { formatDate, formatNumber } from "@atrium/ui";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const soylent = api.demo.organizations["soylent"]!;
const acme = api.demo.organizations["acme"]!;
const context = { prices: { team: "price_atrium_team_monthly", business: "price_atrium_business_monthly" }, publicUrl: api.url };

async function signIn(page: Page, email: string, orgId: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(new RegExp(`/admin/orgs/${orgId}$`));
  await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Billing", exact: true }).click();
  await page.waitForURL(new RegExp(`/admin/orgs/${orgId}/billing`));
}

describe("billing in Chromium", () => {
  it("an owner upgrades through the Checkout page and sees the new plan once the webhook is applied", async () => {
    const browserContext = await browser.newContext();
    const page = await browserContext.newPage();
    await signIn(page, "ops@soylent.example", soylent);
    const plan = page.getByRole("region", { name: "Plan and subscription" });
    await plan.getByLabel("Current plan: Team").waitFor();

    await plan.getByRole("button", { name: "Upgrade to Business ($199 / month)" }).click();
    await page.waitForURL(/\/checkout\/pay\/cs_test_/);
    await page.getByRole("heading", { name: "Subscribe to Atrium Business" }).waitFor();
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${soylent}/billing\\?.*checkout=success`));

    // The webhook is in the inbox; the stripe-events job applies it (here called directly, as the worker would).
    expect(await api.db.stripeEvent.count({ where: { organizationId: soylent, status: "pending" } })).toBe(3);
    await processPendingStripeEvents(api.db, context);
    await plan.getByLabel("Current plan: Business").waitFor();
    await plan.getByText(/Card subscription, active\. Renews on/).waitFor();
    await page.getByRole("table", { name: "Invoices" }).getByRole("cell", { name: "$199.00" }).waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-billing-upgrade.png"), fullPage: true });
    await browserContext.close();
  });

  it("an enterprise admin sees the contract and SLA, the overdue invoice with its PDF, and the consolidated view", async () => {
    const browserContext = await browser.newContext();
    const page = await browserContext.newPage();
    await signIn(page, "admin@acme.example", acme);
    const contract = page.getByRole("region", { name: "Contract and SLA" });
    await contract.getByText("Acme Enterprise Agreement 2026").waitFor();
    await contract.getByText("99.95%").waitFor();
    // Every figure through the format module: grouped seats, days counted with their noun, the support level by name.
    const stored = await api.db.contract.findFirstOrThrow({ where: { organizationId: acme, status: { in: ["active", "renewal_pending"] } }, select: { seats: true, renewalDate: true } });
    await contract.getByText(formatNumber(stored.seats), { exact: true }).waitFor();
    const renewal = contract.getByText(new RegExp(`^${formatDate(stored.renewalDate.toISOString().slice(0, 10))} \\(in [\\d,]+ days?\\)$`));
    expect(await renewal.count()).toBe(1);
    await contract.getByText("Premium", { exact: true }).waitFor();
    const invoices = page.getByRole("region", { name: "Invoices" });
    await invoices.locator("label", { hasText: /^Overdue$/ }).click();
    await page.waitForURL(/invoiceStatus=overdue/);
    const rows = invoices.getByRole("table", { name: "Invoices" }).getByRole("row");
    expect(await rows.count()).toBe(2); // header + the overdue invoice
    const pdfLink = rows.nth(1).getByRole("link", { name: /^PDF of invoice AUS-/ });
    const response = await page.request.get(`${api.url}${await pdfLink.getAttribute("href")}`);
    expect([response.status(), response.headers()["content-type"]]).toEqual([200, "application/pdf"]);
    const consolidated = page.getByRole("table", { name: "Consolidated usage and cost" });
    await consolidated.getByRole("cell", { name: "Acme Canada" }).waitFor();
    const period = page.getByRole("region", { name: "Consolidated billing" }).getByText(/^Last [\d,]+ days \([A-Z][a-z]{2} \d{1,2}, \d{4} to [A-Z][a-z]{2} \d{1,2}, \d{4}\)\./);
    expect(await period.count()).toBe(1);
    await page.getByRole("heading", { name: /^Consolidated across [\d,]+ organizations$/ }).waitFor();
    await page.getByRole("img", { name: /API calls per day/ }).waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-billing-enterprise.png"), fullPage: true });
    await browserContext.close();
  });
});
