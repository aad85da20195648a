import { SUPPORT_LEVELS, TICKET_PRIORITIES, TICKET_STATUSES } from "@atrium/core/support";
import { z } from "zod";

const ZTimer = z.object({ dueAt: z.date(), metAt: z.date().nullable(), state: z.enum(["met", "breached", "running"]), remainingMs: z.number().nullable() });

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

export const ZComment = z.object({ id: z.uuid(), author: z.string().nullable(), isStaff: z.boolean(), body: z.string(), createdAt: z.date() });

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
