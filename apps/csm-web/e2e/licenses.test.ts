import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { verifyLicense } from "@atrium/license";
import { licensePublicKeys } from "@atrium/core/licensing";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const initech = api.demo.organizations["initech"]!;

describe("licences in the CSM portal", () => {
  it("finance issues a licence on the customer page: it is listed as valid, its key verifies offline; revoked, it is listed as invalid", async () => {
    const page = await browser.newPage();
    await api.signInBrowser(page.context(), "finance@atrium.example");
    await page.goto(`${api.url}/csm/customers/${initech}`);
    await page.getByRole("heading", { name: "Initech" }).waitFor();
    await page.getByRole("button", { name: "Issue licence" }).click();
    const dialog = page.getByRole("dialog", { name: "Issue a licence" });
    // A missing term is refused on its field, in a sentence.
    const starts = dialog.getByLabel("Starts");
    const startsOn = await starts.inputValue();
    await starts.fill("");
    await dialog.getByRole("button", { name: "Issue licence" }).click();
    await dialog.getByText("Choose the day the licence starts.").waitFor();
    await starts.fill(startsOn);
    await dialog.getByLabel("Seats").fill("25");
    await dialog.getByRole("button", { name: "Issue licence" }).click();

    const keyDialog = page.getByRole("dialog", { name: "Licence key" });
    const key = keyDialog.getByLabel("Licence key");
    await key.waitFor();
    const token = await key.inputValue();
    const verdict = await verifyLicense(token, { publicKeys: await licensePublicKeys(api.db) });
    expect(verdict).toMatchObject({ state: "valid", license: { organizationId: initech, edition: "Enterprise", plan: "enterprise", seats: 25, customer: "Initech" } });
    await keyDialog.getByRole("button", { name: "Close" }).click();

    const table = page.getByRole("table", { name: "Licences" });
    const row = table.locator("tbody tr").first();
    await row.getByText("Valid").waitFor();
    await row.getByText("Enterprise").waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-csm-licences.png"), fullPage: true });

    await row.getByRole("button", { name: "Revoke" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke this licence?" });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await confirm.getByText("Say why, in a few words.").waitFor();
    expect(await confirm.getByLabel("Reason").getAttribute("aria-invalid")).toBe("true");
    await confirm.getByLabel("Reason").fill("Issued by mistake");
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await row.getByText("Invalid: revoked").waitFor();
    const events = await api.db.auditEvent.findMany({ where: { organizationId: initech, action: { in: ["license.issue", "license.revoke"] } }, select: { action: true } });
    expect(events.map((e) => e.action).sort()).toEqual(["license.issue", "license.revoke"]);
    await page.close();
  });

  it("a CSM sees the licences but cannot issue one", async () => {
    const acme = api.demo.organizations["acme"]!;
    const page = await browser.newPage();
    await api.signInBrowser(page.context(), "csm@atrium.example");
    await page.goto(`${api.url}/csm/customers/${acme}`);
    await page.getByRole("heading", { name: "Licences" }).waitFor();
    await page.getByText("No licences issued to this customer.").waitFor();
    expect(await page.getByRole("button", { name: "Issue licence" }).count()).toBe(0);
    await page.close();
  });

  it("a super admin rotates the signing keys: the old key verifies only, then is retired", async () => {
    const page = await browser.newPage();
    await api.signInBrowser(page.context(), "root@atrium.example");
    await page.goto(`${api.url}/csm/customers`);
    const card = page.getByRole("region", { name: "Licence signing keys" });
    const rows = card.getByRole("table", { name: "Signing keys" }).locator("tbody tr");
    await rows.first().getByText("Signs").waitFor();
    expect(await rows.count()).toBe(1);
    await card.getByRole("button", { name: "Rotate" }).click();
    await card.getByText("Verifies only").waitFor();
    expect(await rows.count()).toBe(2);
    await rows.filter({ hasText: "Verifies only" }).getByRole("button", { name: "Retire" }).click();
    await page.getByRole("dialog", { name: "Retire this signing key?" }).getByRole("button", { name: "Retire" }).click();
    await card.getByText("Retired", { exact: true }).waitFor();
    expect(await api.db.licenseSigningKey.count({ where: { status: "retired" } })).toBe(1);
    await page.close();
  });
});
