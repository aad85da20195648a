/**
 * The support ticket thread over the API: replies from both sides, internal
 * notes that never reach the customer side (not in any procedure's answer, not
 * in an e-mail, not in the customer's audit log), status changes in the
 * timeline, e-mail to the other side through the outbox, the permissions of
 * each side, and tenant isolation swept over every ticket procedure.
 */
import { describe, expect, it } from "vitest";
import { callError, startTestApi, type TestClient } from "../testing.ts";

const api = await startTestApi();
const org = (key: string) => api.demo.organizations[key]!;
const user = (email: string) => api.demo.users[email]!;
const acmeAdmin = await api.signedIn("admin@acme.example");
const acmeMember = await api.signedIn("lee.chen@acme.example");
const acmeViewer = await api.signedIn("auditor@acme.example");
const support = await api.signedIn("support@atrium.example");
const NOTE = "Internal: customer runs an expired IdP certificate, do not mention the other incident";

const outbox = (ticketNumber: number) =>
  api.db.emailOutbox.findMany({ where: { subject: { contains: `#${ticketNumber}` } }, orderBy: { createdAt: "asc" }, select: { toAddress: true, subject: true, textBody: true, htmlBody: true, template: true } });

/** The raw HTTP answer of a customer-side query, so nothing can hide in fields a typed client drops. */
async function rawTicket(client: TestClient, orgId: string, ticketId: string): Promise<string> {
  const input = encodeURIComponent(JSON.stringify({ 0: { json: { orgId, ticketId } }, 1: { json: { orgId } } }));
  const response = await client.fetch(`/trpc/support.ticket,support.tickets?batch=1&input=${input}`);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain("HAR file attached.");
  return text;
}

describe("support ticket thread", () => {
  it("threads replies from both sides and status changes; internal notes stay with staff", async () => {
    const opened = await acmeAdmin.trpc.support.open.mutate({ orgId: org("acme"), subject: "Members page slow", description: "Takes 20 s to load.", priority: "high" });
    // Opening tells the customer's CSM (Acme is unassigned to anyone else).
    expect((await outbox(opened.number)).map((m) => [m.toAddress, m.template])).toEqual([["csm@atrium.example", "support-opened"]]);

    const answered = await support.trpc.staff.desk.reply.mutate({ ticketId: opened.id, body: "Can you send a HAR file?", status: "waiting_on_customer" });
    expect(answered.status).toBe("waiting_on_customer");
    expect(answered.firstResponse.state).toBe("met");
    await support.trpc.staff.desk.note.mutate({ ticketId: opened.id, body: NOTE });
    await support.trpc.staff.desk.triage.mutate({ ticketId: opened.id, assigneeId: user("support@atrium.example") });
    const back = await acmeMember.trpc.support.comment.mutate({ orgId: org("acme"), ticketId: opened.id, body: "HAR file attached." });
    expect(back.status).toBe("in_progress");
    await support.trpc.staff.desk.triage.mutate({ ticketId: opened.id, status: "resolved" });

    const customer = await acmeAdmin.trpc.support.ticket.query({ orgId: org("acme"), ticketId: opened.id });
    expect(customer.ticket.openedByName).toBe("Avery Admin");
    expect(customer.entries.map((e) => (e.kind === "message" ? [e.kind, e.side, e.author, e.body] : [e.kind, e.side, e.field, e.from, e.to]))).toEqual([
      ["message", "staff", "Sky Support", "Can you send a HAR file?"],
      ["change", "staff", "status", "open", "waiting_on_customer"],
      ["message", "customer", "Lee Chen", "HAR file attached."],
      ["change", "customer", "status", "waiting_on_customer", "in_progress"],
      ["change", "staff", "status", "in_progress", "resolved"],
    ]);
    const staff = await support.trpc.staff.desk.ticket.query({ ticketId: opened.id });
    expect(staff.entries.map((e) => e.kind === "change" ? `${e.field}:${e.to}` : e.kind)).toEqual([
      "message", "status:waiting_on_customer", "note", "assignee:Sky Support", "message", "status:in_progress", "status:resolved",
    ]);
    expect(staff.entries.find((e) => e.kind === "note")).toMatchObject({ author: "Sky Support", body: NOTE });

    // Nowhere on the customer side: the raw answers, the e-mails, the customer's audit log.
    for (const client of [acmeAdmin, acmeMember, acmeViewer]) expect(await rawTicket(client, org("acme"), opened.id)).not.toContain("expired IdP");
    const mails = await outbox(opened.number);
    expect(mails.some((m) => `${m.subject}${m.textBody}${m.htmlBody}`.includes("expired IdP"))).toBe(false);
    expect(mails.map((m) => [m.toAddress, m.template])).toEqual([
      ["csm@atrium.example", "support-opened"],
      ["admin@acme.example", "support-reply"],
      ["support@atrium.example", "support-reply"],
      ["admin@acme.example", "support-status"],
      ["lee.chen@acme.example", "support-status"],
    ]);
    expect(mails[1]!.textBody).toContain("Can you send a HAR file?");
    expect(mails[1]!.textBody).toContain(`/admin/orgs/${org("acme")}/support/tickets/${opened.id}`);
    expect(mails[2]!.textBody).toContain(`/csm/tickets/${opened.id}`);

    // Every post and change audited; the note in the platform log only.
    const events = await api.db.auditEvent.findMany({ where: { resourceId: opened.id }, orderBy: { occurredAt: "asc" }, select: { action: true, organizationId: true } });
    expect(events.map((e) => [e.action, e.organizationId])).toEqual([
      ["support_ticket.create", org("acme")],
      ["support_ticket.comment", org("acme")],
      ["support_ticket.note", null],
      ["support_ticket.update", org("acme")],
      ["support_ticket.comment", org("acme")],
      ["support_ticket.update", org("acme")],
    ]);
  });

  it("closes for good: no more replies from the customer, and staff must reopen", async () => {
    const { id, number } = await acmeAdmin.trpc.support.open.mutate({ orgId: org("acme"), subject: "Closed thread", priority: "low" });
    await acmeAdmin.trpc.support.close.mutate({ orgId: org("acme"), ticketId: id });
    const refused = await callError(acmeAdmin.trpc.support.comment.mutate({ orgId: org("acme"), ticketId: id, body: "One more thing" }));
    expect([refused.status, refused.message]).toEqual([409, `Ticket #${number} is closed. Open a new ticket to follow up.`]);
    expect((await callError(support.trpc.staff.desk.reply.mutate({ ticketId: id, body: "Hello" }))).message).toBe(`Ticket #${number} is closed. Reopen it to reply.`);
    await support.trpc.staff.desk.triage.mutate({ ticketId: id, status: "in_progress" });
    expect((await support.trpc.staff.desk.reply.mutate({ ticketId: id, body: "Reopened to answer." })).status).toBe("in_progress");
  });

  it("lets viewers read but not write; says what is wrong with a field in a sentence", async () => {
    const { id } = await acmeAdmin.trpc.support.open.mutate({ orgId: org("acme"), subject: "Viewer check" });
    expect((await acmeViewer.trpc.support.ticket.query({ orgId: org("acme"), ticketId: id })).ticket.id).toBe(id);
    expect((await callError(acmeViewer.trpc.support.comment.mutate({ orgId: org("acme"), ticketId: id, body: "hi" }))).status).toBe(403);
    expect((await callError(acmeViewer.trpc.support.close.mutate({ orgId: org("acme"), ticketId: id }))).status).toBe(403);
    expect((await callError(acmeAdmin.trpc.support.open.mutate({ orgId: org("acme"), subject: "   " }))).fieldErrors).toEqual({ subject: ["Give the ticket a subject."] });
    expect((await callError(acmeAdmin.trpc.support.comment.mutate({ orgId: org("acme"), ticketId: id, body: "x".repeat(10_001) }))).fieldErrors).toEqual({
      body: ["A message can be at most 10,000 characters; split it in two."],
    });
    expect((await callError(support.trpc.staff.desk.note.mutate({ ticketId: id, body: "" }))).fieldErrors).toEqual({ body: ["Write a message."] });
  });
});

describe("support tickets: tenant isolation", () => {
  const acmeTicket = acmeAdmin.trpc.support.open.mutate({ orgId: org("acme"), subject: "Isolation target", description: "Acme only" });
  /** People of other tenants, and of Acme's child only (a child's admin does not see the parent's tickets). */
  const outsiders: [string, string][] = [
    ["it@globex.example", "globex"],
    ["security@umbrella.example", "umbrella"],
    ["admin@tyrell.example", "tyrell"],
    ["maria.garcia@acme.example", "acmeNorthAmerica"],
  ];

  it.each(outsiders)("%s cannot read, answer or close it, through its own organization or Acme's", async (email, own) => {
    const client = await api.signedIn(email);
    const { id } = await acmeTicket;
    for (const orgId of [org(own), org("acme")]) {
      expect((await callError(client.trpc.support.ticket.query({ orgId, ticketId: id }))).status).toBe(404);
      expect((await callError(client.trpc.support.comment.mutate({ orgId, ticketId: id, body: "Let me in" }))).status).toBe(404);
      expect((await callError(client.trpc.support.close.mutate({ orgId, ticketId: id }))).status).toBe(404);
      if (orgId === org(own)) expect((await client.trpc.support.tickets.query({ orgId })).map((t) => t.id)).not.toContain(id);
    }
    const thread = await acmeAdmin.trpc.support.ticket.query({ orgId: org("acme"), ticketId: id });
    expect([thread.ticket.status, thread.entries]).toEqual(["open", []]);
  });

  it("a CSM who does not look after Acme gets NOT_FOUND on every desk procedure", async () => {
    const other = await api.signedIn("jordan.lee@atrium.example"); // CSM of Tyrell only
    const { id } = await acmeTicket;
    expect((await callError(other.trpc.staff.desk.ticket.query({ ticketId: id }))).status).toBe(404);
    expect((await callError(other.trpc.staff.desk.reply.mutate({ ticketId: id, body: "Hi" }))).status).toBe(404);
    expect((await callError(other.trpc.staff.desk.note.mutate({ ticketId: id, body: "Hi" }))).status).toBe(404);
    expect((await callError(other.trpc.staff.desk.triage.mutate({ ticketId: id, status: "resolved" }))).status).toBe(404);
    expect((await other.trpc.staff.desk.tickets.query({})).map((t) => t.id)).not.toContain(id);
    expect((await api.db.supportTicket.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe("open");
  });
});
