/**
 * Smaller console defects, in Chromium: the navigation scrolls on a 900 px
 * high window, the person's own pages keep the sidebar and organization,
 * the audit log names resources, and out-of-range or empty inputs say why on
 * their field.
 */
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const lee = api.demo.users["lee.chen@acme.example"]!;

async function signIn(page: Page) {
  await api.signInBrowser(page.context(), "admin@acme.example");
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Organization sections" });

describe("console details in Chromium", () => {
  it("scrolls the navigation on a 900 px high window, so Billing and Support stay reachable", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    const support = nav(page).getByRole("link", { name: "Support", exact: true });
    await support.click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/support$`));
    const box = await support.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(900);
    await nav(page).getByRole("link", { name: "Billing", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/billing`));
    await page.close();
  });

  it("keeps the sidebar and the organization on the two-factor, sessions and device pages", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    for (const path of ["account/mfa", "account/sessions", "device"]) {
      await page.goto(`${api.url}/admin/${path}`);
      await nav(page).getByRole("link", { name: "Members", exact: true }).waitFor();
      expect(await page.getByRole("combobox", { name: "Organization", exact: true }).inputValue()).toBe("Acme Corp");
    }
    await nav(page).getByRole("link", { name: "Members", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/members`));
    await page.close();
  });

  it("names the resource of an audit event instead of showing its id", async () => {
    const owner = await api.signedIn("admin@acme.example");
    await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: lee, roleKey: "admin" });
    const { name } = await api.db.user.findUniqueOrThrow({ where: { id: lee }, select: { name: true } });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page);
    await page.goto(`${api.url}/admin/orgs/${acme}/audit`);
    const row = page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: "membership.role_change" }).first();
    await row.waitFor();
    const resource = row.getByRole("cell").nth(3);
    expect(await resource.innerText()).toBe(`user ${name}`);
    expect(await resource.locator("[title]").first().getAttribute("title")).toBe(`user ${lee}`);
    await page.close();
  });

  it("says on the field why a rate limit or a SCIM token name is refused", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page);
    await page.goto(`${api.url}/admin/orgs/${acme}/security`);
    const perMinute = page.getByRole("textbox", { name: "Requests per minute" });
    await perMinute.fill("0");
    await perMinute.blur();
    await page.getByText("Enter a whole number from 1 to 1,000,000.").waitFor();
    expect(await perMinute.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("button", { name: "Save rate limit" }).isDisabled()).toBe(true);

    await page.goto(`${api.url}/admin/orgs/${acme}/scim`);
    await page.getByRole("button", { name: "Create SCIM token" }).click();
    const dialog = page.getByRole("dialog", { name: "Create SCIM token" });
    await dialog.getByRole("textbox", { name: /^Name/ }).fill("   ");
    await dialog.getByRole("button", { name: "Create token" }).click();
    await dialog.getByText("Name the token, e.g. after the identity provider that uses it.").waitFor();
    expect(await dialog.getByRole("textbox", { name: /^Name/ }).getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.getByRole("alert").count()).toBe(0);
    await page.close();
  });
});
