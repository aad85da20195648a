/**
 * The group editor in Chromium: members are picked from the Members dropdown and the group is
 * created with the modal's own button while that dropdown is still open (the dropdown must
 * never lie over the modal's actions); the group lists its members and the change is audited.
 */
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

describe("group editor in Chromium", () => {
  it("creates a group with the members picked, clicking Create group while the Members dropdown is open", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await api.signInBrowser(context, "admin@acme.example");
    const page = await context.newPage();
    await page.goto(`${api.url}/admin/orgs/${acme}/workspaces?tab=groups`);
    await page.getByRole("table", { name: "Groups" }).waitFor();
    await page.getByRole("button", { name: "New group" }).click();
    const dialog = page.getByRole("dialog", { name: "New group" });
    await dialog.getByRole("textbox", { name: /^Name/ }).fill("Incident responders");

    const picker = dialog.getByRole("combobox", { name: "Members" });
    for (const email of ["lee.chen@acme.example", "auditor@acme.example"]) {
      await picker.click();
      await picker.fill(email);
      await page.getByRole("option", { name: new RegExp(email.replace(".", "\\.")) }).click();
    }
    // The dropdown is still open after the last pick; the modal's button takes the click as it is.
    await page.getByRole("listbox").waitFor();
    await dialog.getByRole("button", { name: "Create group" }).click({ timeout: 5000 });
    await page.getByText("Incident responders was created.").waitFor();

    const group = await api.db.group.findFirstOrThrow({
      where: { organizationId: acme, name: "Incident responders" },
      select: { members: { select: { user: { select: { email: true } } } } },
    });
    expect(group.members.map((m) => m.user.email).sort()).toEqual(["auditor@acme.example", "lee.chen@acme.example"]);
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "group.create", status: "success" } })).toBe(1);
    await page.getByRole("table", { name: "Groups" }).getByRole("row").filter({ hasText: "Incident responders" }).waitFor();
    await context.close();
  });
});
