/**
 * Support tickets in the admin console, in Chromium: a ticket opens from the
 * list into its conversation with the vendor's support team (never their
 * internal notes), a reply goes to the assignee by e-mail, a closed ticket
 * takes no more replies, and a new ticket's form puts the server's sentences
 * on its fields.
 */
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

async function openSupport(page: Page, email: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/orgs/${acme}/support`);
  await page.getByRole("table", { name: "Support tickets" }).waitFor();
}

describe("support tickets in the admin console", () => {
  it("opens a ticket into its conversation, without staff notes, and replies", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await openSupport(page, "admin@acme.example");
    const subject = "SAML assertion rejected for new subsidiary";
    const ticket = await api.db.supportTicket.findFirstOrThrow({ where: { subject }, select: { id: true, number: true } });
    await page.getByRole("table", { name: "Support tickets" }).getByRole("link", { name: subject }).click();
    await page.waitForURL(new RegExp(`/support/tickets/${ticket.id}$`));
    await page.getByRole("heading", { level: 1, name: `#${ticket.number} ${subject}` }).waitFor();

    const conversation = page.getByRole("list", { name: "Conversation" });
    await conversation.getByText(/^Thanks, Avery\. The assertion's audience/).waitFor();
    await conversation.getByText("Trace attached to our shared folder. It happens for every user in Acme Canada.").waitFor();
    await conversation.getByText("changed status from Open to Waiting on customer").waitFor();
    // The seed's internal note on this ticket is the staff's alone.
    expect(await page.getByText("Okta app for Canada points at the wrong ACS URL").count()).toBe(0);
    expect(await page.getByText("Internal note").count()).toBe(0);
    await page.getByText("First response: Met", { exact: true }).waitFor();

    // An empty reply: the server's sentence, on the field.
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Write a message.").waitFor();
    expect(await page.getByRole("textbox", { name: "Reply" }).getAttribute("aria-invalid")).toBe("true");

    await page.getByRole("textbox", { name: "Reply" }).fill("The trace is in the folder named 2026-12-07.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await conversation.getByText("The trace is in the folder named 2026-12-07.").waitFor();
    expect(await page.getByRole("textbox", { name: "Reply" }).inputValue()).toBe("");
    const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { template: "support-reply", subject: { contains: `#${ticket.number}` } }, select: { toAddress: true, textBody: true } });
    expect(mail.toAddress).toBe("support@atrium.example");
    expect(mail.textBody).toContain("The trace is in the folder named 2026-12-07.");
    await context.close();
  });

  it("opens a new ticket, with the server's sentences on the fields, and closes it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await openSupport(page, "admin@acme.example");
    const subject = page.getByRole("textbox", { name: "Subject" });
    await subject.fill("x".repeat(201));
    await page.getByRole("button", { name: "Open ticket" }).click();
    await page.getByText("A subject can be at most 200 characters; put the details in the description.").waitFor();
    expect(await subject.getAttribute("aria-invalid")).toBe("true");

    await subject.fill("Audit export stops at 10,000 rows");
    await page.getByRole("textbox", { name: "Description" }).fill("The CSV ends without an error.");
    await page.getByRole("button", { name: "Open ticket" }).click();
    await page.getByRole("heading", { level: 1, name: /^#\d+ Audit export stops at 10,000 rows$/ }).waitFor();
    await page.getByRole("list", { name: "Conversation" }).getByText("The CSV ends without an error.").waitFor();

    await page.getByRole("button", { name: "Close ticket" }).click();
    await page.getByText("This ticket is closed.", { exact: false }).waitFor();
    expect(await page.getByRole("textbox", { name: "Reply" }).count()).toBe(0);
    await page.getByRole("list", { name: "Conversation" }).getByText("changed status from Open to Closed").waitFor();
    await context.close();
  });

  it("shows a viewer the conversation without a reply box", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openSupport(page, "auditor@acme.example");
    await page.getByRole("table", { name: "Support tickets" }).getByRole("link", { name: "Export the audit log to our SIEM" }).click();
    await page.getByRole("list", { name: "Conversation" }).getByText(/^Streaming sends one JSON object per event/).waitFor();
    await page.getByText("Resolution: Met", { exact: true }).waitFor();
    expect(await page.getByRole("textbox", { name: "Reply" }).count()).toBe(0);
    await context.close();
  });
});
