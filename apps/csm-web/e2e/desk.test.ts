/**
 * The support desk in Chromium: SLA timers that follow each customer's
 * contract (the demo shows most tickets within SLA, one at risk, one
 * breached), a ticket's whole conversation with internal notes, a reply that
 * sets the status, and the customer's view of the same ticket in the admin
 * console, without the note. Saves the ticket page's screenshot for the docs.
 */
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
/** Screenshots for looking at the screens (docs/screens/ticket-thread.png is this test's `csm-ticket-thread.png`). */
const shots = `${join(tmpdir(), "atrium-csm-screens")}/`;
await mkdir(shots, { recursive: true });

async function openDesk(page: Page, email: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/csm/tickets`);
  await page.getByRole("table", { name: "Tickets" }).waitFor();
}

describe("support desk in Chromium", () => {
  it("shows SLA timers from each customer's contract: most within SLA, one at risk, one breached", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openDesk(page, "support@atrium.example");
    const table = page.getByRole("table", { name: "Tickets" });
    const umbrella = table.getByRole("row").filter({ hasText: "Dashboard down for the whole team" });
    await umbrella.getByText("Dedicated", { exact: true }).waitFor(); // Umbrella Health's contract
    await umbrella.getByText(/^Resolution of ticket \d+: At risk: .* left$/).waitFor();
    await table.getByRole("row").filter({ hasText: "SAML assertion rejected for new subsidiary" }).getByText("Premium", { exact: true }).waitFor(); // Acme's
    const rows = await table.locator("tbody tr").allTextContents();
    const states = rows.map((text) => /Resolution of ticket \d+: (Met|Breached|At risk|\d|<)/.exec(text)?.[1]);
    expect(states.filter((s) => s === "Breached")).toHaveLength(1);
    expect(states.filter((s) => s === "At risk")).toHaveLength(1);
    expect(states.filter((s) => s === undefined)).toEqual([]);
    expect(states.length).toBeGreaterThanOrEqual(5);
    await page.close();
  });

  it("answers a ticket with an internal note and a reply; the customer sees the reply only", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1350 } });
    await openDesk(page, "support@atrium.example");
    const subject = "Dashboard down for the whole team";
    const ticket = await api.db.supportTicket.findFirstOrThrow({ where: { subject }, select: { id: true, number: true, organizationId: true } });
    await page.getByRole("table", { name: "Tickets" }).getByRole("link", { name: subject }).click();
    await page.getByRole("heading", { level: 1, name: `#${ticket.number} ${subject}` }).waitFor();
    const conversation = page.getByRole("list", { name: "Conversation" });
    await conversation.getByText("Still down on our side. Clinicians are waiting on these reports.").waitFor();

    await page.getByText("Internal note", { exact: true }).click(); // the composer's mode (no note on this ticket yet)
    await page.getByRole("button", { name: "Add internal note" }).click();
    await page.getByText("Write a message.").waitFor(); // the server's sentence, on the field
    await page.getByRole("textbox", { name: "Internal note" }).fill("Root cause: the EU reporting replica lags; failover planned at 15:00.");
    await page.getByRole("button", { name: "Add internal note" }).click();
    await conversation.getByText("Root cause: the EU reporting replica lags; failover planned at 15:00.").waitFor();
    await conversation.getByText("Internal note · staff only").waitFor();

    await page.getByText("Reply to customer", { exact: true }).click();
    await page.getByRole("textbox", { name: "Reply" }).fill("Reports are back for everyone. Can you confirm on your side?");
    await page.getByRole("combobox", { name: "Then set status" }).click();
    await page.getByRole("option", { name: "Waiting on customer" }).click();
    await page.getByRole("button", { name: "Send reply" }).click();
    await conversation.getByText("Reports are back for everyone. Can you confirm on your side?").waitFor();
    await conversation.getByText("changed status from In progress to Waiting on customer").waitFor();
    expect(await page.getByRole("combobox", { name: "Status", exact: true }).inputValue()).toBe("Waiting on customer");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}csm-ticket-thread.png` });

    const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { template: "support-reply", subject: { contains: `#${ticket.number}` } }, select: { toAddress: true, textBody: true } });
    expect(mail.toAddress).toBe("security@umbrella.example");
    expect(mail.textBody).not.toContain("replica");

    // The same ticket in the customer's admin console: the reply and the status change, never the note.
    const customer = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await api.signInBrowser(customer.context(), "security@umbrella.example");
    await customer.goto(`${api.url}/admin/orgs/${ticket.organizationId}/support/tickets/${ticket.id}`);
    const theirs = customer.getByRole("list", { name: "Conversation" });
    await theirs.getByText("Reports are back for everyone. Can you confirm on your side?").waitFor();
    await theirs.getByText("changed status from In progress to Waiting on customer").waitFor();
    expect(await customer.getByText("EU reporting replica").count()).toBe(0);
    expect(await customer.getByText("Internal note").count()).toBe(0);
    await customer.close();
    await page.close();
  });

  it("answers NOT_FOUND, as a page, for a ticket of a customer the CSM does not look after", async () => {
    const page = await browser.newPage();
    const ticket = await api.db.supportTicket.findFirstOrThrow({ where: { subject: "Dashboard down for the whole team" }, select: { id: true } });
    await api.signInBrowser(page.context(), "jordan.lee@atrium.example"); // CSM of Tyrell only
    await page.goto(`${api.url}/csm/tickets/${ticket.id}`);
    await page.getByRole("alert").getByText("The ticket was not found.").waitFor();
    expect(await page.getByRole("list", { name: "Conversation" }).count()).toBe(0);
    await page.close();
  });
});
