import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { installFromEnvironment } from "@atrium/core/licensing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const soylent = api.demo.organizations["soylent"]!;
const tyrell = api.demo.organizations["tyrell"]!;
const DAY = 86_400_000;
const finance = await api.signedIn("finance@atrium.example");
const issue = (organizationId: string, startDays: number, endDays: number, graceDays: number) =>
  finance.trpc.licensing.issued.issue.mutate({ organizationId, terms: { plan: "enterprise", seats: 1, startsAt: new Date(Date.now() + startDays * DAY), expiresAt: new Date(Date.now() + endDays * DAY), graceDays } });

async function openLicence(page: Page, email: string, orgId: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/orgs/${orgId}`);
  await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Licence", exact: true }).click();
  await page.waitForURL(new RegExp(`/admin/orgs/${orgId}/license`));
  await page.getByRole("heading", { name: "Licence", exact: true }).waitFor();
}

const featureRow = (page: Page, name: string) => page.getByRole("table", { name: "Features of this plan" }).getByRole("row", { name: new RegExp(`^${name}`) });

describe("licences in the admin console", () => {
  it("the owner pastes an Enterprise licence issued by staff: Enterprise features appear, seats used vs licensed are shown", async () => {
    const { token } = await issue(soylent, -1, 365, 14);
    const page = await browser.newPage();
    await openLicence(page, "ops@soylent.example", soylent);
    await page.getByText("No licence is installed.").waitFor();
    await featureRow(page, "Live audit tail").getByText("Off").waitFor();

    // Nothing pasted: said on the field.
    const key = page.getByRole("textbox", { name: /^Licence key/ });
    await page.getByRole("button", { name: "Install licence" }).click();
    await page.getByText("Paste the licence key.").waitFor();
    expect(await key.getAttribute("aria-invalid")).toBe("true");
    // Copied from an e-mail: wrapped over lines.
    await key.fill(`${token.slice(0, 60)}\n${token.slice(60)}`);
    await page.getByRole("button", { name: "Install licence" }).click();
    const installed = page.getByLabel("Installed licence");
    await installed.getByText("Enterprise", { exact: true }).first().waitFor();
    await installed.getByText("Valid", { exact: true }).waitFor();
    await installed.getByText("of 1").waitFor();
    await featureRow(page, "Live audit tail").getByText("On").waitFor();
    await featureRow(page, "Log streaming to a SIEM").getByText("On").waitFor();
    // Two members for one seat: said, nobody locked out.
    await page.getByRole("region", { name: "Licence notice" }).getByText("2 active members for 1 licensed seats. Nobody is locked out; ask your vendor for more seats.").waitFor();
    expect((await api.db.organization.findUniqueOrThrow({ where: { id: soylent }, select: { plan: true } })).plan).toBe("enterprise");
    await page.screenshot({ path: join(tmpdir(), "atrium-admin-licence.png"), fullPage: true });
    await page.close();
  });

  it("an expired licence (ATRIUM_LICENSE at start) shows the banner and the community tier, with nothing deleted", async () => {
    const { token } = await issue(tyrell, -400, -30, 7);
    const members = await api.db.membership.count({ where: { organizationId: tyrell, status: "active" } });
    const started = await installFromEnvironment(api.db, token);
    expect(started).toMatchObject({ installed: true, verification: { state: "expired" } });

    const page = await browser.newPage();
    await openLicence(page, "admin@tyrell.example", tyrell);
    const banner = page.getByRole("region", { name: "Licence notice" });
    await banner.getByText("Community tier", { exact: true }).waitFor();
    await banner.getByText(/its grace period is over\. The organization now runs on the community tier: features of your edition are off, and nothing has been deleted/).waitFor();
    await page.getByLabel("Installed licence").getByText("Expired", { exact: true }).waitFor();
    await page.getByLabel("Installed licence").getByText("Community", { exact: true }).waitFor();
    await featureRow(page, "SAML and OIDC single sign-on").getByText("Off").waitFor();

    // The banner is on every page of the organization.
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Members", exact: true }).click();
    await page.getByRole("region", { name: "Licence notice" }).getByText("Community tier", { exact: true }).waitFor();
    expect((await api.db.organization.findUniqueOrThrow({ where: { id: tyrell }, select: { plan: true } })).plan).toBe("free");
    expect(await api.db.membership.count({ where: { organizationId: tyrell, status: "active" } })).toBe(members);
    await page.screenshot({ path: join(tmpdir(), "atrium-admin-licence-expired.png"), fullPage: true });
    await page.close();
  });
});
