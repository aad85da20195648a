import { startTestApi } from "@atrium/api/testing";
import { navigationLinks, seriousAxeViolations, seriousViolationsByPage } from "@atrium/testing/axe";
import { sandboxKeys } from "@atrium/sso-sandbox";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
/** A walk opens a page after another, each settled and checked: minutes on a loaded machine. */
const WALK_TIMEOUT = 300_000;
const acme = api.demo.organizations["acme"]!;

async function ownerPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await api.signInBrowser(context, "admin@acme.example");
  return context.newPage();
}

describe("accessibility of the admin console (axe-core)", () => {
  it("the sign-in page has no serious or critical violation", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${api.url}/admin/login`);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("every section of the organization navigation has no serious or critical violation", async () => {
    const page = await ownerPage();
    await page.goto(`${api.url}/admin/orgs/${acme}`);
    const links = await navigationLinks(page.getByRole("navigation", { name: "Organization sections" }));
    expect(links.map((l) => l.name)).toContain("Billing");
    const found = await seriousViolationsByPage(page, api.url, links);
    await page.context().close();
    expect(found).toEqual({});
  }, WALK_TIMEOUT);

  it("the account pages have no serious or critical violation", async () => {
    const page = await ownerPage();
    const pages = [
      { name: "MFA", url: "/admin/account/mfa" },
      { name: "Sessions", url: "/admin/account/sessions" },
      { name: "Device", url: "/admin/device" },
    ];
    expect(await seriousViolationsByPage(page, api.url, pages)).toEqual({});
  }, WALK_TIMEOUT);

  it("the SSO wizard has no serious or critical violation, before and after a passing test", async () => {
    const owner = await api.signedIn("admin@acme.example");
    const saml = { idpEntityId: "https://idp.a11y.example/saml", idpSsoUrl: "https://idp.a11y.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false };
    const untested = await owner.trpc.sso.connections.create.mutate({ orgId: acme, name: "Axe Okta", provider: "okta", protocol: "saml", saml });
    const tested = await owner.trpc.sso.connections.create.mutate({ orgId: acme, name: "Axe Okta tested", provider: "okta", protocol: "saml", saml });
    await api.db.ssoTestResult.create({ data: { organizationId: acme, connectionId: tested.id, ok: true, attributes: { email: "admin@acme.example" } }, select: { id: true } });
    const page = await ownerPage();
    const pages = [
      { name: "Wizard, no passing test", url: `/admin/orgs/${acme}/sso/${untested.id}` },
      { name: "Wizard, tested", url: `/admin/orgs/${acme}/sso/${tested.id}` },
    ];
    const found = await seriousViolationsByPage(page, api.url, pages);
    await page.context().close();
    expect(found).toEqual({});
  }, WALK_TIMEOUT);

  it("an invitation's page, opened from its e-mail while signed out, has no serious or critical violation", async () => {
    const owner = await api.signedIn("admin@acme.example");
    const email = "axe.invitee@acme.example";
    await owner.trpc.invitations.create.mutate({ orgId: acme, email, roleKey: "member" });
    const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { toAddress: email }, select: { textBody: true } });
    const link = /\/admin\/invitations\/[a-z2-7]+/.exec(mail.textBody)![0];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${api.url}${link}`);
    await page.getByRole("button", { name: "Create account and join" }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it("the device page with a code, and the request it shows, have no serious or critical violation", async () => {
    const response = await fetch(`${api.url}/oauth/device/code`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "atrium-cli", scope: "org:read members:read" }),
    });
    const { user_code: code } = (await response.json()) as { user_code: string };
    const page = await ownerPage();
    const found = await seriousViolationsByPage(page, api.url, [{ name: "Device, code filled in", url: `/admin/device/${code}` }]);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("list", { name: "Requested permissions" }).waitFor();
    const request = await seriousAxeViolations(page);
    await page.context().close();
    expect({ ...found, ...(request.length ? { "Device, request": request } : {}) }).toEqual({});
  }, WALK_TIMEOUT);

  it("a support ticket's page has no serious or critical violation", async () => {
    const ticket = await api.db.supportTicket.findFirstOrThrow({ where: { organizationId: acme, subject: "SAML assertion rejected for new subsidiary" }, select: { id: true } });
    const page = await ownerPage();
    const found = await seriousViolationsByPage(page, api.url, [{ name: "Ticket", url: `/admin/orgs/${acme}/support/tickets/${ticket.id}` }]);
    await page.context().close();
    expect(found).toEqual({});
  }, WALK_TIMEOUT);
});
