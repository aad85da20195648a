import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInToPortal } from "./portal.ts";

const api = await startTestApi();
const browser = await launchBrowser();

const signIn = (page: Page, email: string) => signInToPortal(api, page, email);

const v1Status = async (token: string) =>
  (await fetch(`${api.url}/v1/organizations/${api.demo.organizations["acme"]}`, { headers: { authorization: `Bearer ${token}` } })).status;

describe("applications in the CSM portal", () => {
  it("a super admin registers an application, creates a key shown once, and revokes it", async () => {
    const page = await browser.newPage();
    await signIn(page, "root@atrium.example");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Applications" }).click();
    await page.getByRole("table", { name: "Applications" }).getByRole("link", { name: "Notes" }).waitFor();

    await page.getByRole("button", { name: "Register application" }).click();
    const form = page.getByRole("dialog", { name: "Register an application" });
    await form.getByLabel(/^Name/).fill("Reports back end");
    await form.getByLabel(/^Client id/).fill("reports-backend");
    await form.getByLabel(/^Redirect URIs/).fill("https://reports.example/callback");
    await form.getByRole("button", { name: "Register" }).click();
    await page.getByRole("heading", { name: "Reports back end" }).waitFor();
    await page.getByText("https://reports.example/callback").waitFor();

    await page.getByRole("button", { name: "Create live key" }).click();
    const secretDialog = page.getByRole("dialog", { name: "New secret key" });
    const token = await secretDialog.getByRole("textbox", { name: "Secret" }).inputValue();
    expect(token).toMatch(/^atrium_sk_live_[A-Za-z0-9_-]{43}$/);
    await secretDialog.getByRole("button", { name: "Copy the secret" }).waitFor();
    expect(await v1Status(token)).toBe(200);
    await secretDialog.getByRole("button", { name: "I have stored the secret" }).click();
    await secretDialog.waitFor({ state: "detached" });
    // Shown once: the page now shows only the prefix.
    expect(await page.content()).not.toContain(token);
    const keys = page.getByRole("table", { name: "Secret keys" });
    const prefix = token.slice(0, "atrium_sk_live_".length + 8);
    const row = keys.getByRole("row").filter({ hasText: `${prefix}…` });
    await row.waitFor();
    expect(await row.getByRole("cell").allTextContents()).toEqual([`${prefix}…`, "Live", expect.any(String), expect.any(String), "Live", "Revoke"]);

    // A test key: the mode is chosen before it is created, and shown beside it.
    await page.getByRole("combobox", { name: "Mode" }).click();
    await page.getByRole("option", { name: "Test key (decisions and reads only)", exact: true }).click();
    await page.getByRole("button", { name: "Create test key" }).click();
    const testDialog = page.getByRole("dialog", { name: "New secret key" });
    const testToken = await testDialog.getByRole("textbox", { name: "Secret" }).inputValue();
    expect(testToken).toMatch(/^atrium_sk_test_[A-Za-z0-9_-]{43}$/);
    expect(await v1Status(testToken)).toBe(200);
    await testDialog.getByRole("button", { name: "I have stored the secret" }).click();
    await testDialog.waitFor({ state: "detached" });
    await keys.getByRole("row").filter({ hasText: `${testToken.slice(0, "atrium_sk_test_".length + 8)}…` }).getByText("Test", { exact: true }).waitFor();

    await keys.getByRole("button", { name: `Revoke ${prefix}` }).click();
    await page.getByRole("dialog", { name: /^Revoke/ }).getByRole("button", { name: "Revoke key" }).click();
    await keys.getByText("Revoked").waitFor();
    expect(await v1Status(token)).toBe(401);
    await page.close();
  });

  it("a CSM reads applications without the buttons that change them", async () => {
    const page = await browser.newPage();
    await signIn(page, "csm@atrium.example");
    await page.goto(`${api.url}/csm/applications`);
    await page.getByRole("table", { name: "Applications" }).getByRole("link", { name: "Notes" }).click();
    await page.getByRole("heading", { name: "Notes" }).waitFor();
    await page.getByText("atrium_sk_demo_pro…").waitFor();
    // Column headers sort ("Created"); no button changes anything.
    expect(await page.getByRole("button", { name: /^(Create|Revoke|Edit|Register)( |$)/ }).count()).toBe(0);
    await page.close();
  });

  it("the API reference at /docs/api renders offline: every request stays on Atrium's origin", async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(`${api.url}/docs/api/`);
    await page.getByText("Decide permission checks").first().waitFor();
    expect(requested.filter((url) => !url.startsWith(api.url) && !url.startsWith("data:"))).toEqual([]);
    expect(requested).toContain(`${api.url}/v1/openapi.json`);
    await page.close();
  });
});
