/**
 * What changes a ticket: replies from either side, staff-only internal notes,
 * staff triage (status, priority, assignee) and a customer closing it. Each
 * runs in one transaction with the row lock on the ticket, its timeline
 * entries, its audit event and the e-mail to the other side, so a failure
 * leaves no half of it behind.
 *
 * The timers: a staff reply stops first response; resolving or closing stops
 * resolution; a customer reply on a ticket waiting on them, or resolved,
 * brings it back to in progress. A closed ticket takes no more replies
 * (a follow-up is a new ticket); staff may reopen it.
 */
import { Prisma, type Db, type Tx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import type { Links } from "../invitations/service.ts";
import { visibleToStaff, type Staff } from "../staff/access.ts";
import { notifySide, type Side } from "./notify.ts";
import { slaDeadlines, type SupportLevel, type TicketPriority, type TicketStatus } from "./sla.ts";
import { getTicket, ticketNotFound, type TicketRow } from "./tickets.ts";

/** Who acts on the ticket, and from which side. */
export interface TicketAuthor {
  userId: string;
  side: Side;
}

interface Locked {
  id: string;
  organizationId: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  supportLevel: SupportLevel;
  assigneeId: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** Locks the ticket if the author's side may act on it: the customer's own organization, or a customer the staff member sees. */
async function lockTicket(tx: Tx, ticketId: string, scope: { organizationId: string } | { staff: Staff }): Promise<Locked> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT t.id::text FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
     WHERE t.id = ${ticketId}::uuid
       AND ${"staff" in scope ? visibleToStaff(scope.staff) : Prisma.sql`t.organization_id = ${scope.organizationId}::uuid`}
       FOR UPDATE OF t`;
  if (!row) throw ticketNotFound();
  const t = await tx.supportTicket.findUniqueOrThrow({ where: { id: ticketId } });
  return { ...t, status: t.status as TicketStatus, priority: t.priority as TicketPriority, supportLevel: t.supportLevel as SupportLevel };
}

type Field = "status" | "priority" | "assignee";

async function recordChange(tx: Tx, ticket: Locked, author: { userId: string | null; side: Side }, field: Field, from: string | null, to: string | null, at: Date) {
  await tx.supportTicketEvent.create({
    data: { ticketId: ticket.id, organizationId: ticket.organizationId, actorId: author.userId, isStaff: author.side === "staff", kind: field, fromValue: from, toValue: to, internal: field === "assignee", createdAt: at },
    select: { id: true },
  });
}

/** The status change's effect on the timers' columns. */
function statusColumns(ticket: Locked, status: TicketStatus, now: Date) {
  return {
    status,
    resolvedAt: status === "resolved" || status === "closed" ? (ticket.resolvedAt ?? now) : null,
    closedAt: status === "closed" ? (ticket.closedAt ?? now) : null,
  };
}

const nameOf = async (tx: Tx, userId: string) => (await tx.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? null;

export interface Reply {
  body: string;
  /** Staff only: the status to set with the reply ("reply and wait on the customer"). */
  status?: TicketStatus | undefined;
}

/**
 * A reply visible to both sides, e-mailed to the other side. A customer's
 * reply is scoped to their organization; a staff reply to the customers the
 * staff member sees (`staff`).
 */
export async function replyToTicket(db: Db, actor: Actor, links: Links, ticketId: string, author: TicketAuthor & ({ side: "customer"; organizationId: string } | { side: "staff"; staff: Staff }), reply: Reply): Promise<TicketRow> {
  return db.$transaction(async (tx) => {
    const ticket = await lockTicket(tx, ticketId, author.side === "staff" ? { staff: author.staff } : { organizationId: author.organizationId });
    if (ticket.status === "closed") {
      throw new AppError("CONFLICT", { userMessage: `Ticket #${ticket.number} is closed. ${author.side === "staff" ? "Reopen it to reply." : "Open a new ticket to follow up."}` });
    }
    const now = new Date();
    await tx.supportTicketComment.create({ data: { ticketId, organizationId: ticket.organizationId, authorId: author.userId, isStaff: author.side === "staff", internal: false, body: reply.body, createdAt: now }, select: { id: true } });
    const next: TicketStatus =
      author.side === "staff" ? (reply.status ?? (ticket.status === "open" ? "in_progress" : ticket.status)) : ticket.status === "waiting_on_customer" || ticket.status === "resolved" ? "in_progress" : ticket.status;
    await tx.supportTicket.update({
      where: { id: ticketId },
      data: { ...statusColumns(ticket, next, now), ...(author.side === "staff" && !ticket.firstResponseAt ? { firstResponseAt: now } : {}) },
    });
    if (next !== ticket.status) await recordChange(tx, ticket, author, "status", ticket.status, next, now);
    await recordAudit(tx, actor, {
      action: "support_ticket.comment",
      organizationId: ticket.organizationId,
      resource: { type: "support_ticket", id: ticketId },
      details: { number: ticket.number, staff: author.side === "staff", ...(next !== ticket.status ? { before: { status: ticket.status }, after: { status: next } } : {}) },
    });
    const other: Side = author.side === "staff" ? "customer" : "staff";
    await notifySide(tx, links, other, ticket, { kind: "reply", author: await nameOf(tx, author.userId), body: reply.body }, author.userId);
    return (await getTicket(tx, ticketId))!;
  });
}

/**
 * A staff-only internal note: no e-mail, no effect on the timers, and audited
 * in the platform's log rather than the customer's (whose audit log the
 * customer reads), with the customer named in the details.
 */
export async function addInternalNote(db: Db, actor: Actor, staff: Staff, ticketId: string, body: string): Promise<TicketRow> {
  return db.$transaction(async (tx) => {
    const ticket = await lockTicket(tx, ticketId, { staff });
    await tx.supportTicketComment.create({ data: { ticketId, organizationId: ticket.organizationId, authorId: staff.userId, isStaff: true, internal: true, body, createdAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "support_ticket.note",
      organizationId: null,
      resource: { type: "support_ticket", id: ticketId },
      details: { number: ticket.number, organizationId: ticket.organizationId },
    });
    return (await getTicket(tx, ticketId))!;
  });
}

export interface TicketChange {
  status?: TicketStatus | undefined;
  priority?: TicketPriority | undefined;
  assigneeId?: string | null | undefined;
}

/** Staff triage: status, priority, assignee; each change in the timeline, a status change e-mailed to the customer. */
export async function triageTicket(db: Db, staff: Staff, actor: Actor, ticketId: string, change: TicketChange, links?: Links): Promise<TicketRow> {
  return db.$transaction(async (tx) => {
    const before = await lockTicket(tx, ticketId, { staff });
    if (change.assigneeId) {
      const assignee = await tx.user.findUnique({ where: { id: change.assigneeId }, select: { platformRole: true } });
      if (!assignee?.platformRole) throw new AppError("BAD_REQUEST", { userMessage: "Tickets are assigned to platform staff." });
    }
    const now = new Date();
    const status = change.status ?? before.status;
    const priority = change.priority ?? before.priority;
    const assigneeId = change.assigneeId !== undefined ? change.assigneeId : before.assigneeId;
    const reprioritized = priority !== before.priority ? slaDeadlines(before.supportLevel, priority, before.createdAt) : {};
    await tx.supportTicket.update({
      where: { id: ticketId },
      data: { ...statusColumns(before, status, now), priority, ...reprioritized, assigneeId, firstResponseAt: before.firstResponseAt ?? (status !== "open" ? now : null) },
    });
    const author: TicketAuthor = { userId: staff.userId, side: "staff" };
    if (status !== before.status) await recordChange(tx, before, author, "status", before.status, status, now);
    if (priority !== before.priority) await recordChange(tx, before, author, "priority", before.priority, priority, now);
    if (assigneeId !== before.assigneeId) await recordChange(tx, before, author, "assignee", before.assigneeId, assigneeId, now);
    await recordAudit(tx, actor, {
      action: "support_ticket.update",
      organizationId: before.organizationId,
      resource: { type: "support_ticket", id: ticketId },
      details: { number: before.number, before: { status: before.status, priority: before.priority, assigneeId: before.assigneeId }, after: { status, priority, assigneeId } },
    });
    if (links && status !== before.status) await notifySide(tx, links, "customer", before, { kind: "status", author: await nameOf(tx, staff.userId), status }, staff.userId);
    return (await getTicket(tx, ticketId))!;
  });
}

/** A member closes their organization's ticket; staff hear of it by e-mail. */
export async function closeOrgTicket(db: Db, actor: Actor, organizationId: string, ticketId: string, userId: string | null, links?: Links): Promise<TicketRow> {
  return db.$transaction(async (tx) => {
    const before = await lockTicket(tx, ticketId, { organizationId });
    const now = new Date();
    await tx.supportTicket.update({ where: { id: ticketId }, data: statusColumns(before, "closed", now) });
    if (before.status !== "closed") await recordChange(tx, before, { userId, side: "customer" }, "status", before.status, "closed", now);
    await recordAudit(tx, actor, {
      action: "support_ticket.update",
      organizationId,
      resource: { type: "support_ticket", id: ticketId },
      details: { number: before.number, before: { status: before.status }, after: { status: "closed" } },
    });
    if (links && userId && before.status !== "closed") await notifySide(tx, links, "staff", before, { kind: "status", author: await nameOf(tx, userId), status: "closed" }, userId);
    return (await getTicket(tx, ticketId))!;
  });
}
