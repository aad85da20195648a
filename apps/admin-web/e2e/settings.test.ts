import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const soylent = api.demo.organizations["soylent"]!;

type Section = "Settings" | "Security" | "API keys" | "Roles" | "Workspaces";

async function signIn(page: Page, email: string, orgId = acme) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(new RegExp(`/admin/orgs/${orgId}$`));
}

async function openSection(page: Page, name: Section) {
  await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name, exact: true }).click();
}

/** Opens a Mantine select and picks the option (options render in a portal). */
async function choose(page: Page, select: Locator, option: string, typed?: string) {
  await select.click();
  if (typed !== undefined) await select.fill(typed);
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** A context whose requests for the logo are answered locally, so the test needs no network. */
async function contextServingLogo(url: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32"><rect width="96" height="32" fill="#0ca678"/></svg>`;
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: "image/svg+xml", body: svg }));
  return context;
}

describe("settings, security, API keys, plan gates and workspaces in Chromium", () => {
  it("brands the console: the logo replaces the Atrium name and the brand colour becomes the primary colour", async () => {
    const logoUrl = "https://assets.acme.example/logo.svg";
    const context = await contextServingLogo(logoUrl);
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "Settings");
    const branding = page.getByRole("region", { name: "Branding" });
    const logoField = branding.getByRole("textbox", { name: /^Logo URL/ });
    const supportField = branding.getByRole("textbox", { name: /^Support e-mail/ });
    await logoField.fill("http://assets.acme.example/logo.svg");
    await supportField.fill("it-help");
    await branding.getByRole("button", { name: "Save branding" }).click();
    await branding.getByText("Use an https:// address, like https://www.example.com/logo.svg.").waitFor();
    await branding.getByText("Enter an e-mail address like it-help@example.com.").waitFor();
    expect(await logoField.getAttribute("aria-invalid")).toBe("true");
    expect(await supportField.getAttribute("aria-invalid")).toBe("true");
    await supportField.fill("");
    await logoField.fill(logoUrl);
    await branding.getByRole("radio", { name: "Teal" }).click();
    expect(await branding.getByRole("radio", { name: "Teal" }).getAttribute("aria-checked")).toBe("true");
    await branding.getByRole("button", { name: "Save branding" }).click();

    const logo = page.getByRole("banner").getByRole("img", { name: "Acme Corp logo" });
    await logo.waitFor();
    expect(await logo.getAttribute("src")).toBe(logoUrl);
    expect(await api.db.organization.findUniqueOrThrow({ where: { id: acme }, select: { logoUrl: true, brandColor: true } })).toEqual({
      logoUrl,
      brandColor: "teal",
    });
    const [primary, teal] = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      return [style.getPropertyValue("--mantine-primary-color-filled").trim(), style.getPropertyValue("--mantine-color-teal-filled").trim()];
    });
    expect(primary).toBe(teal);
    await context.close();
  });

  it("renames the organization, refusing an empty name in a sentence on the field", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "Settings");
    const name = page.getByRole("textbox", { name: /^Organization name/ });
    await name.fill("   ");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Give the organization a name.").waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await name.fill("Acme Corporation");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("The organization is now called Acme Corporation.").waitFor();
    expect(await api.db.organization.findUniqueOrThrow({ where: { id: acme }, select: { name: true } })).toEqual({ name: "Acme Corporation" });
    await api.db.organization.update({ where: { id: acme }, data: { name: "Acme Corp" } });
    await context.close();
  });

  it("renames a workspace from its drawer, refusing an empty name on the field", async () => {
    const workspace = await api.db.workspace.create({ data: { organizationId: acme, name: "Design reviews" }, select: { id: true, name: true } });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await page.goto(`${api.url}/admin/orgs/${acme}/workspaces?workspace=${workspace.id}`);
    const settings = page.getByRole("form", { name: "Workspace settings" });
    const name = settings.getByRole("textbox", { name: /^Name/ });
    await name.fill(" ");
    await settings.getByRole("button", { name: "Save workspace" }).click();
    await settings.getByText("Name the workspace.").waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await name.fill(`${workspace.name} (renamed)`);
    await settings.getByRole("button", { name: "Save workspace" }).click();
    await page.getByText(`${workspace.name} (renamed) was saved.`).waitFor();
    expect(await api.db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { name: true } })).toEqual({ name: `${workspace.name} (renamed)` });
    await context.close();
  });

  it("asks before saving an IP allowlist that excludes the admin, and cancelling saves nothing", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "Security");
    const allowlist = page.getByRole("region", { name: "IP allowlist" });
    await allowlist.getByText("Your address:").waitFor();
    await allowlist.getByRole("button", { name: "Add range" }).click();
    // A range typed wrong is marked at once, and the list cannot be saved until it is fixed.
    await allowlist.getByRole("textbox", { name: "Range 1", exact: true }).fill("198.51.100.0/33");
    await allowlist.getByText("Not an IP address or CIDR range.").waitFor();
    expect(await allowlist.getByRole("textbox", { name: "Range 1", exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await allowlist.getByRole("button", { name: "Save allowlist" }).isDisabled()).toBe(true);
    await allowlist.getByRole("textbox", { name: "Range 1", exact: true }).fill("198.51.100.0/24");
    await allowlist.getByRole("textbox", { name: "Description of range 1" }).fill("Branch office");
    await allowlist.getByRole("button", { name: "Save allowlist" }).click();

    const confirm = page.getByRole("dialog", { name: "Save a list that excludes your address?" });
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/Your current address \(.+\) is not in the new list: saving it would lock you out\. Confirm to save anyway\./);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await api.db.ipAllowlistEntry.count({ where: { organizationId: acme } })).toBe(0);
    await context.close();
  });

  it("shows a new API key's secret once; afterwards the list shows only its prefix", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "API keys");
    await page.getByRole("button", { name: "Create API key" }).click();
    const create = page.getByRole("dialog", { name: "Create API key" });
    await create.getByRole("textbox", { name: /^Name/ }).fill("HR sync");
    await create.getByRole("textbox", { name: "Filter permissions" }).fill("members:read");
    await create.getByRole("checkbox", { name: "members:read", exact: true }).check();
    await create.getByRole("button", { name: "Create key" }).click();

    const secret = page.getByRole("dialog", { name: "HR sync is ready" });
    const token = await secret.getByRole("textbox", { name: "Secret" }).inputValue();
    expect(token).toMatch(/^atr_[a-z2-7]{8}_[a-z2-7]{52}$/);
    await secret.getByRole("button", { name: "I have stored the secret" }).click();
    await secret.waitFor({ state: "detached" });

    const prefix = token.slice(0, 12);
    const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: "HR sync" });
    await row.getByText(`${prefix}…`).waitFor();
    expect(await page.content()).not.toContain(token);
    expect(await api.db.apiKey.findFirstOrThrow({ where: { organizationId: acme, name: "HR sync" }, select: { prefix: true, permissions: true } })).toEqual({
      prefix,
      permissions: ["members:read"],
    });
    await context.close();
  });

  it("answers a plan-gated change with an upgrade prompt that names the plan and links to the plan page", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "ops@soylent.example", soylent);
    await openSection(page, "Roles");
    await page.getByRole("button", { name: "New role" }).click();
    const editor = page.getByRole("dialog", { name: "New role" });
    await editor.getByRole("textbox", { name: /^Name/ }).fill("Support lead");
    await editor.getByRole("textbox", { name: "Filter permissions" }).fill("members:read");
    await editor.getByRole("checkbox", { name: "members:read", exact: true }).check();
    await editor.getByRole("button", { name: "Create role" }).click();

    const prompt = editor.getByRole("alert").filter({ hasText: "Upgrade required" });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain("Custom roles requires the Business plan.");
    expect(await api.db.role.count({ where: { organizationId: soylent } })).toBe(0);
    await prompt.getByRole("link", { name: "See your plan and what each plan includes" }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${soylent}/plan$`));
    const customRoles = page.getByRole("table", { name: "Features of this plan" }).getByRole("row").filter({ hasText: "Custom roles" });
    await customRoles.waitFor();
    expect(await customRoles.getByRole("cell").allTextContents()).toEqual(["Custom roles", "Off", "Business", "Requires the Business plan"]);
    await context.close();
  });

  it("moves a child organization under another parent, archives it and restores it", async () => {
    const canada = api.demo.organizations["acmeCanada"]!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await page.getByRole("treeitem", { name: /Acme Canada/ }).first().click();
    const details = page.getByRole("region", { name: "Details of Acme Canada" });
    await details.getByRole("button", { name: "Move Acme Canada" }).click();
    const move = page.getByRole("dialog", { name: "Move Acme Canada" });
    await choose(page, move.getByRole("combobox", { name: /^New parent/ }), "Acme Corp › Acme EMEA");
    await move.getByRole("button", { name: "Move organization" }).click();
    await move.waitFor({ state: "detached" });
    expect(await api.db.organization.findUniqueOrThrow({ where: { id: canada }, select: { parentId: true, depth: true } })).toEqual({
      parentId: api.demo.organizations["acmeEmea"],
      depth: 3,
    });

    await details.getByRole("button", { name: "Archive Acme Canada" }).click();
    const archive = page.getByRole("dialog", { name: "Archive Acme Canada?" });
    await archive.getByRole("button", { name: "Archive", exact: true }).click();
    await archive.waitFor({ state: "detached" });
    await details.getByText("Archived organizations are read-only until restored.").waitFor();
    await page.getByRole("treeitem", { name: /Acme Canada/ }).first().getByText("Archived", { exact: true }).waitFor();
    expect(await details.getByRole("button", { name: "Move Acme Canada" }).isDisabled()).toBe(true);
    expect((await api.db.organization.findUniqueOrThrow({ where: { id: canada }, select: { status: true } })).status).toBe("archived");

    await details.getByRole("button", { name: "Restore" }).click();
    const restore = page.getByRole("dialog", { name: "Restore Acme Canada?" });
    await restore.getByRole("button", { name: "Restore", exact: true }).click();
    await restore.waitFor({ state: "detached" });
    await details.getByText("Archived organizations are read-only until restored.").waitFor({ state: "detached" });
    expect((await api.db.organization.findUniqueOrThrow({ where: { id: canada }, select: { status: true } })).status).toBe("active");
    await context.close();
  });

  it("grants a member read access to a private workspace, and the member sees the grant as the reason they can open it", async () => {
    const adminContext = await browser.newContext();
    const page = await adminContext.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "Workspaces");
    await page.getByRole("button", { name: "New workspace" }).click();
    const create = page.getByRole("dialog", { name: "New workspace" });
    await create.getByRole("textbox", { name: /^Name/ }).fill("Board papers");
    await create.getByRole("radio", { name: "Private" }).check();
    await create.getByRole("button", { name: "Create workspace" }).click();
    await create.waitFor({ state: "detached" });

    const drawer = page.getByRole("dialog", { name: "Board papers", exact: true });
    await drawer.getByRole("button", { name: "Grant access" }).click();
    const grant = page.getByRole("dialog", { name: "Grant access to Board papers" });
    await choose(page, grant.getByRole("combobox", { name: /^Member/ }), "Lee Chen (lee.chen@acme.example)", "Lee");
    expect(await grant.getByRole("checkbox", { name: "workspace_content:read" }).isChecked()).toBe(true);
    await grant.getByRole("button", { name: "Grant access" }).click();
    await grant.waitFor({ state: "detached" });
    await drawer.getByRole("table", { name: "Access grants on Board papers" }).getByRole("row").filter({ hasText: "Lee Chen" }).waitFor();

    const workspace = await api.db.workspace.findFirstOrThrow({ where: { organizationId: acme, name: "Board papers" }, select: { id: true, visibility: true } });
    expect(workspace.visibility).toBe("private");
    const lee = await api.db.user.findUniqueOrThrow({ where: { email: "lee.chen@acme.example" }, select: { id: true } });
    const leeGrant = await api.db.resourceGrant.findFirstOrThrow({
      where: { resourceId: workspace.id, subjectType: "user", subjectId: lee.id },
      select: { id: true, permissions: true, expiresAt: true },
    });
    expect(leeGrant).toMatchObject({ permissions: ["workspace_content:read"], expiresAt: null });
    await adminContext.close();

    const leeContext = await browser.newContext();
    const leePage = await leeContext.newPage();
    await signIn(leePage, "lee.chen@acme.example");
    await openSection(leePage, "Workspaces");
    await leePage.getByRole("table", { name: "Workspaces" }).getByRole("button", { name: "Details of Board papers" }).click();
    const leeDrawer = leePage.getByRole("dialog", { name: "Board papers", exact: true });
    await leeDrawer.getByRole("button", { name: "Open workspace" }).click();
    const allowed = leeDrawer.getByRole("region", { name: "Open workspace" }).getByText(/^Why: grant/);
    await allowed.waitFor();
    expect(await allowed.textContent()).toBe(
      `Why: grant ${leeGrant.id} to user Lee Chen (you) gives workspace_content:read on workspace "Board papers"`,
    );
    await leeContext.close();
  });
});
