/**
 * E-mail to the other side of a ticket, queued in the outbox inside the
 * transaction of the post or change that causes it (so nothing is sent for a
 * change that rolls back). The customer side is the ticket's opener and the
 * customer people who wrote on it, while they still hold `support:read` in the
 * ticket's organization; the staff side is the assignee, or without one the
 * customer's CSM. The author is never e-mailed about their own post, and an
 * internal note is never e-mailed to anyone (nothing here is called for one).
 */
import type { Tx } from "@atrium/db";
import { decideFor } from "../access/service.ts";
import { loadOrgAccesses, pairKey } from "../access/batch.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { layout, type RenderedEmail } from "../email/templates.ts";
import type { Links } from "../invitations/service.ts";
import { STATUS_LABELS, type TicketStatus } from "./sla.ts";

export type Side = "customer" | "staff";

export interface TicketRef {
  id: string;
  organizationId: string;
  number: number;
  subject: string;
}

/** Where each side opens the ticket. */
export const ticketUrl = (links: Links, side: Side, ticket: { id: string; organizationId: string }) =>
  side === "customer" ? `${links.publicUrl}/admin/orgs/${ticket.organizationId}/support/tickets/${ticket.id}` : `${links.publicUrl}/csm/tickets/${ticket.id}`;

/** Customer people to tell about the ticket: opener and customer authors who may still read the organization's tickets. */
async function customerRecipients(tx: Tx, ticket: TicketRef, exceptUserId: string | null): Promise<string[]> {
  const people = await tx.$queryRaw<{ id: string; email: string }[]>`
    SELECT u.id::text, u.email::text FROM users u
     WHERE u.platform_role IS NULL AND u.id IN (
             SELECT opened_by FROM support_tickets WHERE id = ${ticket.id}::uuid
              UNION SELECT author_id FROM support_ticket_comments WHERE ticket_id = ${ticket.id}::uuid AND NOT is_staff)
       AND u.id IS DISTINCT FROM ${exceptUserId}::uuid
     ORDER BY u.email`;
  if (people.length === 0) return [];
  const accesses = await loadOrgAccesses(tx, people.map((p) => ({ userId: p.id, organizationId: ticket.organizationId })));
  return people
    .filter((p) => {
      const access = accesses.get(pairKey({ userId: p.id, organizationId: ticket.organizationId }))?.access;
      return access !== null && access !== undefined && decideFor(access, "support:read", { now: new Date() }).allowed;
    })
    .map((p) => p.email);
}

/** The staff member who answers for the ticket: its assignee, or the CSM of the customer (the organization's root). */
async function staffRecipients(tx: Tx, ticket: TicketRef, exceptUserId: string | null): Promise<string[]> {
  const rows = await tx.$queryRaw<{ email: string }[]>`
    SELECT coalesce(a.email, c.email)::text AS email
      FROM support_tickets t
      JOIN organizations o ON o.id = t.organization_id
      LEFT JOIN users a ON a.id = t.assignee_id
      LEFT JOIN customer_assignments ca ON ca.organization_id = replace(subpath(o.path, 0, 1)::text, '_', '-')::uuid
      LEFT JOIN users c ON c.id = ca.csm_user_id
     WHERE t.id = ${ticket.id}::uuid AND coalesce(t.assignee_id, ca.csm_user_id) IS DISTINCT FROM ${exceptUserId}::uuid`;
  return rows.map((r) => r.email).filter((e): e is string => !!e);
}

export type TicketNews =
  | { kind: "opened"; author: string | null; body: string }
  | { kind: "reply"; author: string | null; body: string }
  | { kind: "status"; author: string | null; status: TicketStatus };

function render(ticket: TicketRef, news: TicketNews, url: string): RenderedEmail {
  const ref = `#${ticket.number} "${ticket.subject}"`;
  const who = news.author ?? "Someone";
  const lines =
    news.kind === "opened"
      ? [`${who} opened ticket ${ref}.`, ...(news.body ? [news.body] : [])]
      : news.kind === "reply"
        ? [`${who} replied on ticket ${ref}:`, news.body]
        : [`${who} set ticket ${ref} to ${STATUS_LABELS[news.status]}.`];
  const subject =
    news.kind === "opened" ? `New ticket #${ticket.number}: ${ticket.subject}` : news.kind === "reply" ? `Re: [#${ticket.number}] ${ticket.subject}` : `[#${ticket.number}] ${STATUS_LABELS[news.status]}: ${ticket.subject}`;
  const footer = "You receive this e-mail because you take part in this support ticket.";
  return {
    template: `support-${news.kind}`,
    subject: subject.slice(0, 300),
    text: `${lines.join("\n\n")}\n\nOpen the ticket: ${url}\n\n${footer}\n`,
    html: layout(lines, { label: "Open the ticket", url }, footer),
  };
}

/** Queues the e-mails telling `to` (the side that did not act) about the news, in the caller's transaction. */
export async function notifySide(tx: Tx, links: Links, to: Side, ticket: TicketRef, news: TicketNews, authorId: string | null): Promise<number> {
  const recipients = to === "customer" ? await customerRecipients(tx, ticket, authorId) : await staffRecipients(tx, ticket, authorId);
  const email = render(ticket, news, ticketUrl(links, to, ticket));
  for (const address of new Set(recipients.map((r) => r.toLowerCase()))) {
    await enqueueEmail(tx, { ...email, to: address, organizationId: ticket.organizationId });
  }
  return recipients.length;
}

