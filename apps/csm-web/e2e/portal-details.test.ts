/**
 * Smaller portal defects, in Chromium: ARR per currency, activity in words,
 * one NPS, a read-only contract that reads as values with a headed volume-tier
 * table, and a QBR meeting in 2020 refused on its date field.
 */
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

async function signIn(page: Page, email = "csm@atrium.example") {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/csm/`);
  await page.waitForURL(/\/csm\/portfolio/);
}

const csmApi = await api.signedIn("csm@atrium.example");

describe("portal details in Chromium", () => {
  it("totals ARR per currency instead of adding dollars to euros", async () => {
    const book = await csmApi.trpc.staff.health.portfolio.query();
    const sums = new Map<string, number>();
    for (const r of book) if (r.currency) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.arrMinor);
    expect(sums.size).toBeGreaterThan(1);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page);
    const card = page.getByText("Total ARR", { exact: true }).locator("xpath=..");
    const text = await card.innerText();
    expect(text).not.toContain("mixed currencies");
    const whole = (minor: number, currency: string) => new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), maximumFractionDigits: 0 }).format(minor / 100);
    for (const [currency, minor] of sums) expect(text).toContain(whole(minor, currency));

    // The renewals pipeline's ARR at risk, per currency too.
    const risky = (await csmApi.trpc.staff.renewals.pipeline.query()).rows.filter((r) => r.risk === "medium" || r.risk === "high");
    const perCurrency = new Map<string, number>();
    for (const r of risky) perCurrency.set(r.currency, (perCurrency.get(r.currency) ?? 0) + r.arrMinor);
    await page.goto(`${api.url}/csm/renewals`);
    const atRisk = await page.getByLabel("ARR at risk").innerText();
    for (const [currency, minor] of perCurrency) expect(atRisk).toContain(whole(minor, currency));
    expect(atRisk.split("·")).toHaveLength(Math.max(1, perCurrency.size));
    await page.close();
  });

  it("shows the customer's activity in words and one NPS on the card and in the health breakdown", async () => {
    const customer = await csmApi.trpc.staff.health.customer.query({ organizationId: acme });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page);
    await page.goto(`${api.url}/csm/portfolio/${acme}`);
    const timeline = page.getByLabel("Activity timeline");
    await timeline.waitFor();
    const titles = await timeline.locator(".mantine-Timeline-itemTitle").allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).toEqual(customer.activity.slice(0, 15).map((a) => a.label));
    for (const title of titles) expect(title).not.toMatch(/^[a-z_]+\.[a-z_]+$/);

    const nps = customer.health.breakdown.find((b) => b.key === "nps")!;
    expect(customer.nps.responses).toBeGreaterThan(0);
    expect(nps.reason).toContain(`${customer.nps.nps} (${customer.nps.responses} answers)`);
    await page.getByLabel("Score breakdown").getByText(`${customer.nps.nps} (${customer.nps.responses} answers)`, { exact: false }).waitFor();
    await page.close();
  });

  it("shows a read-only contract as values, with headers on the volume-tier table", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page);
    const contract = await api.db.contract.findFirstOrThrow({ where: { organizationId: acme }, select: { id: true } });
    await page.goto(`${api.url}/csm/contracts/${contract.id}`);
    await page.getByText("Read only: only finance can change contracts and pricing.").waitFor();
    const annual = page.getByLabel("Annual value");
    expect(await annual.getAttribute("readonly")).toBe("");
    const style = await annual.evaluate((el) => {
      const s = getComputedStyle(el);
      return { border: s.borderTopColor, cursor: s.cursor };
    });
    expect(style).toEqual({ border: "rgba(0, 0, 0, 0)", cursor: "default" });
    const headers = await page.getByRole("table", { name: "Volume tiers" }).getByRole("columnheader").allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(["Metric", "Up to", "Price", "Per units"]);
    await page.close();
  });

  it("refuses a QBR meeting in 2020 with a sentence on the date", async () => {
    const qbr = await api.db.qbr.findFirstOrThrow({ where: { organizationId: acme }, select: { id: true } });
    const before = await api.db.qbrMeeting.count();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page);
    await page.goto(`${api.url}/csm/qbrs/${qbr.id}`);
    await page.getByRole("button", { name: "Schedule" }).click();
    const dialog = page.getByRole("dialog", { name: "Schedule the QBR" });
    await dialog.getByLabel("Date and time").fill("2020-03-02T15:00");
    const attendees = dialog.getByLabel("Attendees (e-mail)");
    await attendees.fill("cfo@acme.example");
    await attendees.press("Enter");
    await dialog.getByRole("button", { name: "Schedule" }).click();
    await dialog.getByText("Pick a date and time from now to a year ahead.").waitFor();
    expect(await dialog.getByLabel("Date and time").getAttribute("aria-invalid")).toBe("true");
    expect(await api.db.qbrMeeting.count()).toBe(before);
    await page.close();
  });
});
