import { SUPPORT_LEVELS, TICKET_PRIORITIES, TICKET_STATUSES } from "@atrium/core/support";
import { z } from "zod";

const ZTimer = z.object({ dueAt: z.date(), metAt: z.date().nullable(), state: z.enum(["met", "breached", "at_risk", "running"]), remainingMs: z.number().nullable() });

export const ZTicket = z.object({
  id: z.uuid(),
  number: z.number().int(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  subject: z.string(),
  description: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  supportLevel: z.enum(SUPPORT_LEVELS),
  openedBy: z.string().nullable(),
  openedByName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assignee: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  resolutionHours: z.number().nullable(),
  firstResponse: ZTimer,
  resolution: ZTimer,
});

const ZSide = z.enum(["customer", "staff"]);

/** A customer's view of the thread: replies of both sides and visible changes; `note` never appears in it. */
const ZCustomerEntry = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), id: z.uuid(), at: z.date(), side: ZSide, author: z.string().nullable(), body: z.string() }),
  z.object({ kind: z.literal("change"), id: z.uuid(), at: z.date(), side: ZSide, author: z.string().nullable(), field: z.enum(["status", "priority"]), from: z.string().nullable(), to: z.string().nullable() }),
]);

const ZStaffEntry = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), id: z.uuid(), at: z.date(), side: ZSide, author: z.string().nullable(), body: z.string() }),
  z.object({ kind: z.literal("note"), id: z.uuid(), at: z.date(), author: z.string().nullable(), body: z.string() }),
  z.object({ kind: z.literal("change"), id: z.uuid(), at: z.date(), side: ZSide, author: z.string().nullable(), field: z.enum(["status", "priority", "assignee"]), from: z.string().nullable(), to: z.string().nullable() }),
]);

/** The customer's thread: its output schema has no room for an internal note, so one could not be sent even by mistake. */
export const ZCustomerThread = z.object({ ticket: ZTicket, entries: z.array(ZCustomerEntry) });
export const ZStaffThread = z.object({ ticket: ZTicket, entries: z.array(ZStaffEntry) });

/** A message's text, said in sentences when it is wrong (shown on the field). */
export const ZMessageBody = z
  .string({ error: "Write a message." })
  .trim()
  .min(1, "Write a message.")
  .max(10000, "A message can be at most 10,000 characters; split it in two.");

export const ZTicketSubject = z
  .string({ error: "Give the ticket a subject." })
  .trim()
  .min(1, "Give the ticket a subject.")
  .max(200, "A subject can be at most 200 characters; put the details in the description.");

export const ZTicketDescription = z.string().max(10000, "A description can be at most 10,000 characters.").default("");

export const ZImpersonation = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  staffUserId: z.uuid(),
  staffEmail: z.string(),
  staffName: z.string(),
  reason: z.string(),
  minutes: z.number().int(),
  writeAccess: z.boolean(),
  status: z.enum(["pending", "active", "ended", "denied"]),
  requestedAt: z.date(),
  startedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  endReason: z.string().nullable(),
});
