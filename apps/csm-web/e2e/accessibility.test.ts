import { startTestApi } from "@atrium/api/testing";
import { seriousAxeViolations } from "@atrium/testing/axe";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
/** A walk opens a page after another, each settled and checked: minutes on a loaded machine. */
const WALK_TIMEOUT = 300_000;
const acme = api.demo.organizations["acme"]!;

/** Opens a page by its address and answers its serious and critical axe violations. */
async function audit(page: Page, path: string): Promise<string[]> {
  await page.goto(`${api.url}${path}`);
  return seriousAxeViolations(page);
}

async function signedIn(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await api.signInBrowser(context, email);
  return context.newPage();
}

describe("accessibility of the CSM portal (axe-core)", () => {
  it("the sign-in page has no serious or critical violation", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    expect(await audit(page, "/csm/login")).toEqual([]);
  });

  it("every page of the portal navigation has no serious or critical violation", async () => {
    const page = await signedIn("root@atrium.example");
    await page.goto(`${api.url}/csm/`);
    const nav = page.getByRole("navigation", { name: "Portal" });
    await nav.getByRole("link").first().waitFor();
    const links = await nav.getByRole("link").evaluateAll((all) =>
      all.map((a) => ({ name: (a.textContent ?? "").trim(), href: a.getAttribute("href") ?? "" })),
    );
    expect(links.map((l) => l.name)).toContain("Applications");
    const found: Record<string, string[]> = {};
    for (const link of links) {
      const violations = await audit(page, link.href);
      if (violations.length) found[link.name] = violations;
    }
    expect(found).toEqual({});
  }, WALK_TIMEOUT);

  it("one customer, its health, a contract, a QBR and an application have no serious or critical violation", async () => {
    const page = await signedIn("root@atrium.example");
    const [contract, qbr, application] = await Promise.all([
      api.db.contract.findFirstOrThrow({ where: { organizationId: acme }, select: { id: true } }),
      api.db.qbr.findFirstOrThrow({ where: { organizationId: acme }, select: { id: true } }),
      api.db.application.findFirstOrThrow({ select: { id: true } }),
    ]);
    const found: Record<string, string[]> = {};
    for (const path of [
      `/csm/customers/${acme}`,
      `/csm/portfolio/${acme}`,
      `/csm/contracts/${contract.id}`,
      `/csm/qbrs/${qbr.id}`,
      `/csm/applications/${application.id}`,
    ]) {
      const violations = await audit(page, path);
      if (violations.length) found[path] = violations;
    }
    expect(found).toEqual({});
  }, WALK_TIMEOUT);
});
