/**
 * Demo support tickets, placed relative to the moment the seed runs so a fresh
 * `npm start` shows a believable desk: most tickets within their SLA, one at
 * risk, one breached, one resolved in time. Every ticket takes its support
 * level from the customer's contract (supportLevelOf), as a ticket opened in
 * the console does, and carries a short thread: replies from both sides, an
 * internal note and its status changes.
 */
import type { Tx } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { slaDeadlines, type TicketPriority, type TicketStatus } from "../support/sla.ts";
import { supportLevelOf } from "../support/tickets.ts";

const actor = systemActor("demo-seed");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Post = { after: number; by: "customer" | "staff"; body: string; internal?: boolean; status?: TicketStatus };

interface DemoTicket {
  org: string;
  openedBy: string;
  subject: string;
  description: string;
  priority: TicketPriority;
  /** How long before the seed it was opened (ms). */
  age: number;
  assignee: string | null;
  /** Replies, notes and status changes, each `after` ms from opening. */
  posts: Post[];
}

/** What each ticket's SLA looks like at seed time is in its comment (support level from the demo contracts). */
export const DEMO_TICKETS: DemoTicket[] = [
  // Acme, premium, high: answered in 40 min (2 h target); 21 h of 24 h left to resolve.
  {
    org: "acme", openedBy: "admin@acme.example", subject: "SAML assertion rejected for new subsidiary", description: "Users in Acme Canada see an audience mismatch when they sign in through Okta.",
    priority: "high", age: 3 * HOUR, assignee: "support@atrium.example",
    posts: [
      { after: 40 * MINUTE, by: "staff", body: "Thanks, Avery. The assertion's audience is the EMEA connection's entity ID. Could you send a SAML trace from one of the Canadian users?", status: "waiting_on_customer" },
      { after: 70 * MINUTE, by: "customer", body: "Trace attached to our shared folder. It happens for every user in Acme Canada." },
      { after: 90 * MINUTE, by: "staff", body: "Okta app for Canada points at the wrong ACS URL; checking with the identity team before we suggest the fix.", internal: true },
    ],
  },
  // Acme, premium, low: resolved in 30 h (96 h target).
  {
    org: "acme", openedBy: "admin@acme.example", subject: "Export the audit log to our SIEM", description: "Which format does the streaming export use?",
    priority: "low", age: 5 * 24 * HOUR, assignee: "csm@atrium.example",
    posts: [
      { after: 2 * HOUR, by: "staff", body: "Streaming sends one JSON object per event (NDJSON); Splunk and Datadog read it as is. The setup guide is under Audit > Streaming." },
      { after: 30 * HOUR, by: "staff", body: "Marking this resolved; reply here if anything is missing.", status: "resolved" },
    ],
  },
  // Umbrella, dedicated, urgent: answered in 10 min (15 min target); 1 h of 6 h left to resolve: at risk.
  {
    org: "umbrella", openedBy: "security@umbrella.example", subject: "Dashboard down for the whole team", description: "Since this morning nobody can load reports.",
    priority: "urgent", age: 5 * HOUR, assignee: "support@atrium.example",
    posts: [
      { after: 10 * MINUTE, by: "staff", body: "We are on it: report queries for your region time out. Updates every hour here.", status: "in_progress" },
      { after: 3 * HOUR, by: "customer", body: "Still down on our side. Clinicians are waiting on these reports." },
    ],
  },
  // Umbrella, dedicated, normal: answered in 30 min, but opened 3 days ago with a 24 h resolution target: breached.
  {
    org: "umbrella", openedBy: "security@umbrella.example", subject: "Invoice does not match our PO", description: "PO 4471 says 90 seats.",
    priority: "normal", age: 3 * 24 * HOUR, assignee: "finance@atrium.example",
    posts: [
      { after: 30 * MINUTE, by: "staff", body: "Looking at the invoice against PO 4471 now.", status: "in_progress" },
      { after: 26 * HOUR, by: "customer", body: "Any news? Our AP team holds the payment until this is sorted." },
    ],
  },
  // Globex, business, normal: answered in 2 h (8 h target); 52 h of 72 h left.
  {
    org: "globex", openedBy: "it@globex.example", subject: "SCIM sync skips deactivated users", description: "Users we deactivate in Entra ID stay active in Atrium.",
    priority: "normal", age: 20 * HOUR, assignee: null,
    posts: [{ after: 2 * HOUR, by: "staff", body: "Entra sends deactivation as a PATCH of active=false; we see none from your tenant since Tuesday. Is the provisioning job running?", status: "waiting_on_customer" }],
  },
  // Tyrell, business, low: just opened, 15 h of 16 h left for the first response.
  {
    org: "tyrell", openedBy: "admin@tyrell.example", subject: "Invoices in GBP", description: "Can the next invoice show VAT separately?",
    priority: "low", age: HOUR, assignee: null, posts: [],
  },
];

/** Creates the demo tickets with their threads; `now` is the seed's moment. */
export async function seedSupportTickets(db: Tx, organizations: Record<string, string>, users: Record<string, string>, now = new Date()): Promise<void> {
  for (const demo of DEMO_TICKETS) {
    const organizationId = organizations[demo.org];
    if (!organizationId) continue;
    const level = await supportLevelOf(db, organizationId);
    const createdAt = new Date(now.getTime() - demo.age);
    const at = (ms: number) => new Date(createdAt.getTime() + ms);
    const openedById = users[demo.openedBy] ?? null;
    const staffId = demo.assignee ? (users[demo.assignee] ?? null) : (users["support@atrium.example"] ?? null);
    let status = "open" as TicketStatus;
    const firstStaffReply = demo.posts.find((p) => p.by === "staff" && !p.internal);
    const resolved = demo.posts.find((p) => p.status === "resolved" || p.status === "closed");
    const ticket = await db.supportTicket.create({
      data: {
        organizationId, subject: demo.subject, description: demo.description, priority: demo.priority, supportLevel: level, openedById,
        assigneeId: demo.assignee ? (users[demo.assignee] ?? null) : null, createdAt, updatedAt: createdAt, ...slaDeadlines(level, demo.priority, createdAt),
        firstResponseAt: firstStaffReply ? at(firstStaffReply.after) : null, resolvedAt: resolved ? at(resolved.after) : null,
      },
      select: { id: true, number: true },
    });
    await recordAudit(db, actor, { action: "support_ticket.create", organizationId, resource: { type: "support_ticket", id: ticket.id }, details: { number: ticket.number, priority: demo.priority, supportLevel: level } });
    for (const post of demo.posts) {
      const isStaff = post.by === "staff";
      const authorId = isStaff ? staffId : openedById;
      await db.supportTicketComment.create({
        data: { ticketId: ticket.id, organizationId, authorId, isStaff, internal: post.internal === true, body: post.body, createdAt: at(post.after) },
        select: { id: true },
      });
      const next: TicketStatus = post.status ?? (!isStaff && (status === "waiting_on_customer" || status === "resolved") ? "in_progress" : isStaff && !post.internal && status === "open" ? "in_progress" : status);
      if (next !== status) {
        await db.supportTicketEvent.create({
          data: { ticketId: ticket.id, organizationId, actorId: authorId, isStaff, kind: "status", fromValue: status, toValue: next, createdAt: at(post.after) },
          select: { id: true },
        });
        status = next;
      }
    }
    await db.supportTicket.update({ where: { id: ticket.id }, data: { status }, select: { id: true } });
  }
}
