import { startTestApi } from "@atrium/api/testing";
import { createConnection } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
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

/** A new connection made directly, its page open at the wizard's IdP settings step, as Globex's admin. */
async function openIdpSettings(input: { name: string; provider: "generic_oidc" | "generic_saml"; protocol: "oidc" | "saml" }) {
  const connection = await createConnection(api.db, systemActor("e2e"), globex, input);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "it@globex.example");
  await page.goto(`${api.url}/admin/orgs/${globex}/sso/${connection.id}`);
  await page.getByRole("button", { name: "Next: IdP settings" }).click();
  return { connection, context, page };
}

describe("SSO setup wizard in Chromium", () => {
  it("configures the sandbox IdP, tests it, takes it live, and a person signs in through it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "it@globex.example");
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Single sign-on", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${globex}/sso$`));

    // Domain verification; a value that is not a domain is refused on the field.
    const domainField = page.getByRole("textbox", { name: /^Add a domain/ });
    await domainField.fill("globex example");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByText("Enter a domain like example.com.").waitFor();
    expect(await domainField.getAttribute("aria-invalid")).toBe("true");
    await domainField.fill("globex.example");
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
    await result.getByRole("table", { name: "How Atrium reads them" }).getByRole("row", { name: /E-mail\s*karl\.berg@globex\.example/ }).waitFor();
    await result.getByRole("table", { name: "Received attributes" }).waitFor();
    expect(await result.getByText(/"email":/).count()).toBe(0);
    await shot(page, "test-passed");

    // 5: live.
    await page.getByRole("button", { name: /Go live\s*Then enforce/ }).click();
    await page.getByRole("button", { name: "Go live", exact: true }).click();
    await page.getByText("This connection is live").waitFor();
    await shot(page, "live");

    // 6: requiring SSO needs a break-glass owner, said on the field; then it is required, and lifted again for the tests below.
    await page.getByRole("link", { name: "← Single sign-on" }).click();
    const enforcement = page.getByRole("region", { name: "Enforcement" });
    await enforcement.getByRole("button", { name: "Enforce SSO" }).click();
    await enforcement.getByText("Choose a break-glass owner account that keeps password sign-in.").waitFor();
    expect(await enforcement.getByRole("combobox", { name: "Break-glass owner" }).getAttribute("aria-invalid")).toBe("true");
    await enforcement.getByRole("combobox", { name: "Break-glass owner" }).click();
    await page.getByRole("option", { name: "Hank Scorpio (it@globex.example)" }).click();
    await enforcement.getByRole("button", { name: "Enforce SSO" }).click();
    await enforcement.getByText("Enforced", { exact: true }).waitFor();
    await enforcement.getByRole("button", { name: "Stop enforcing" }).click();
    await enforcement.getByText("Not enforced", { exact: true }).waitFor();
    expect(await api.db.auditEvent.count({ where: { organizationId: globex, action: { in: ["sso.connection_create", "sso.connection_update", "sso.connection_test", "sso.domain_verify"] } } })).toBeGreaterThanOrEqual(5);
    await context.close();

    // A person signs in: e-mail first, routed to the IdP.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${api.url}/admin/login`);
    await visitor.getByLabel("Work e-mail").fill("nina.novak@globex.example");
    await visitor.getByRole("link", { name: "Continue with Sandbox SAML" }).waitFor();
    await shot(visitor, "login-sso");
    await visitor.getByRole("link", { name: "Continue with Sandbox SAML" }).click();
    await visitor.getByRole("button", { name: "Sign in as Nina Novak" }).click();
    await visitor.waitForURL(new RegExp(`/admin/orgs/${globex}$`));
    const nina = await api.db.user.findUniqueOrThrow({ where: { email: "nina.novak@globex.example" }, select: { id: true } });
    expect(await api.db.membership.count({ where: { organizationId: globex, userId: nina.id, role: "member" } })).toBe(1);
    // The sandbox requires signed AuthnRequests and encrypts its assertions: the metadata turned signing on.
    expect(await api.db.ssoConnection.findFirstOrThrow({ where: { organizationId: globex, name: "Sandbox SAML" }, select: { signAuthnRequests: true } })).toEqual({ signAuthnRequests: true });
    await visitor.context().close();
  });

  it("an OIDC connection's IdP settings say on each field what is missing or wrong, then save", async () => {
    const { connection, context, page } = await openIdpSettings({ name: "Sandbox OIDC", provider: "generic_oidc", protocol: "oidc" });
    const discovery = page.getByRole("textbox", { name: /^Discovery URL/ });
    const secret = page.getByLabel(/^Client secret/);
    await discovery.fill("idp.example.com/.well-known/openid-configuration");
    await page.getByRole("button", { name: "Save IdP settings" }).click();
    await page.getByText("Enter a full address starting with https://.").waitFor();
    await page.getByText("Enter the client ID the provider gave you.").waitFor();
    await page.getByText("Enter the client secret the provider gave you.").waitFor();
    expect(await discovery.getAttribute("aria-invalid")).toBe("true");
    expect(await secret.getAttribute("aria-invalid")).toBe("true");

    await discovery.fill(sandbox.oidcDiscoveryUrl);
    await page.getByRole("textbox", { name: /^Client ID/ }).fill("atrium-e2e");
    await secret.fill("e2e-client-secret");
    await page.getByRole("button", { name: "Save IdP settings" }).click();
    await expect.poll(async () => (await api.db.ssoConnection.findUniqueOrThrow({ where: { id: connection.id }, select: { oidcClientId: true } })).oidcClientId).toBe("atrium-e2e");

    // Group → role mappings: a group name past the IdP's limit is refused on the field, then saved.
    const mappings = page.getByRole("region", { name: "Role mappings" });
    await mappings.getByRole("button", { name: "Add mapping" }).click();
    const group = mappings.getByRole("textbox", { name: "IdP group" });
    await group.fill("g".repeat(257));
    await mappings.getByRole("button", { name: "Save mappings" }).click();
    await mappings.getByText("An IdP group name has at most 256 characters.").waitFor();
    expect(await group.getAttribute("aria-invalid")).toBe("true");
    await group.fill("engineering");
    await mappings.getByRole("button", { name: "Save mappings" }).click();
    await page.getByText("Role mappings saved.").waitFor();
    expect(await api.db.ssoRoleMapping.findMany({ where: { connectionId: connection.id }, select: { idpGroup: true, role: true } })).toEqual([{ idpGroup: "engineering", role: "member" }]);
    await context.close();
  });

  it("an explicit SHA-1 opt-in is saved with the IdP settings and marks the connection on its page and in the list", async () => {
    const { connection, context, page } = await openIdpSettings({ name: "Legacy IdP", provider: "generic_saml", protocol: "saml" });
    await page.getByLabel("IdP metadata XML").fill(await (await fetch(sandbox.samlMetadataUrl)).text());
    await page.getByRole("button", { name: "Read metadata" }).click();
    await page.getByRole("region", { name: "IdP metadata" }).waitFor();
    expect(await page.getByLabel("Require the assertion itself to be signed").isChecked()).toBe(true);
    await page.getByLabel("Accept SHA-1 signatures (RSA-SHA1, SHA-1 digests)").check();
    await page.getByText("SHA-1 is weak").waitFor();
    await page.getByRole("button", { name: "Save IdP settings" }).click();
    await page.getByText("Accepts SHA-1 signatures", { exact: true }).waitFor();
    await shot(page, "sha1-badge");
    expect(await api.db.ssoConnection.findUniqueOrThrow({ where: { id: connection.id }, select: { allowSha1Signatures: true, wantAssertionsSigned: true } })).toEqual({ allowSha1Signatures: true, wantAssertionsSigned: true });

    await page.getByRole("link", { name: "← Single sign-on" }).click();
    const row = page.getByRole("table", { name: "SSO connections" }).getByRole("row", { name: /Legacy IdP/ });
    await row.getByText("Accepts SHA-1 signatures", { exact: true }).waitFor();
    expect(await page.getByRole("table", { name: "SSO connections" }).getByText("Accepts SHA-1 signatures", { exact: true }).count()).toBe(1);
    await context.close();
  });
});
