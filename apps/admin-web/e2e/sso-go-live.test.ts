import { startTestApi } from "@atrium/api/testing";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { sandboxKeys } from "@atrium/sso-sandbox";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const globex = api.demo.organizations["globex"]!;
const owner = await api.signedIn("it@globex.example");

async function connection(name: string) {
  const { id } = await owner.trpc.sso.connections.create.mutate({
    orgId: globex,
    name,
    provider: "okta",
    protocol: "saml",
    saml: { idpEntityId: "https://idp.wizard.example/saml", idpSsoUrl: "https://idp.wizard.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false },
  });
  return id;
}

async function signIn(page: Page) {
  await page.goto(`${api.url}/admin/login`);
  await page.getByLabel("Work e-mail").fill("it@globex.example");
  await page.getByLabel(/^Password\s*\*?$/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`/admin/orgs/${globex}$`));
}

const statusOf = async (id: string) => (await api.db.ssoConnection.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

describe("the SSO wizard's go-live step", () => {
  it("without a passing test: the Test step is not ticked, and going live takes the typed name, audited", async () => {
    const id = await connection("Wizard Okta");
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(`${api.url}/admin/orgs/${globex}/sso/${id}`);

    await page.getByRole("button", { name: /Go live\s*Then enforce/ }).click();
    // The Test step is behind the active one but says it has not passed, with no tick.
    const testStep = page.getByRole("button", { name: /Test\s*No passing test yet/ });
    await testStep.waitFor();
    expect(await testStep.locator("svg").count()).toBe(0);
    await page.getByText("No passing test yet — test before going live.").waitFor();
    expect(await page.getByRole("button", { name: "Go live", exact: true }).count()).toBe(0);

    await page.getByRole("button", { name: "Go live without a passing test…" }).click();
    const dialog = page.getByRole("dialog", { name: "Go live without a passing test?" });
    const confirm = dialog.getByRole("button", { name: "Go live untested" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole("textbox", { name: /Type the connection's name/ }).fill("Wizard");
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole("textbox", { name: /Type the connection's name/ }).fill("Wizard Okta");
    await confirm.click();
    await page.getByText("This connection is live").waitFor();

    expect(await statusOf(id)).toBe("live");
    const audit = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sso.connection_update", resourceId: id }, select: { details: true } });
    expect(audit.details).toEqual({ status: { before: "test", after: "live" }, withoutPassingTest: true });
    await page.close();
  });

  it("after a passing test: the Test step says so and Go live is one click", async () => {
    const id = await connection("Tested Okta");
    await api.db.ssoTestResult.create({ data: { organizationId: globex, connectionId: id, ok: true, attributes: { email: "it@globex.example" } }, select: { id: true } });
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(`${api.url}/admin/orgs/${globex}/sso/${id}`);

    await page.getByRole("button", { name: /Go live\s*Then enforce/ }).click();
    await page.getByRole("button", { name: /Test\s*Passed/ }).waitFor();
    await page.getByText("The last test passed.").waitFor();
    await page.getByRole("button", { name: "Go live", exact: true }).click();
    await page.getByText("This connection is live").waitFor();
    expect(await statusOf(id)).toBe("live");
    await page.close();
  });
});
