import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

async function signIn(page: Page, email: string, orgId = acme) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(new RegExp(`/admin/orgs/${orgId}$`));
}

async function openRetention(page: Page) {
  await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Retention", exact: true }).click();
  await page.waitForURL(new RegExp(`/admin/orgs/${acme}/retention$`));
}

describe("retention policies and legal holds in Chromium", () => {
  it("keeps audit events for a custom number of days", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openRetention(page);

    const row = page.getByRole("table", { name: "Retention periods" }).getByRole("row").filter({ hasText: "Audit events" });
    await row.getByText("Plan default").waitFor();
    await row.getByRole("textbox", { name: "Days to keep audit events" }).fill("400");
    await row.getByRole("button", { name: "Save", exact: true }).click();

    await row.getByText("Custom", { exact: true }).waitFor();
    await row.getByRole("cell", { name: "400 days" }).waitFor();
    await row.getByRole("button", { name: "Reset to plan default" }).waitFor();
    expect(
      await api.db.retentionPolicy.findUniqueOrThrow({
        where: { organizationId_dataType: { organizationId: acme, dataType: "audit_events" } },
        select: { days: true },
      }),
    ).toEqual({ days: 400 });
    await context.close();
  });

  it("places a whole-organization legal hold and releases it after confirming", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openRetention(page);

    const holds = page.getByRole("region", { name: "Legal holds" });
    await holds.getByRole("button", { name: "Place legal hold" }).click();
    const modal = page.getByRole("dialog", { name: "Place legal hold" });
    await modal.getByRole("textbox", { name: /^Name/ }).fill("Litigation 2026");
    await modal.getByRole("textbox", { name: /^Reason/ }).fill("Preserve everything for the pending lawsuit");
    await modal.getByRole("button", { name: "Place hold" }).click();
    await modal.waitFor({ state: "detached" });

    const row = holds.getByRole("table", { name: "Legal holds" }).getByRole("row").filter({ hasText: "Litigation 2026" });
    await row.getByText("Active", { exact: true }).waitFor();
    expect(await row.getByRole("cell").nth(1).textContent()).toBe("Whole organization");
    const placed = await api.db.legalHold.findFirstOrThrow({
      where: { organizationId: acme, name: "Litigation 2026" },
      select: { reason: true, actorId: true, fromAt: true, toAt: true, releasedAt: true },
    });
    expect(placed).toEqual({ reason: "Preserve everything for the pending lawsuit", actorId: null, fromAt: null, toAt: null, releasedAt: null });

    await row.getByRole("button", { name: "Release" }).click();
    const confirm = page.getByRole("dialog", { name: 'Release "Litigation 2026"?' });
    await confirm.getByRole("button", { name: "Release hold" }).click();
    await confirm.waitFor({ state: "detached" });
    await row.getByText(/^Released /).waitFor();
    expect(await row.getByRole("button", { name: "Release" }).count()).toBe(0);
    const released = await api.db.legalHold.findFirstOrThrow({ where: { organizationId: acme, name: "Litigation 2026" }, select: { releasedAt: true } });
    expect(released.releasedAt).toBeInstanceOf(Date);
    await context.close();
  });
});
