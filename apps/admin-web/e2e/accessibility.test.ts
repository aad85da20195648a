import { startTestApi } from "@atrium/api/testing";
import { seriousAxeViolations } from "@atrium/testing/axe";
import { sandboxKeys } from "@atrium/sso-sandbox";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
/** A walk opens a page after another, each settled and checked: minutes on a loaded machine. */
const WALK_TIMEOUT = 300_000;
const acme = api.demo.organizations["acme"]!;

/** Every link of the organization navigation, as the owner sees it (all of them). */
async function sectionLinks(page: Page): Promise<{ name: string; href: string }[]> {
  const nav = page.getByRole("navigation", { name: "Organization sections" });
  await nav.getByRole("link").first().waitFor();
  return nav.getByRole("link").evaluateAll((links) =>
    links.map((a) => ({ name: (a.textContent ?? "").trim(), href: a.getAttribute("href") ?? "" })),
  );
}

/** Opens a page by its address and answers its serious and critical axe violations. */
async function audit(page: Page, path: string): Promise<string[]> {
  await page.goto(`${api.url}${path}`);
  return seriousAxeViolations(page);
}

describe("accessibility of the admin console (axe-core)", () => {
  it("the sign-in page has no serious or critical violation", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    expect(await audit(page, "/admin/login")).toEqual([]);
  });

  it("every section of the organization navigation has no serious or critical violation", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await api.signInBrowser(context, "admin@acme.example");
    const page = await context.newPage();
    await page.goto(`${api.url}/admin/orgs/${acme}`);
    const links = await sectionLinks(page);
    expect(links.map((l) => l.name)).toContain("Billing");
    const found: Record<string, string[]> = {};
    for (const link of links) {
      const violations = await audit(page, link.href);
      if (violations.length) found[link.name] = violations;
    }
    expect(found).toEqual({});
  }, WALK_TIMEOUT);

  it("an SSO connection's wizard and the account pages have no serious or critical violation", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await api.signInBrowser(context, "admin@acme.example");
    const page = await context.newPage();
    const owner = await api.signedIn("admin@acme.example");
    const connection = await owner.trpc.sso.connections.create.mutate({
      orgId: acme,
      name: "Acme Okta",
      provider: "okta",
      protocol: "saml",
      saml: { idpEntityId: "https://idp.acme.example/saml", idpSsoUrl: "https://idp.acme.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false },
    });
    const found: Record<string, string[]> = {};
    for (const path of [`/admin/orgs/${acme}/sso/${connection.id}`, "/admin/account/mfa", "/admin/account/sessions", "/admin/device"]) {
      const violations = await audit(page, path);
      if (violations.length) found[path] = violations;
    }
    expect(found).toEqual({});
  }, WALK_TIMEOUT);
});
