/**
 * Support tickets: tenant members open and follow them in the admin console;
 * platform staff triage them in the CSM portal. SLA timers come from the
 * support level at opening (sla.ts). Every change is audited to the
 * customer's own log.
 */
import { Prisma, type Db, type DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { visibleToStaff, type Staff } from "../staff/access.ts";
import { defaultSupportLevel, slaDeadlines, slaTimer, type SlaTimer, type SupportLevel, type TicketPriority, type TicketStatus } from "./sla.ts";

export interface TicketRow {
  id: string;
  number: number;
  organizationId: string;
  organizationName: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  supportLevel: SupportLevel;
  openedBy: string | null;
  assigneeId: string | null;
  assignee: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** Hours from opening to resolution, once resolved. */
  resolutionHours: number | null;
  firstResponse: SlaTimer;
  resolution: SlaTimer;
}

interface RawTicket {
  id: string;
  number: number;
  organization_id: string;
  organization_name: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  support_level: SupportLevel;
  opened_by: string | null;
  assignee_id: string | null;
  assignee: string | null;
  created_at: Date;
  updated_at: Date;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
}

const SELECT = Prisma.sql`
  SELECT t.id::text, t.number, t.organization_id::text, o.name AS organization_name, t.subject, t.description, t.status,
         t.priority, t.support_level, ou.email::text AS opened_by, t.assignee_id::text, au.name AS assignee,
         t.created_at, t.updated_at, t.first_response_due_at, t.resolution_due_at, t.first_response_at, t.resolved_at, t.closed_at
    FROM support_tickets t
    JOIN organizations o ON o.id = t.organization_id
    LEFT JOIN users ou ON ou.id = t.opened_by
    LEFT JOIN users au ON au.id = t.assignee_id`;

function toRow(t: RawTicket, now = new Date()): TicketRow {
  const done = t.resolved_at ?? t.closed_at;
  return {
    id: t.id,
    number: t.number,
    organizationId: t.organization_id,
    organizationName: t.organization_name,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    supportLevel: t.support_level,
    openedBy: t.opened_by,
    assigneeId: t.assignee_id,
    assignee: t.assignee,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    resolvedAt: t.resolved_at,
    closedAt: t.closed_at,
    resolutionHours: done ? Math.round(((done.getTime() - t.created_at.getTime()) / 3_600_000) * 10) / 10 : null,
    firstResponse: slaTimer(t.first_response_due_at, t.first_response_at, now),
    resolution: slaTimer(t.resolution_due_at, done, now),
  };
}

/**
 * The customer's support level: the SLA support level of the live contract of
 * the organization or its nearest ancestor; without one, the plan's default.
 */
export async function supportLevelOf(db: DbOrTx, organizationId: string): Promise<SupportLevel> {
  const [row] = await db.$queryRaw<{ plan: string; level: SupportLevel | null }[]>`
    SELECT o.plan::text AS plan,
           (SELECT c.sla_support_level::text FROM contracts c JOIN organizations a ON a.id = c.organization_id
             WHERE o.path <@ a.path AND c.status IN ('active', 'renewal_pending')
             ORDER BY nlevel(a.path) DESC LIMIT 1) AS level
      FROM organizations o WHERE o.id = ${organizationId}::uuid`;
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "The organization was not found." });
  return row.level ?? defaultSupportLevel(row.plan);
}

export interface NewTicket {
  subject: string;
  description: string;
  priority: TicketPriority;
}

export async function openTicket(db: Db, actor: Actor, organizationId: string, userId: string | null, input: NewTicket): Promise<TicketRow> {
  return db.$transaction(async (tx) => {
    const level = await supportLevelOf(tx, organizationId);
    const now = new Date();
    const ticket = await tx.supportTicket.create({
      data: { organizationId, subject: input.subject, description: input.description, priority: input.priority, supportLevel: level, openedById: userId, createdAt: now, ...slaDeadlines(level, input.priority, now) },
      select: { id: true, number: true },
    });
    await recordAudit(tx, actor, {
      action: "support_ticket.create",
      organizationId,
      resource: { type: "support_ticket", id: ticket.id },
      details: { number: ticket.number, priority: input.priority, supportLevel: level },
    });
    return (await getTicket(tx, ticket.id))!;
  });
}

async function getTicket(db: DbOrTx, id: string): Promise<TicketRow | null> {
  const [row] = await db.$queryRaw<RawTicket[]>`${SELECT} WHERE t.id = ${id}::uuid`;
  return row ? toRow(row) : null;
}

export async function listOrgTickets(db: DbOrTx, organizationId: string): Promise<TicketRow[]> {
  const rows = await db.$queryRaw<RawTicket[]>`${SELECT} WHERE t.organization_id = ${organizationId}::uuid ORDER BY t.created_at DESC LIMIT 500`;
  const now = new Date();
  return rows.map((r) => toRow(r, now));
}

export interface StaffTicketFilter {
  status?: TicketStatus[] | undefined;
  organizationId?: string | undefined;
  assignedToMe?: boolean | undefined;
}

/** Tickets of the customers the staff member sees (subtrees included). */
export async function listStaffTickets(db: DbOrTx, staff: Staff, filter: StaffTicketFilter): Promise<TicketRow[]> {
  const conditions = [visibleToStaff(staff)];
  if (filter.status?.length) conditions.push(Prisma.sql`t.status = ANY (${filter.status}::text[])`);
  if (filter.organizationId) {
    conditions.push(Prisma.sql`o.path <@ (SELECT path FROM organizations WHERE id = ${filter.organizationId}::uuid)`);
  }
  if (filter.assignedToMe) conditions.push(Prisma.sql`t.assignee_id = ${staff.userId}::uuid`);
  const rows = await db.$queryRaw<RawTicket[]>`${SELECT} WHERE ${Prisma.join(conditions, " AND ")} ORDER BY t.created_at DESC LIMIT 500`;
  const now = new Date();
  return rows.map((r) => toRow(r, now));
}

export interface TicketChange {
  status?: TicketStatus | undefined;
  priority?: TicketPriority | undefined;
  assigneeId?: string | null | undefined;
}

const notFound = () => new AppError("NOT_FOUND", { userMessage: "The ticket was not found." });

/** Staff triage: status, priority, assignee. Only tickets of visible customers. */
export async function triageTicket(db: Db, staff: Staff, actor: Actor, ticketId: string, change: TicketChange): Promise<TicketRow> {
  return db.$transaction(async (tx) => {
    const [visible] = await tx.$queryRaw<{ id: string }[]>`
      SELECT t.id::text FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
       WHERE t.id = ${ticketId}::uuid AND ${visibleToStaff(staff)} FOR UPDATE OF t`;
    if (!visible) throw notFound();
    const before = await tx.supportTicket.findUniqueOrThrow({ where: { id: ticketId } });
    if (change.assigneeId) {
      const assignee = await tx.user.findUnique({ where: { id: change.assigneeId }, select: { platformRole: true } });
      if (!assignee?.platformRole) throw new AppError("BAD_REQUEST", { userMessage: "Tickets are assigned to platform staff." });
    }
    const now = new Date();
    const status = change.status ?? before.status;
    const priority = (change.priority ?? before.priority) as TicketPriority;
    const reprioritized = change.priority && change.priority !== before.priority ? slaDeadlines(before.supportLevel as SupportLevel, priority, before.createdAt) : {};
    await tx.supportTicket.update({
      where: { id: ticketId },
      data: {
        status,
        priority,
        ...reprioritized,
        ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
        firstResponseAt: before.firstResponseAt ?? (status !== "open" ? now : null),
        resolvedAt: status === "resolved" || status === "closed" ? (before.resolvedAt ?? now) : null,
        closedAt: status === "closed" ? (before.closedAt ?? now) : null,
      },
    });
    const pick = (t: { status: string; priority: string; assigneeId: string | null }) => ({ status: t.status, priority: t.priority, assigneeId: t.assigneeId });
    await recordAudit(tx, actor, {
      action: "support_ticket.update",
      organizationId: before.organizationId,
      resource: { type: "support_ticket", id: ticketId },
      details: { number: before.number, before: pick(before), after: { status, priority, assigneeId: change.assigneeId !== undefined ? change.assigneeId : before.assigneeId } },
    });
    return (await getTicket(tx, ticketId))!;
  });
}

/** A tenant member closes their organization's ticket. */
export async function closeOrgTicket(db: Db, actor: Actor, organizationId: string, ticketId: string): Promise<TicketRow> {
  return db.$transaction(async (tx) => {
    const before = await tx.supportTicket.findFirst({ where: { id: ticketId, organizationId } });
    if (!before) throw notFound();
    const now = new Date();
    await tx.supportTicket.update({ where: { id: ticketId }, data: { status: "closed", closedAt: now, resolvedAt: before.resolvedAt ?? now } });
    await recordAudit(tx, actor, {
      action: "support_ticket.update",
      organizationId,
      resource: { type: "support_ticket", id: ticketId },
      details: { number: before.number, before: { status: before.status }, after: { status: "closed" } },
    });
    return (await getTicket(tx, ticketId))!;
  });
}

export interface CommentRow {
  id: string;
  author: string | null;
  isStaff: boolean;
  body: string;
  createdAt: Date;
}

/**
 * A reply. From staff, the first reply stops the first-response timer; from
 * the customer, a ticket waiting on them goes back to in progress.
 */
export async function commentOnTicket(
  db: Db,
  actor: Actor,
  ticket: { id: string; organizationId: string },
  author: { userId: string; isStaff: boolean },
  body: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.supportTicket.findFirst({ where: { id: ticket.id, organizationId: ticket.organizationId }, select: { status: true, firstResponseAt: true, number: true } });
    if (!current) throw notFound();
    await tx.supportTicketComment.create({ data: { ticketId: ticket.id, organizationId: ticket.organizationId, authorId: author.userId, isStaff: author.isStaff, body }, select: { id: true } });
    const now = new Date();
    if (author.isStaff && !current.firstResponseAt) await tx.supportTicket.update({ where: { id: ticket.id }, data: { firstResponseAt: now } });
    if (!author.isStaff && current.status === "waiting_on_customer") await tx.supportTicket.update({ where: { id: ticket.id }, data: { status: "in_progress" } });
    await recordAudit(tx, actor, {
      action: "support_ticket.comment",
      organizationId: ticket.organizationId,
      resource: { type: "support_ticket", id: ticket.id },
      details: { number: current.number, staff: author.isStaff },
    });
  });
}

/** The ticket's organization, when the staff member sees it. */
export async function staffTicketOrg(db: DbOrTx, staff: Staff, ticketId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ organization_id: string }[]>`
    SELECT t.organization_id::text FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
     WHERE t.id = ${ticketId}::uuid AND ${visibleToStaff(staff)}`;
  if (!row) throw notFound();
  return row.organization_id;
}

export async function ticketComments(db: DbOrTx, organizationId: string, ticketId: string): Promise<CommentRow[]> {
  const rows = await db.$queryRaw<{ id: string; author: string | null; is_staff: boolean; body: string; created_at: Date }[]>`
    SELECT c.id::text, u.name AS author, c.is_staff, c.body, c.created_at
      FROM support_ticket_comments c LEFT JOIN users u ON u.id = c.author_id
     WHERE c.ticket_id = ${ticketId}::uuid AND c.organization_id = ${organizationId}::uuid
     ORDER BY c.created_at`;
  return rows.map((r) => ({ id: r.id, author: r.author, isStaff: r.is_staff, body: r.body, createdAt: r.created_at }));
}
