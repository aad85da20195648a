import { startTestApi } from "@atrium/api/testing";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { launchBrowser, submitSignInForm } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();

async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(/\/admin\/login/);
  await submitSignInForm(page, email, password);
}

/** Signed in by a session cookie (the first and last tests use the form), on the console's landing page. */
async function openSignedIn(page: Page, email: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(new RegExp(`/admin/orgs/${api.demo.organizations["acme"]}$`));
}

describe("admin console in Chromium", () => {
  it("signs the tenant admin in and shows the org hierarchy", async () => {
    const page = await browser.newPage();
    await signIn(page, "admin@acme.example");
    await page.waitForURL(new RegExp(`/admin/orgs/${api.demo.organizations["acme"]}`));
    await page.getByRole("heading", { name: "Organization hierarchy" }).waitFor();
    const tree = page.getByRole("tree", { name: "Organization hierarchy" });
    for (const name of ["Acme Corp", "Acme North America", "Acme Canada", "Acme EMEA"]) {
      await tree.getByRole("treeitem", { name: new RegExp(name) }).first().waitFor();
    }
    expect(await page.getByRole("combobox", { name: "Organization", exact: true }).inputValue()).toBe("Acme Corp");
    await page.close();
  });

  it("creates a child organization from the tree", async () => {
    const page = await browser.newPage();
    await openSignedIn(page, "admin@acme.example");
    await page.getByRole("treeitem", { name: /Acme EMEA/ }).first().click();
    await page.getByRole("region", { name: "Details of Acme EMEA" }).waitFor();
    await page.getByRole("button", { name: "Create child organization" }).click();
    await page.getByLabel("Name").fill("Acme Nordics");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.getByRole("treeitem", { name: /Acme Nordics/ }).waitFor();
    const created = await api.db.organization.findUnique({ where: { slug: "acme-nordics" }, select: { parentId: true, depth: true, region: true } });
    expect(created).toEqual({ parentId: api.demo.organizations["acmeEmea"], depth: 3, region: "eu" });
    await page.close();
  });

  it("shows the server's message for a taken slug and keeps the form open", async () => {
    const page = await browser.newPage();
    await openSignedIn(page, "admin@acme.example");
    await page.getByRole("button", { name: "Create child organization" }).waitFor();
    await page.getByRole("button", { name: "Create child organization" }).click();
    await page.getByLabel("Name").fill("Acme NA");
    await page.getByRole("button", { name: "Create organization" }).click();
    // Inside the form, which stays open (the page may carry its own alerts, such as a payment issue).
    expect(await page.getByRole("dialog", { name: /^New organization under / }).getByRole("alert").textContent()).toContain('The slug "acme-na" is already taken.');
    await page.close();
  });

  it("disables creating children for a viewer", async () => {
    const page = await browser.newPage();
    await openSignedIn(page, "auditor@acme.example");
    const button = page.getByRole("button", { name: "Create child organization" });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    await page.close();
  });

  it("says a wrong password is wrong without saying which part", async () => {
    const page = await browser.newPage();
    await signIn(page, "admin@acme.example", "not-the-password");
    expect(await page.getByRole("alert").textContent()).toContain("Invalid e-mail or password.");
    await page.close();
  });
});
