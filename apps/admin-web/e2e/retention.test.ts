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

/**
 * A new enterprise organization owned by Acme's admin, with audit events the given numbers of
 * days ago (oldest first, so the chain follows time) and, if given, its own audit retention;
 * its Retention page open in the admin's browser.
 */
async function retentionOf(slug: string, eventsDaysAgo: number[], customDays?: number) {
  const admin = await api.db.user.findUniqueOrThrow({ where: { email: "admin@acme.example" }, select: { id: true } });
  const org = await api.db.organization.create({ data: { name: `Initech ${slug}`, slug, plan: "enterprise" }, select: { id: true } });
  await api.db.membership.create({ data: { organizationId: org.id, userId: admin.id, role: "owner" } });
  if (customDays) await api.db.retentionPolicy.create({ data: { organizationId: org.id, dataType: "audit_events", days: customDays } });
  for (const daysAgo of eventsDaysAgo) {
    await api.db.auditEvent.create({
      data: { organizationId: org.id, occurredAt: new Date(Date.now() - daysAgo * 86_400_000), action: "org.update", status: "success", actorType: "system", resourceType: "organization", details: {} },
    });
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "admin@acme.example");
  await page.goto(`${api.url}/admin/orgs/${org.id}/retention`);
  const policy = () => api.db.retentionPolicy.findUnique({ where: { organizationId_dataType: { organizationId: org.id, dataType: "audit_events" } }, select: { days: true } });
  return { org, context, page, policy };
}

describe("retention policies and legal holds in Chromium", () => {
  it("keeps audit events for a custom number of days", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openRetention(page);

    const row = page.getByRole("table", { name: "Retention periods" }).getByRole("row").filter({ hasText: "Audit events" });
    await row.getByText("Plan default").waitFor();
    const daysField = row.getByRole("textbox", { name: "Days to keep audit events" });
    await daysField.fill("0");
    await row.getByRole("button", { name: "Save", exact: true }).click();
    await row.getByText("Keep audit events from 1 to 3,650 days.").waitFor();
    expect(await daysField.getAttribute("aria-invalid")).toBe("true");
    await daysField.fill("400");
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

  it("asks before cutting audit retention, stating how many events the next purge deletes, and saves only once confirmed", async () => {
    // An organization whose log starts 100 days ago, run by Acme's admin.
    const { org, context, page, policy } = await retentionOf("initech-retention", [100, 90, 80]);

    const row = page.getByRole("table", { name: "Retention periods" }).getByRole("row").filter({ hasText: "Audit events" });
    await row.getByRole("textbox", { name: "Days to keep audit events" }).fill("30");
    await row.getByRole("button", { name: "Save", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Delete 3 audit events?" });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("Keeping audit events for 30 days instead of 365 days puts 3 of them past retention");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await policy()).toBeNull();

    await row.getByRole("button", { name: "Save", exact: true }).click();
    await confirm.getByRole("button", { name: "Keep 30 days and delete" }).click();
    await confirm.waitFor({ state: "detached" });
    await row.getByRole("cell", { name: "30 days" }).waitFor();
    expect(await policy()).toEqual({ days: 30 });
    const audited = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: org.id, action: "retention.update" }, select: { details: true } });
    expect(audited.details).toEqual({ before: 365, after: 30, planDefault: false, eventsPastRetention: 3 });
    await context.close();
  });

  it("asks before a reset to a shorter plan default, with the number of events it deletes, and resets only once confirmed", async () => {
    // An enterprise organization keeping its log 500 days, with two events older than the plan's 365.
    const { org, context, page, policy } = await retentionOf("initech-reset", [420, 380, 100], 500);

    const row = page.getByRole("table", { name: "Retention periods" }).getByRole("row").filter({ hasText: "Audit events" });
    await row.getByRole("cell", { name: "500 days" }).waitFor();
    await row.getByRole("button", { name: "Reset to plan default" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete 2 audit events?" });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("Keeping audit events for 365 days, the plan's default, instead of 500 days puts 2 of them past retention");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await policy()).toEqual({ days: 500 });

    await row.getByRole("button", { name: "Reset to plan default" }).click();
    await confirm.getByRole("button", { name: "Reset to 365 days and delete" }).click();
    await confirm.waitFor({ state: "detached" });
    await row.getByText("Plan default").waitFor();
    expect(await policy()).toBeNull();
    const audited = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: org.id, action: "retention.update" }, select: { details: true } });
    expect(audited.details).toEqual({ before: 500, after: 365, planDefault: true, eventsPastRetention: 2 });
    await context.close();
  });
});
