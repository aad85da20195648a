import { startTestApi } from "@atrium/api/testing";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { startSandboxIdp } from "@atrium/sso-sandbox";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";

// DNS stands in for the test: the TXT record an admin would publish is "there" once the domain is added.
const dns: { db?: Awaited<ReturnType<typeof startTestApi>>["db"] } = {};
const api = await startTestApi({
  sso: {
    resolveTxt: async (name) => {
      const row = await dns.db!.ssoDomain.findFirst({ where: { domain: name.replace(/^_atrium-verification\./, "") }, select: { token: true } });
      return row ? [[`atrium-verification=${row.token}`]] : [];
    },
  },
});
dns.db = api.db;
const sandbox = await startSandboxIdp({ port: 0 });
afterAll(() => sandbox.close());
const browser = await launchBrowser();
const globex = api.demo.organizations["globex"]!;
const shots = process.env["ATRIUM_SCREENSHOTS"];
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: `${shots}/sso-${name}.png`, fullPage: true });
};

async function signIn(page: Page, email: string) {
  await page.goto(`${api.url}/admin/login`);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel(/^Password\s*\*?$/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`/admin/orgs/${globex}$`));
}

describe("SSO setup wizard in Chromium", () => {
  it("configures the sandbox IdP, tests it, takes it live, and a person signs in through it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "it@globex.example");
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Single sign-on", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${globex}/sso$`));

    // Domain verification.
    await page.getByLabel("Add a domain").fill("globex.example");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("button", { name: "Verify globex.example" }).click();
    await page.getByRole("table", { name: "Domains" }).getByText("Verified", { exact: true }).waitFor();
    await shot(page, "page");

    // 1: provider.
    await page.getByRole("button", { name: "Add connection" }).click();
    await page.getByRole("radio", { name: "Atrium sandbox IdP (development)" }).check();
    await page.getByLabel("Connection name").fill("Sandbox SAML");
    await shot(page, "new-connection");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${globex}/sso/[0-9a-f-]{36}$`));
    const connectionId = page.url().split("/").at(-1)!;

    // 2: our values.
    const values = page.getByRole("table", { name: "Our service provider values" });
    await values.getByText(`${api.url}/auth/saml/${connectionId}/acs`).waitFor();
    await shot(page, "sp-values");
    await page.getByRole("button", { name: "Next: IdP settings" }).click();

    // 3: the IdP's metadata.
    const metadata = await (await fetch(sandbox.samlMetadataUrl)).text();
    await page.getByLabel("IdP metadata XML").fill(metadata);
    await page.getByRole("button", { name: "Read metadata" }).click();
    await page.getByRole("region", { name: "IdP metadata" }).getByText(sandbox.samlMetadataUrl).waitFor();
    await page.getByRole("button", { name: "Save IdP settings" }).click();

    // 4: test — through the sandbox's sign-in page and back, without a session for Karl.
    await page.getByRole("link", { name: "Test connection" }).click();
    await page.getByRole("button", { name: "Sign in as Karl Berg" }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${globex}/sso/${connectionId}\\?test=`));
    const result = page.getByRole("region", { name: "Test result" });
    await result.getByText("Test passed").waitFor();
    await result.getByText(/"email": "karl.berg@globex.example"/).first().waitFor();
    await shot(page, "test-passed");

    // 5: live.
    await page.getByRole("button", { name: /Go live\s*Then enforce/ }).click();
    await page.getByRole("button", { name: "Go live", exact: true }).click();
    await page.getByText("This connection is live").waitFor();
    await shot(page, "live");
    expect(await api.db.auditEvent.count({ where: { organizationId: globex, action: { in: ["sso.connection_create", "sso.connection_update", "sso.connection_test", "sso.domain_verify"] } } })).toBeGreaterThanOrEqual(5);
    await context.close();

    // A person signs in: e-mail first, routed to the IdP.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${api.url}/admin/login`);
    await visitor.getByLabel("Work e-mail").fill("nina.novak@globex.example");
    await visitor.getByLabel("Work e-mail").blur();
    await visitor.getByRole("link", { name: "Continue with SSO" }).waitFor();
    await shot(visitor, "login-sso");
    await visitor.getByRole("link", { name: "Continue with SSO" }).click();
    await visitor.getByRole("button", { name: "Sign in as Nina Novak" }).click();
    await visitor.waitForURL(new RegExp(`/admin/orgs/${globex}$`));
    const nina = await api.db.user.findUniqueOrThrow({ where: { email: "nina.novak@globex.example" }, select: { id: true } });
    expect(await api.db.membership.count({ where: { organizationId: globex, userId: nina.id, role: "member" } })).toBe(1);
    // The sandbox requires signed AuthnRequests and encrypts its assertions: the metadata turned signing on.
    expect(await api.db.ssoConnection.findFirstOrThrow({ where: { organizationId: globex, name: "Sandbox SAML" }, select: { signAuthnRequests: true } })).toEqual({ signAuthnRequests: true });
    await visitor.context().close();
  });
});
