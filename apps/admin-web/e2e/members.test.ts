import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

async function signIn(page: Page, email: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
}

async function openSection(page: Page, name: "Hierarchy" | "Members" | "Roles" | "Access") {
  await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name, exact: true }).click();
}

/** Opens a Mantine select and picks the option (options render in a portal). */
async function choose(page: Page, select: Locator, option: string, typed?: string) {
  await select.click();
  if (typed !== undefined) await select.fill(typed);
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** The member's row in the members table, after searching for them. */
async function findMember(page: Page, email: string): Promise<Locator> {
  await page.getByRole("textbox", { name: "Search members" }).fill(email);
  const row = page.getByRole("table", { name: "Members" }).getByRole("row").filter({ hasText: email });
  await row.waitFor();
  await page.getByText("1–1 of 1 member", { exact: true }).waitFor();
  return row;
}

async function changeRole(page: Page, name: string, email: string, role: string): Promise<Locator> {
  const row = await findMember(page, email);
  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Change role…" }).click();
  const dialog = page.getByRole("dialog", { name: `Change the role of ${name}` });
  await choose(page, dialog.getByRole("combobox", { name: /^New role/ }), role);
  await dialog.getByRole("button", { name: "Change role" }).click();
  await dialog.waitFor({ state: "detached" });
  await row.getByText(role, { exact: true }).waitFor();
  return row;
}

async function membershipOf(email: string) {
  const user = await api.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return api.db.membership.findUnique({
    where: { organizationId_userId: { organizationId: acme, userId: user.id } },
    select: { role: true, customRoleId: true, status: true },
  });
}

describe("members, invitations, roles and access in Chromium", () => {
  it("invites someone who creates an account, then changes their role and removes them", async () => {
    const email = "new.person@acme.example";
    const adminContext = await browser.newContext();
    const page = await adminContext.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "Members");
    await page.getByRole("button", { name: "Invite people" }).click();
    const invite = page.getByRole("dialog", { name: "Invite people" });
    await invite.getByRole("textbox", { name: /^E-mail/ }).fill(email);
    await choose(page, invite.getByRole("combobox", { name: /^Role/ }), "Member");
    await invite.getByRole("button", { name: "Send invitation" }).click();
    const invitations = page.getByRole("table", { name: "Invitations" });
    await invitations.getByRole("row").filter({ hasText: email }).getByText("Pending").waitFor();

    const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { toAddress: email }, select: { textBody: true } });
    const link = /\/admin\/invitations\/[a-z2-7]+/.exec(mail.textBody)?.[0];
    expect(link).toBeDefined();

    const inviteeContext = await browser.newContext();
    const invitee = await inviteeContext.newPage();
    await invitee.goto(`${api.url}${link}`);
    await invitee.getByRole("heading", { name: "Join Acme Corp" }).waitFor();
    await invitee.getByRole("textbox", { name: /^Your name/ }).fill("New Person");
    await invitee.getByLabel(/^Choose a password/).fill("a-long-enough-password");
    await invitee.getByRole("button", { name: "Create account and join" }).click();
    await invitee.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
    await invitee.getByRole("heading", { name: "Organization hierarchy" }).waitFor();
    await invitee.goto(`${api.url}${link}`);
    expect(await invitee.getByRole("alert").textContent()).toBe("This invitation was already accepted.");
    await invitee.goto(`${api.url}/admin/invitations/${"a".repeat(52)}`);
    await invitee.getByRole("heading", { name: "Invitation not found" }).waitFor();
    await inviteeContext.close();

    await page.getByRole("tab", { name: "Members" }).click();
    const row = await changeRole(page, "New Person", email, "Viewer");
    expect(await row.getByText("Active").count()).toBe(1);
    expect(await membershipOf(email)).toEqual({ role: "viewer", customRoleId: null, status: "active" });

    await row.getByRole("button", { name: "Actions for New Person" }).click();
    await page.getByRole("menuitem", { name: "Remove from organization…" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove New Person?" });
    await confirm.getByRole("button", { name: "Remove member" }).click();
    await row.waitFor({ state: "detached" });
    await page.getByText("No members match these filters.").waitFor();
    expect(await membershipOf(email)).toBeNull();
    await adminContext.close();
  });

  it("the roles editor lists the product's own permissions under its name and saves them in a custom role", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "Roles");
    await page.getByRole("button", { name: "New role" }).click();
    const editor = page.getByRole("dialog", { name: "New role" });
    await editor.getByRole("textbox", { name: /^Name/ }).fill("Note sharers");
    await editor.getByRole("button", { name: /Notes · Sharing/ }).click();
    await editor.getByRole("checkbox", { name: "demo-product/notes:share", exact: true }).check();
    await editor.getByRole("button", { name: "Create role" }).click();
    await editor.waitFor({ state: "detached" });
    const role = await api.db.role.findFirstOrThrow({ where: { organizationId: acme, name: "Note sharers" }, select: { permissions: true } });
    expect(role.permissions).toEqual(["demo-product/notes:share"]);

    const row = page.getByRole("table", { name: "Roles" }).getByRole("row").filter({ hasText: "Note sharers" });
    await row.getByRole("button", { name: "Edit Note sharers" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Note sharers" });
    await edit.getByRole("button", { name: /Notes · Notes/ }).click();
    await edit.getByRole("checkbox", { name: "demo-product/notes:read", exact: true }).check();
    const changes = edit.getByRole("region", { name: "Permission changes" });
    expect(await changes.getByRole("list", { name: "Added permissions" }).textContent()).toContain("demo-product/notes:readRead the organization's notes");
    await edit.getByRole("button", { name: "Cancel" }).click();
    await context.close();
  });

  it("creates a custom role, gives it to a member, and the member and Access page see its effect", async () => {
    const adminContext = await browser.newContext();
    const page = await adminContext.newPage();
    await signIn(page, "admin@acme.example");

    await openSection(page, "Roles");
    await page.getByRole("button", { name: "New role" }).click();
    const editor = page.getByRole("dialog", { name: "New role" });
    await editor.getByRole("textbox", { name: /^Name/ }).fill("Auditor");
    await editor.getByRole("textbox", { name: "Description" }).fill("Reads the audit log and nothing else");
    await editor.getByRole("button", { name: /Audit log/ }).click();
    await editor.getByRole("checkbox", { name: "audit:read", exact: true }).check();
    await editor.getByRole("button", { name: "Create role" }).click();
    await editor.waitFor({ state: "detached" });
    const roleRow = page.getByRole("table", { name: "Roles" }).getByRole("row").filter({ hasText: "Auditor" });
    await roleRow.getByText("Custom").waitFor();
    const role = await api.db.role.findFirstOrThrow({ where: { organizationId: acme, name: "Auditor" }, select: { id: true, permissions: true } });
    expect(role.permissions).toEqual(["audit:read"]);

    // Editing shows what a change adds and removes before it is saved.
    await roleRow.getByRole("button", { name: "Edit Auditor" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Auditor" });
    await edit.getByRole("button", { name: /Audit log/ }).click();
    await edit.getByRole("checkbox", { name: "audit:export", exact: true }).check();
    await edit.getByRole("checkbox", { name: "audit:read", exact: true }).uncheck();
    const changes = edit.getByRole("region", { name: "Permission changes" });
    expect(await changes.getByRole("list", { name: "Added permissions" }).textContent()).toContain("audit:export");
    expect(await changes.getByRole("list", { name: "Removed permissions" }).textContent()).toContain("audit:read");
    await edit.getByRole("button", { name: "Cancel" }).click();
    await edit.waitFor({ state: "detached" });

    await openSection(page, "Members");
    await changeRole(page, "Lee Chen", "lee.chen@acme.example", "Auditor");
    expect(await membershipOf("lee.chen@acme.example")).toEqual({ role: null, customRoleId: role.id, status: "active" });

    const leeContext = await browser.newContext();
    const lee = await leeContext.newPage();
    await signIn(lee, "lee.chen@acme.example");
    const nav = lee.getByRole("navigation", { name: "Organization sections" });
    await nav.getByRole("link", { name: "Hierarchy" }).waitFor();
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Hierarchy"]);
    await lee.goto(`${api.url}/admin/orgs/${acme}/members`);
    expect(await lee.getByRole("alert").textContent()).toContain("You do not have permission to do this (members:read).");
    await leeContext.close();

    await openSection(page, "Access");
    await choose(page, page.getByRole("combobox", { name: "Member" }), "Lee Chen (lee.chen@acme.example)", "Lee");
    await choose(page, page.getByRole("combobox", { name: "Permission" }), "members:read", "members:read");
    const decision = page.getByRole("region", { name: "Decision" });
    await decision.getByText("Denied").waitFor();
    expect(await decision.textContent()).toContain('role "Auditor" in organization Acme Corp does not grant members:read');
    await adminContext.close();
  });

  it("keeps the section when switching organization", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await openSection(page, "Roles");
    await page.getByRole("table", { name: "Roles" }).waitFor();
    await choose(page, page.getByRole("combobox", { name: "Organization", exact: true }), "Acme EMEA");
    await page.waitForURL(new RegExp(`/admin/orgs/${api.demo.organizations["acmeEmea"]}/roles$`));
    await page.getByRole("table", { name: "Roles" }).waitFor();
    await context.close();
  });
});
