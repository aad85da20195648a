import { startTestApi } from "@atrium/api/testing";
import { launchBrowser, submitSignInForm } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const VIEWPORT = { width: 1280, height: 800 };

// The longest values the API accepts, without a space to break on: the worst case for a table.
const LONG_NAME = "N".repeat(100);
const LONG_ROLE = "R".repeat(100);
const LONG_EMAIL = `${"x".repeat(64)}@${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(55)}.example`;

async function signIn(page: Page) {
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(/\/admin\/login/);
  await submitSignInForm(page, "admin@acme.example");
  await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
}

/** The table's and the page's widths against the viewport's, once `text` is in the table. */
async function widths(page: Page, table: string, text: string) {
  const locator = page.getByRole("table", { name: table, exact: true });
  await locator.getByText(text, { exact: true }).first().waitFor();
  const box = await locator.boundingBox();
  const page_ = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  return { table: Math.round(box!.width), page: page_.scroll, viewport: page_.viewport };
}

describe("long values never widen the core tables", () => {
  beforeAll(async () => {
    const role = await owner.trpc.roles.create.mutate({ orgId: acme, name: LONG_ROLE, description: "", permissions: ["members:read"], conditions: [] });
    const lee = await api.db.user.update({ where: { email: "lee.chen@acme.example" }, data: { name: LONG_NAME }, select: { id: true } });
    await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: lee.id, roleKey: role.id });
    await owner.trpc.invitations.create.mutate({ orgId: acme, email: LONG_EMAIL, roleKey: role.id });
  });

  it("Members, Invitations, Roles and Security stay within the viewport, the full text on hover", async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await signIn(page);

    await page.goto(`${api.url}/admin/orgs/${acme}/members?q=lee.chen`);
    const members = await widths(page, "Members", LONG_NAME);
    expect(members.page).toBe(VIEWPORT.width);
    expect(members.table).toBeLessThanOrEqual(VIEWPORT.width);
    expect(await page.getByRole("table", { name: "Members" }).getByText(LONG_NAME, { exact: true }).getAttribute("title")).toBe(LONG_NAME);

    await page.goto(`${api.url}/admin/orgs/${acme}/members?tab=invitations`);
    const invitations = await widths(page, "Invitations", LONG_EMAIL);
    expect(invitations.page).toBe(VIEWPORT.width);
    expect(invitations.table).toBeLessThanOrEqual(VIEWPORT.width);
    // The actions stay in view: the last column was pushed off the page before.
    const revoke = await page.getByRole("button", { name: `Revoke invitation to ${LONG_EMAIL}` }).boundingBox();
    expect(revoke!.x + revoke!.width).toBeLessThanOrEqual(VIEWPORT.width);

    await page.goto(`${api.url}/admin/orgs/${acme}/roles`);
    const roles = await widths(page, "Roles", LONG_ROLE);
    expect(roles.page).toBe(VIEWPORT.width);
    expect(roles.table).toBeLessThanOrEqual(VIEWPORT.width);

    await page.goto(`${api.url}/admin/orgs/${acme}/security`);
    const security = await widths(page, "Members' two-factor authentication", LONG_NAME);
    expect(security.page).toBe(VIEWPORT.width);
    expect(security.table).toBeLessThanOrEqual(VIEWPORT.width);
    await page.close();
  });

  it("the invite form says why a 65-character local part is refused, on the field", async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await signIn(page);
    await page.goto(`${api.url}/admin/orgs/${acme}/members`);
    await page.getByRole("button", { name: "Invite people" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite people" });
    await dialog.getByRole("textbox", { name: /^E-mail/ }).fill(`${"y".repeat(65)}@acme.example`);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await dialog.getByText("The part before the @ can be at most 64 characters.").waitFor();
    expect(await dialog.getByText(/^email:/).count()).toBe(0);
    expect(await api.db.invitation.count({ where: { organizationId: acme, email: `${"y".repeat(65)}@acme.example` } })).toBe(0);
    await page.close();
  });
});
