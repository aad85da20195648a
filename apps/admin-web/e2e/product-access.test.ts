/**
 * Product access in Chromium: a tenant admin grants a member a product's
 * permission on one product resource (`demo-product/notes:share` on a note),
 * the product's /v1/authorize then answers "granted" for that note, and the
 * admin revokes the grant from the list.
 */
import { startTestApi } from "@atrium/api/testing";
import { DEMO_APPLICATION } from "@atrium/core/seed";
import { launchBrowser, submitSignInForm } from "@atrium/testing/browser";
import type { Locator, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
afterAll(() => browser.close());
const acme = api.demo.organizations["acme"]!;
const lee = api.demo.users["lee.chen@acme.example"]!;
const note = "3d6f0a2b-7c1e-4b5a-9d8f-2e4c6a8b0d1f";

async function signIn(page: Page, email: string) {
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(/\/admin\/login/);
  await submitSignInForm(page, email);
  await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
}

/** Opens a Mantine select and picks the option (options render in a portal). */
async function choose(page: Page, select: Locator, option: string, typed?: string) {
  await select.click();
  if (typed !== undefined) await select.fill(typed);
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** What the product hears when it asks whether Lee may share the note. */
async function leeMayShare(): Promise<{ allowed: boolean; reason: string }> {
  const response = await fetch(`${api.url}/v1/authorize`, {
    method: "POST",
    headers: { authorization: `Bearer ${DEMO_APPLICATION.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ checks: [{ principal: { type: "user", id: lee }, organizationId: acme, permission: "demo-product/notes:share", resource: { type: "demo-product/note", id: note } }] }),
  });
  expect(response.status).toBe(200);
  const { results } = (await response.json()) as { results: { allowed: boolean; reason: string }[] };
  return { allowed: results[0]!.allowed, reason: results[0]!.reason };
}

describe("product access grants in Chromium", () => {
  it("grants Lee demo-product/notes:share on one note, the product sees it, then revokes it", async () => {
    expect(await leeMayShare()).toEqual({ allowed: false, reason: "not_granted" });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Product access", exact: true }).click();
    const table = page.getByRole("table", { name: "Product access grants" });
    await table.getByText("No one has been given access to a product resource.").waitFor();

    await page.getByRole("button", { name: "Grant product access" }).click();
    const dialog = page.getByRole("dialog", { name: "Grant product access" });
    await choose(page, dialog.getByRole("combobox", { name: /^Resource type/ }), "A note (demo-product/note)");
    await dialog.getByRole("textbox", { name: /^Resource id/ }).fill(note);
    await choose(page, dialog.getByRole("combobox", { name: /^Member/ }), "Lee Chen (lee.chen@acme.example)", "Lee");
    await dialog.getByRole("checkbox", { name: "demo-product/notes:share" }).check();
    await dialog.getByRole("button", { name: "Grant access" }).click();
    await dialog.waitFor({ state: "detached" });

    const row = table.getByRole("row").filter({ hasText: "Lee Chen" });
    await row.waitFor();
    expect(await row.textContent()).toBe(`demo-product/note${note}Lee ChenUserdemo-product/notes:shareNeverRevoke`);
    const grant = await api.db.resourceGrant.findFirstOrThrow({ where: { organizationId: acme, resourceType: "demo-product/note", resourceId: note }, select: { subjectType: true, subjectId: true, permissions: true, expiresAt: true } });
    expect(grant).toEqual({ subjectType: "user", subjectId: lee, permissions: ["demo-product/notes:share"], expiresAt: null });
    expect(await leeMayShare()).toEqual({ allowed: true, reason: "granted" });

    await row.getByRole("button", { name: `Revoke Lee Chen's access to demo-product/note ${note}` }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke Lee Chen's product access?" });
    await confirm.getByRole("button", { name: "Revoke access" }).click();
    await confirm.waitFor({ state: "detached" });
    await table.getByText("No one has been given access to a product resource.").waitFor();
    expect(await api.db.resourceGrant.count({ where: { organizationId: acme, resourceType: "demo-product/note" } })).toBe(0);
    expect(await leeMayShare()).toEqual({ allowed: false, reason: "not_granted" });
    await context.close();
  });
});
