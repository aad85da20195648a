import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

describe("audit alert rules in Chromium", () => {
  it("creates a rule from a preset with a webhook and shows its signing secret once", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await api.signInBrowser(page.context(), "admin@acme.example");
    await page.goto(`${api.url}/admin/`);
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Audit alerts", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/audit-alerts$`));

    await page.getByRole("button", { name: "New alert rule" }).click();
    const modal = page.getByRole("dialog", { name: "New alert rule" });
    await modal.getByRole("combobox", { name: "Start from a preset" }).click();
    await page.getByRole("option", { name: "SCIM deprovisioning burst" }).click();
    await modal.getByRole("textbox", { name: "Webhook URL" }).fill("https://hooks.acme.example/atrium");
    await modal.getByRole("button", { name: "Create rule" }).click();
    await modal.waitFor({ state: "detached" });

    const secretDialog = page.getByRole("dialog", { name: "Webhook signing secret" });
    const secret = (await secretDialog.getByLabel("Signing secret").textContent())!;
    expect(secret).toMatch(/^whsec_[a-z2-7]{39}$/);
    await page.screenshot({ path: join(tmpdir(), "atrium-audit-alerts-secret.png") });
    await secretDialog.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("table", { name: "Alert rules" }).getByRole("row").filter({ hasText: "SCIM deprovisioning burst" });
    await row.getByText("≥ 5 in 10 min").waitFor();
    await row.getByText("hooks.acme.example").waitFor();
    const stored = await api.db.auditAlertRule.findFirstOrThrow({
      where: { organizationId: acme },
      select: { actions: true, threshold: true, windowSeconds: true, webhookUrl: true, webhookSecret: true, preset: true },
    });
    expect(stored).toMatchObject({ actions: ["scim.user.deprovisioned"], threshold: 5, windowSeconds: 600, webhookUrl: "https://hooks.acme.example/atrium", preset: "scim_deprovision_burst" });
    expect(stored.webhookSecret).not.toContain(secret);
    await page.screenshot({ path: join(tmpdir(), "atrium-audit-alerts.png"), fullPage: true });
    await context.close();
  });
});
