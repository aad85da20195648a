import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

describe("SCIM setup page in Chromium", () => {
  it("creates a token shown once, which provisions a user; the request log shows the request and highlights a failure", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await api.signInBrowser(page.context(), "admin@acme.example");
    await page.goto(`${api.url}/admin/`);
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "SCIM", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/scim$`));

    const baseUrl = await page.getByRole("textbox", { name: "SCIM base URL" }).inputValue();
    expect(baseUrl).toMatch(/\/scim\/v2$/);
    await page.getByRole("button", { name: "Create SCIM token" }).click();
    const create = page.getByRole("dialog", { name: "Create SCIM token" });
    await create.getByRole("textbox", { name: /^Name/ }).fill("Okta production");
    await create.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByRole("dialog", { name: "Okta production is ready" });
    const token = await shown.getByRole("textbox", { name: "SCIM token" }).inputValue();
    expect(token).toMatch(/^atrium_scim_[a-z2-7]{8}_[a-z2-7]{52}$/);
    await page.screenshot({ path: join(tmpdir(), "atrium-scim-token.png") });
    await shown.getByRole("button", { name: "I have stored the token" }).click();
    const row = page.getByRole("table", { name: "SCIM tokens" }).getByRole("row").filter({ hasText: "Okta production" });
    await row.getByText("Active").waitFor();
    expect(await page.content()).not.toContain(token);

    const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
    const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "browser@contractor.example", emails: [{ value: "browser@contractor.example", primary: true }] };
    expect((await fetch(`${api.url}/scim/v2/Users`, { method: "POST", headers, body: JSON.stringify(user) })).status).toBe(201);
    expect((await fetch(`${api.url}/scim/v2/Users`, { method: "POST", headers, body: JSON.stringify(user) })).status).toBe(409);

    await page.getByRole("tab", { name: "Requests" }).click();
    await page.waitForURL(/tab=requests/);
    const requests = page.getByRole("table", { name: "SCIM requests" });
    await requests.getByRole("row", { name: "POST /Users 201" }).waitFor();
    const failed = requests.getByRole("row", { name: "POST /Users 409" });
    await failed.getByText("409 uniqueness").waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-scim-requests.png"), fullPage: true });
    await page.getByRole("switch", { name: "Only failed requests" }).click({ force: true });
    await page.waitForURL(/errors=true/);
    await requests.getByRole("row", { name: "POST /Users 201" }).waitFor({ state: "detached" });
    await failed.waitFor();

    await page.getByRole("tab", { name: "Sync status" }).click();
    await page.getByRole("region", { name: "Sync status" }).getByText("1 active / 1").waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-scim-status.png"), fullPage: true });
    await page.getByRole("tab", { name: "Users" }).click();
    const provisioned = page.getByRole("table", { name: "Provisioned users table" }).getByRole("row").filter({ hasText: "browser@contractor.example" });
    await provisioned.getByText("Active").waitFor();

    // Acme has verified no domain here: the record is kept, unlinked, and the admin decides which member it is.
    await provisioned.getByText("Not linked").waitFor();
    await provisioned.getByText("browser@contractor.example is not in one of your verified domains.").waitFor();
    await page.getByRole("status", { name: "Unlinked provisioned users" }).getByText("1 provisioned user is not linked to an account.", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Show unlinked" }).click();
    await page.waitForURL(/link=unlinked/);
    await provisioned.getByRole("button", { name: "Link browser@contractor.example to a member" }).click();
    const dialog = page.getByRole("dialog", { name: "Link browser@contractor.example" });
    await dialog.getByRole("button", { name: "Link", exact: true }).click();
    await dialog.getByText("Choose a member to link.").waitFor();
    expect(await dialog.getByRole("combobox", { name: /^Member/ }).getAttribute("aria-invalid")).toBe("true");
    await dialog.getByLabel("Member").fill("lee");
    await page.getByRole("option", { name: "Lee Chen <lee.chen@acme.example>" }).click();
    await dialog.getByRole("button", { name: "Link", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("status", { name: "Unlinked provisioned users" }).getByText("Every provisioned user is linked", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Show all" }).click();
    await provisioned.getByText("lee.chen@acme.example").waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-scim-linked.png"), fullPage: true });
    const linked = await api.db.scimUser.findFirstOrThrow({ where: { organizationId: acme, userName: "browser@contractor.example" }, select: { userId: true } });
    const lee = await api.db.user.findUniqueOrThrow({ where: { email: "lee.chen@acme.example" }, select: { id: true } });
    expect(linked.userId).toBe(lee.id);
    await context.close();
  });

  it("says on the field why a token with a blank name is refused, and creates nothing", async () => {
    const before = await api.db.scimToken.count({ where: { organizationId: acme } });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await api.signInBrowser(context, "admin@acme.example");
    await page.goto(`${api.url}/admin/orgs/${acme}/scim`);
    await page.getByRole("button", { name: "Create SCIM token" }).click();
    const create = page.getByRole("dialog", { name: "Create SCIM token" });
    const name = create.getByRole("textbox", { name: /^Name/ });
    await name.fill("   ");
    await create.getByRole("button", { name: "Create token" }).click();
    await create.getByText("Name the token, e.g. after the identity provider that uses it.").waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await api.db.scimToken.count({ where: { organizationId: acme } })).toBe(before);
    await context.close();
  });
});
