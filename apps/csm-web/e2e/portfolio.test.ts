/**
 * The CSM's morning in Chromium: the portfolio with at-risk customers and
 * reasons, a URL-kept sort, a customer's health breakdown, the QBR and its
 * PDF download; renewals and the ticket desk; and "log in as customer" with
 * the banner in the admin console.
 */
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { downloadedBytes, launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInToPortal } from "./portal.ts";

const api = await startTestApi();
const browser = await launchBrowser();
/** Screenshots for looking at the screens (outside the repository). */
const shots = `${join(tmpdir(), "atrium-csm-screens")}/`;
await mkdir(shots, { recursive: true });

const signIn = (page: Page, email: string) => signInToPortal(api, page, email);

/** What the API says, to compare the screens with (the demo data decides the order). */
const csmApi = await api.signedIn("csm@atrium.example");
const book = await csmApi.trpc.staff.health.portfolio.query();
const byHealth = [...book].sort((a, b) => (a.score ?? -1) - (b.score ?? -1) || a.name.localeCompare(b.name)).map((r) => r.name);
const byArrDesc = [...book].sort((a, b) => b.arrMinor - a.arrMinor || a.name.localeCompare(b.name)).map((r) => r.name);
const renewals = (await csmApi.trpc.staff.renewals.pipeline.query()).rows.map((r) => r.organizationName);

const names = (page: Page) => page.getByRole("table", { name: "Portfolio" }).locator("tbody tr td:first-child a").allTextContents();

describe("CSM portfolio in Chromium", () => {
  it("goes from the dashboard to a customer to its QBR and downloads the PDF", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await signIn(page, "csm@atrium.example");
    await page.getByRole("table", { name: "Portfolio" }).waitFor();
    expect(await names(page)).toEqual(byHealth); // worst health first
    expect(byHealth[0]).toBe("Umbrella Health");
    await page.getByText("At risk, and why").waitFor();
    const reasons = book.find((r) => r.name === "Umbrella Health")!.reasons;
    expect(reasons[0]).toMatch(/^−\d+: /);
    await page.getByText(reasons.join(" · ")).waitFor();
    await page.screenshot({ path: `${shots}csm-portfolio.png`, fullPage: true });

    // Sort by ARR, descending; the URL keeps it across a reload.
    await page.getByRole("button", { name: /^ARR/ }).click();
    await page.getByRole("button", { name: /^ARR/ }).click();
    await page.waitForURL(/sort=arr/);
    expect(page.url()).toContain("dir=desc");
    await page.reload();
    await page.getByRole("table", { name: "Portfolio" }).waitFor();
    expect(await names(page)).toEqual(byArrDesc);

    await page.getByRole("table", { name: "Portfolio" }).getByRole("link", { name: "Acme Corp" }).click();
    await page.getByRole("heading", { name: "Acme Corp", level: 1 }).waitFor();
    await page.getByLabel("Score breakdown").waitFor();
    expect(await page.getByLabel("Score breakdown").textContent()).toContain("seat utilization");
    await page.getByRole("table", { name: "Child organizations" }).waitFor();
    await page.getByRole("table", { name: "QBRs" }).getByRole("link", { name: /^QBR \d{4}-Q[1-4]$/ }).waitFor();
    await page.screenshot({ path: `${shots}csm-customer.png`, fullPage: true });

    await page.getByRole("table", { name: "QBRs" }).getByRole("link", { name: /^QBR / }).click();
    await page.getByRole("heading", { name: /^QBR \d{4}-Q[1-4]: Acme Corp$/ }).waitFor();
    await page.getByRole("table", { name: "QBR figures" }).waitFor();
    // Dates, days and percentages through the format module: no raw "2026-12-31" or "99.9%" typed by hand.
    await page.getByText(/^Renews [A-Z][a-z]{2} \d{1,2}, \d{4} \(-?[\d,]+ days? left when this QBR was made\)\.$/).waitFor();
    const sla = page.getByRole("table", { name: "SLA attainment" });
    const months = await sla.locator("tbody tr td:nth-child(1)").allTextContents();
    expect(months.length).toBeGreaterThan(0);
    for (const month of months) expect(month).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
    for (const uptime of await sla.locator("tbody tr td:nth-child(2)").allTextContents()) expect(uptime).toMatch(/^(—|[\d.]+%) \/ (—|[\d.]+%)$/);
    // The charts' axes name months and weeks ("Oct 2026"), never "2026-10" or "2026-10-05".
    const ticks = page.locator(".recharts-cartesian-axis-tick-value");
    await ticks.first().waitFor({ state: "attached" });
    const tickTexts = await ticks.allTextContents();
    expect(tickTexts.filter((t) => /^\d{4}-\d{2}/.test(t))).toEqual([]);
    expect(tickTexts.some((t) => /^[A-Z][a-z]{2} \d{4}$/.test(t))).toBe(true);
    await page.screenshot({ path: `${shots}csm-qbr.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^qbr-acme-corp-\d{4}-Q[1-4]\.pdf$/);
    expect((await downloadedBytes(download)).subarray(0, 5).toString()).toBe("%PDF-");
    await page.close();
  });

  it("shows the renewals pipeline and the ticket desk", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, "csm@atrium.example");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Renewals" }).click();
    await page.getByRole("table", { name: "Renewals" }).waitFor();
    expect(await page.getByRole("table", { name: "Renewals" }).locator("tbody tr td:first-child").allTextContents()).toEqual(renewals);
    expect(renewals.length).toBeGreaterThan(0);
    for (const cell of await page.getByRole("table", { name: "Renewals" }).locator("tbody tr td:nth-child(2)").allTextContents()) {
      expect(cell).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \(-?[\d,]+ days?\)$/);
    }
    await page.screenshot({ path: `${shots}csm-renewals.png`, fullPage: true });
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Tickets" }).click();
    await page.getByRole("table", { name: "Tickets" }).waitFor();
    await page.getByText("Dashboard down for the whole team").waitFor();
    await page.screenshot({ path: `${shots}csm-tickets.png`, fullPage: true });
    await page.close();
  });

  it("signs in as a customer read-only, with a banner in the admin console", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, "csm@atrium.example");
    await page.goto(`${api.url}/csm/portfolio/${api.demo.organizations["acme"]}`);
    await page.getByRole("button", { name: "Log in as customer" }).click();
    // Too short a reason is refused on its field before anything is asked.
    const sessions = await api.db.impersonationSession.count();
    await page.getByLabel(/^Reason/).fill("SSO");
    await page.getByRole("button", { name: "Start read-only session" }).click();
    await page.getByText("Give a reason of at least 10 characters: the customer reads it.").waitFor();
    expect(await page.getByLabel(/^Reason/).getAttribute("aria-invalid")).toBe("true");
    expect(await api.db.impersonationSession.count()).toBe(sessions);
    await page.getByLabel(/^Reason/).fill("Checking the SSO ticket with the customer");
    await page.getByRole("button", { name: "Start read-only session" }).click();
    await page.waitForURL(/\/admin\/orgs\//);
    const banner = page.getByRole("status", { name: "Impersonation in progress" });
    await banner.waitFor();
    expect(await banner.textContent()).toContain("You are signed in to Acme Corp as Casey Morgan (platform staff), read-only");
    await page.screenshot({ path: `${shots}admin-impersonation-banner.png` });
    const logged = await api.db.auditEvent.count({ where: { organizationId: api.demo.organizations["acme"]!, action: "impersonation.action", impersonatorId: api.demo.users["csm@atrium.example"]! } });
    expect(logged).toBeGreaterThan(0);
    await banner.getByRole("button", { name: "End session" }).click();
    await page.waitForURL(/\/csm\//);
    expect(await api.db.impersonationSession.count({ where: { status: "active" } })).toBe(0);
    await page.close();
  });
});
