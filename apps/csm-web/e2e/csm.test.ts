import { startTestApi } from "@atrium/api/testing";
import { launchBrowser, submitSignInForm } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();

async function signIn(page: Page, email: string) {
  await page.goto(`${api.url}/csm/`);
  await page.waitForURL(/\/csm\/login/);
  await submitSignInForm(page, email);
}

/** Signed in by a session cookie (the first test uses the form), on the portal's landing page. */
async function openSignedIn(page: Page, email: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/csm/`);
}

/** Staff land on their portfolio; the list of every organization is one link away. */
async function openCustomers(page: Page) {
  await page.waitForURL(/\/csm\/portfolio/);
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "All organizations" }).click();
  await page.waitForURL(/\/csm\/customers/);
}

const customerNames = (page: Page) =>
  page.getByRole("table", { name: "Customers" }).locator("tbody tr td:first-child a").allTextContents();

describe("CSM portal in Chromium", () => {
  it("shows the CSM every customer from the database", async () => {
    const page = await browser.newPage();
    await signIn(page, "csm@atrium.example");
    await openCustomers(page);
    await page.getByRole("table", { name: "Customers" }).waitFor();
    expect(await customerNames(page)).toEqual([
      "Acme Corp",
      "Globex Corporation",
      "Initech",
      "Soylent Foods",
      "Tyrell Analytics",
      "Umbrella Health",
    ]);
    await page.close();
  });

  it("keeps search and sort in the URL, so a reload shows the same table", async () => {
    const page = await browser.newPage();
    await openSignedIn(page, "csm@atrium.example");
    await openCustomers(page);
    await page.getByRole("table", { name: "Customers" }).waitFor();
    await page.getByRole("button", { name: /Members/ }).click();
    await page.getByRole("button", { name: /Members/ }).click();
    await page.waitForURL(/sort=members/);
    expect(page.url()).toContain("dir=desc");
    expect((await customerNames(page))[0]).toBe("Acme Corp");
    await page.getByLabel("Search customers").fill("glob");
    await page.waitForURL(/q=glob/);
    await page.reload();
    await page.getByRole("table", { name: "Customers" }).waitFor();
    expect(await customerNames(page)).toEqual(["Globex Corporation"]);
    await page.close();
  });

  it("shows a customer's features and lets the CSM override one, with a reason", async () => {
    const page = await browser.newPage();
    await openSignedIn(page, "csm@atrium.example");
    await openCustomers(page);
    await page.getByRole("link", { name: "Soylent Foods" }).click();
    await page.getByRole("heading", { name: "Soylent Foods" }).waitFor();
    const features = page.getByRole("table", { name: "Features" });
    const sso = features.getByRole("row", { name: /SAML and OIDC single sign-on/ });
    expect(await sso.textContent()).toContain("requires the Business plan");
    await page.getByRole("button", { name: "Override SAML and OIDC single sign-on" }).click();
    await page.getByRole("dialog").getByText("On", { exact: true }).click();
    await page.getByLabel(/^Reason/).fill("Two-week SSO pilot");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await sso.getByText("enabled by override").waitFor();
    const override = await api.db.featureOverride.findFirst({ where: { organizationId: api.demo.organizations["soylent"]!, feature: "sso" }, select: { enabled: true, reason: true } });
    expect(override).toEqual({ enabled: true, reason: "Two-week SSO pilot" });
    await page.close();
  });

  it("tells a tenant admin that the portal is for staff, and shows no customer data", async () => {
    const page = await browser.newPage();
    await signIn(page, "admin@acme.example");
    expect(await page.getByRole("alert").textContent()).toContain("This portal is for platform staff");
    expect(await page.getByRole("table", { name: "Customers" }).count()).toBe(0);
    await page.close();
  });
});
