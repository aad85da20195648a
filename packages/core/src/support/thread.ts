/**
 * A ticket's thread, as one side sees it: the replies of both sides and the
 * timeline of changes (status, priority, assignee), oldest first. Staff also
 * see internal notes and internal changes; for the customer side the SQL
 * itself leaves them out (`NOT internal`), so no procedure serving the
 * customer can return one, whatever it does with the rows afterwards.
 */
import { Prisma, type DbOrTx } from "@atrium/db";
import type { Staff } from "../staff/access.ts";
import type { Side } from "./notify.ts";
import { orgTicket, staffTicket, type TicketRow } from "./tickets.ts";

export type ThreadEntry =
  | { kind: "message"; id: string; at: Date; side: Side; author: string | null; body: string }
  /** Staff only. */
  | { kind: "note"; id: string; at: Date; author: string | null; body: string }
  | { kind: "change"; id: string; at: Date; side: Side; author: string | null; field: "status" | "priority" | "assignee"; from: string | null; to: string | null };

/** What the customer side may see: replies, and status and priority changes. */
export type CustomerEntry = Extract<ThreadEntry, { kind: "message" }> | (Extract<ThreadEntry, { kind: "change" }> & { field: "status" | "priority" });

const isCustomerEntry = (entry: ThreadEntry): entry is CustomerEntry => entry.kind === "message" || (entry.kind === "change" && entry.field !== "assignee");

export interface Thread<E = ThreadEntry> {
  ticket: TicketRow;
  entries: E[];
}

interface RawComment {
  id: string;
  created_at: Date;
  is_staff: boolean;
  internal: boolean;
  author: string | null;
  body: string;
}

interface RawEvent {
  id: string;
  created_at: Date;
  is_staff: boolean;
  author: string | null;
  kind: "status" | "priority" | "assignee";
  from_value: string | null;
  to_value: string | null;
}

async function entriesOf(db: DbOrTx, ticket: TicketRow, audience: Side): Promise<ThreadEntry[]> {
  const visible = audience === "staff" ? Prisma.sql`true` : Prisma.sql`NOT x.internal`;
  const comments = await db.$queryRaw<RawComment[]>`
    SELECT x.id::text, x.created_at, x.is_staff, x.internal, u.name AS author, x.body
      FROM support_ticket_comments x LEFT JOIN users u ON u.id = x.author_id
     WHERE x.ticket_id = ${ticket.id}::uuid AND x.organization_id = ${ticket.organizationId}::uuid AND ${visible}`;
  // Assignees are stored by id; the timeline shows their names.
  const events = await db.$queryRaw<RawEvent[]>`
    SELECT x.id::text, x.created_at, x.is_staff, u.name AS author, x.kind,
           CASE WHEN x.kind = 'assignee' THEN fu.name ELSE x.from_value END AS from_value,
           CASE WHEN x.kind = 'assignee' THEN tu.name ELSE x.to_value END AS to_value
      FROM support_ticket_events x
      LEFT JOIN users u ON u.id = x.actor_id
      LEFT JOIN users fu ON x.kind = 'assignee' AND fu.id::text = x.from_value
      LEFT JOIN users tu ON x.kind = 'assignee' AND tu.id::text = x.to_value
     WHERE x.ticket_id = ${ticket.id}::uuid AND x.organization_id = ${ticket.organizationId}::uuid AND ${visible}`;
  const side = (isStaff: boolean): Side => (isStaff ? "staff" : "customer");
  const entries: ThreadEntry[] = [
    ...comments.map((c): ThreadEntry =>
      c.internal
        ? { kind: "note", id: c.id, at: c.created_at, author: c.author, body: c.body }
        : { kind: "message", id: c.id, at: c.created_at, side: side(c.is_staff), author: c.author, body: c.body },
    ),
    ...events.map((e): ThreadEntry => ({ kind: "change", id: e.id, at: e.created_at, side: side(e.is_staff), author: e.author, field: e.kind, from: e.from_value, to: e.to_value })),
  ];
  // A post and the status change it caused share their moment: the post reads first.
  const rank = (e: ThreadEntry) => (e.kind === "change" ? 1 : 0);
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** The thread for a member of the ticket's organization: NOT_FOUND for another organization's ticket; no internal entries. */
export async function customerThread(db: DbOrTx, organizationId: string, ticketId: string): Promise<Thread<CustomerEntry>> {
  const ticket = await orgTicket(db, organizationId, ticketId);
  // The query already leaves internal entries out; the type guard says so to the compiler (and drops any, were that ever wrong).
  return { ticket, entries: (await entriesOf(db, ticket, "customer")).filter(isCustomerEntry) };
}

/** The whole thread, for staff who see the ticket's customer. */
export async function staffThread(db: DbOrTx, staff: Staff, ticketId: string): Promise<Thread> {
  const ticket = await staffTicket(db, staff, ticketId);
  return { ticket, entries: await entriesOf(db, ticket, "staff") };
}
