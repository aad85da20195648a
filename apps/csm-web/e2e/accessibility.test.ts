import { startTestApi } from "@atrium/api/testing";
import { navigationLinks, seriousAxeViolations, seriousViolationsByPage } from "@atrium/testing/axe";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
/** A walk opens a page after another, each settled and checked: minutes on a loaded machine. */
const WALK_TIMEOUT = 300_000;
const acme = api.demo.organizations["acme"]!;

async function staffPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await api.signInBrowser(context, "root@atrium.example");
  return context.newPage();
}

describe("accessibility of the CSM portal (axe-core)", () => {
  it("the sign-in page has no serious or critical violation", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${api.url}/csm/login`);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("every page of the portal navigation has no serious or critical violation", async () => {
    const page = await staffPage();
    await page.goto(`${api.url}/csm/`);
    const links = await navigationLinks(page.getByRole("navigation", { name: "Portal" }));
    expect(links.map((l) => l.name)).toContain("Applications");
    expect(await seriousViolationsByPage(page, api.url, links)).toEqual({});
  }, WALK_TIMEOUT);

  it("one customer, its health, a contract, a QBR and an application have no serious or critical violation", async () => {
    const page = await staffPage();
    const [contract, qbr, application] = await Promise.all([
      api.db.contract.findFirstOrThrow({ where: { organizationId: acme }, select: { id: true } }),
      api.db.qbr.findFirstOrThrow({ where: { organizationId: acme }, select: { id: true } }),
      api.db.application.findFirstOrThrow({ select: { id: true } }),
    ]);
    const pages = [
      { name: "Customer", url: `/csm/customers/${acme}` },
      { name: "Customer health", url: `/csm/portfolio/${acme}` },
      { name: "Contract", url: `/csm/contracts/${contract.id}` },
      { name: "QBR", url: `/csm/qbrs/${qbr.id}` },
      { name: "Application", url: `/csm/applications/${application.id}` },
    ];
    expect(await seriousViolationsByPage(page, api.url, pages)).toEqual({});
  }, WALK_TIMEOUT);

  it("a ticket at the desk, with its thread, triage and composer, has no serious or critical violation", async () => {
    const page = await staffPage();
    const ticket = await api.db.supportTicket.findFirstOrThrow({ where: { organizationId: acme, subject: "SAML assertion rejected for new subsidiary" }, select: { id: true } });
    const found = await seriousViolationsByPage(page, api.url, [{ name: "Ticket", url: `/csm/tickets/${ticket.id}` }]);
    // The composer as an internal note: another colour, other words.
    await page.getByText("Internal note", { exact: true }).click();
    await page.getByRole("textbox", { name: "Internal note" }).waitFor();
    const note = await seriousAxeViolations(page);
    await page.context().close();
    expect({ ...found, ...(note.length ? { "Ticket, internal note": note } : {}) }).toEqual({});
  }, WALK_TIMEOUT);
});
