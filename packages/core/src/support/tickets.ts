/**
 * Support tickets: tenant members open and follow them in the admin console;
 * platform staff triage them in the CSM portal. SLA timers come from the
 * support level of the customer's contract when the ticket is opened (sla.ts):
 * the commitment in force then. The thread is in thread.ts, posts and changes
 * in changes.ts. Every change is audited.
 */
import { Prisma, type Db, type DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { visibleToStaff, type Staff } from "../staff/access.ts";
import type { Links } from "../invitations/service.ts";
import { notifySide } from "./notify.ts";
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
  openedByName: string | null;
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
  opened_by_name: string | null;
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
         t.priority, t.support_level, ou.email::text AS opened_by, ou.name AS opened_by_name, t.assignee_id::text, au.name AS assignee,
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
    openedByName: t.opened_by_name,
    assigneeId: t.assignee_id,
    assignee: t.assignee,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    resolvedAt: t.resolved_at,
    closedAt: t.closed_at,
    resolutionHours: done ? Math.round(((done.getTime() - t.created_at.getTime()) / 3_600_000) * 10) / 10 : null,
    firstResponse: slaTimer(t.first_response_due_at, t.first_response_at, now, t.created_at),
    resolution: slaTimer(t.resolution_due_at, done, now, t.created_at),
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

/** Opens a ticket with the contract's SLA timers; the staff who answer for the customer are told by e-mail (when links are given). */
export async function openTicket(db: Db, actor: Actor, organizationId: string, userId: string | null, input: NewTicket, links?: Links): Promise<TicketRow> {
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
    const row = (await getTicket(tx, ticket.id))!;
    if (links) await notifySide(tx, links, "staff", row, { kind: "opened", author: row.openedByName, body: input.description }, userId);
    return row;
  });
}

export async function getTicket(db: DbOrTx, id: string): Promise<TicketRow | null> {
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

export const ticketNotFound = () => new AppError("NOT_FOUND", { userMessage: "The ticket was not found." });

/** The organization's ticket; NOT_FOUND for a ticket of any other organization, exactly as for one that does not exist. */
export async function orgTicket(db: DbOrTx, organizationId: string, ticketId: string): Promise<TicketRow> {
  const [row] = await db.$queryRaw<RawTicket[]>`${SELECT} WHERE t.id = ${ticketId}::uuid AND t.organization_id = ${organizationId}::uuid`;
  if (!row) throw ticketNotFound();
  return toRow(row);
}

/** The ticket, when the staff member sees its customer; NOT_FOUND otherwise. */
export async function staffTicket(db: DbOrTx, staff: Staff, ticketId: string): Promise<TicketRow> {
  const [row] = await db.$queryRaw<RawTicket[]>`${SELECT} WHERE t.id = ${ticketId}::uuid AND ${visibleToStaff(staff)}`;
  if (!row) throw ticketNotFound();
  return toRow(row);
}

/** The ticket's organization, when the staff member sees it. */
export async function staffTicketOrg(db: DbOrTx, staff: Staff, ticketId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ organization_id: string }[]>`
    SELECT t.organization_id::text FROM support_tickets t JOIN organizations o ON o.id = t.organization_id
     WHERE t.id = ${ticketId}::uuid AND ${visibleToStaff(staff)}`;
  if (!row) throw ticketNotFound();
  return row.organization_id;
}

