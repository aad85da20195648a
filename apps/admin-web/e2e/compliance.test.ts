import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { downloadedBytes, launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

describe("compliance reports in Chromium", () => {
  it("shows the HIPAA report for the period in the URL and downloads it as a PDF", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await api.signInBrowser(page.context(), "admin@acme.example");
    await page.goto(`${api.url}/admin/`);
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Compliance", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/compliance`));

    await page.getByRole("radiogroup", { name: "Framework" }).getByText("HIPAA").click();
    await page.waitForURL((url) => url.searchParams.get("framework") === '"hipaa"' || url.searchParams.get("framework") === "hipaa");
    await page.getByRole("heading", { name: "HIPAA Security Rule" }).waitFor();
    const integrity = page.getByRole("region", { name: "Integrity" });
    await integrity.getByText("Audit log integrity (hash chain)").waitFor();
    await integrity.getByText("Pass", { exact: true }).waitFor();
    await page.getByRole("region", { name: "Authentication" }).getByText("No data", { exact: true }).first().waitFor();
    await page.getByRole("group", { name: "Summary" }).getByText(/^[\d,]+ pass · [\d,]+ warn · [\d,]+ fail · [\d,]+ no data$/).waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-compliance.png"), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^hipaa-report-acme-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.pdf$/);
    const bytes = await downloadedBytes(download);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "compliance_report.download" } })).toBe(1);
    await context.close();
  });
});
