import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInToPortal } from "./portal.ts";

const api = await startTestApi();
const browser = await launchBrowser();

const signIn = (page: Page, email: string) => signInToPortal(api, page, email);

describe("contracts and invoices in the CSM portal", () => {
  it("finance edits a contract's seats with a reason; the history shows the change", async () => {
    const page = await browser.newPage();
    await signIn(page, "finance@atrium.example");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Contracts" }).click();
    await page.locator("label", { hasText: /^≤ 30 days$/ }).click();
    await page.waitForURL(/renewal=30/);
    const table = page.getByRole("table", { name: "Contracts" });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(1);
    await table.getByRole("link", { name: "Acme Enterprise Agreement 2026" }).click();
    await page.getByRole("heading", { name: "Acme Enterprise Agreement 2026" }).waitFor();

    // Bad input: each field says what is wrong, and nothing is saved.
    await page.getByLabel("Seats included").fill("seven hundred");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Enter a whole number of seats, up to 1,000,000.").waitFor();
    await page.getByText("Say why, in a few words: it goes into the history.").waitFor();
    expect(await page.getByLabel("Seats included").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Reason for the change").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Seats included").fill("750");
    await page.getByLabel("Reason for the change").fill("Expansion signed");
    await page.getByRole("button", { name: "Save changes" }).click();
    const history = page.getByRole("region", { name: "History" });
    await history.getByText("v2 · updated").waitFor();
    await history.getByText("Seats included: 700 → 750").waitFor();
    expect((await api.db.contract.findFirstOrThrow({ where: { organizationId: api.demo.organizations["acme"]! }, select: { seats: true } })).seats).toBe(750);
    await page.screenshot({ path: join(tmpdir(), "atrium-csm-contract.png"), fullPage: true });
    await page.close();
  });

  it("a CSM sees the contract read-only", async () => {
    const page = await browser.newPage();
    await signIn(page, "csm@atrium.example");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Contracts" }).click();
    await page.getByRole("table", { name: "Contracts" }).getByRole("link", { name: "Umbrella Health Enterprise (HIPAA)" }).click();
    await page.getByText("Read only: only finance can change contracts and pricing.").waitFor();
    expect(await page.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    expect(await page.getByLabel("Annual value").getAttribute("readonly")).toBe("");
    await page.close();
  });

  it("lists the overdue invoice, and finance marks it paid", async () => {
    const page = await browser.newPage();
    await signIn(page, "finance@atrium.example");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Overdue" }).click();
    await page.getByRole("heading", { name: "Overdue invoices" }).waitFor();
    const rows = page.getByRole("table", { name: "Invoices" }).locator("tbody tr");
    await rows.first().getByText("Acme Corp").waitFor();
    expect(await rows.count()).toBe(1);
    await page.screenshot({ path: join(tmpdir(), "atrium-csm-overdue.png"), fullPage: true });
    await rows.first().getByRole("button", { name: /^Mark paid: AUS-\d{4}-\d{6}$/ }).click();
    await page.getByText("No invoices match.").waitFor();
    await page.close();
  });
});
