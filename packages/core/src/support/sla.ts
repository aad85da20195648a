/**
 * Support SLA timers: the first-response and resolution targets of a ticket,
 * from the customer's support level (the contract's, or the plan's default)
 * and the ticket's priority. Pure, so the API, the worker and tests agree.
 */
export const SUPPORT_LEVELS = ["standard", "business", "premium", "dedicated"] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];
export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_STATUSES = ["open", "in_progress", "waiting_on_customer", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** How a status reads to a person (timeline, e-mails). */
export const STATUS_LABELS: Record<TicketStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
  closed: "Closed",
};

const HOUR = 3_600_000;

/** Targets in hours for a normal-priority ticket. */
export const SLA_HOURS: Record<SupportLevel, { firstResponse: number; resolution: number }> = {
  standard: { firstResponse: 24, resolution: 120 },
  business: { firstResponse: 8, resolution: 72 },
  premium: { firstResponse: 4, resolution: 48 },
  dedicated: { firstResponse: 1, resolution: 24 },
};

/** Priority scales the targets: urgent a quarter, high a half, low double. */
export const PRIORITY_FACTOR: Record<TicketPriority, number> = { urgent: 0.25, high: 0.5, normal: 1, low: 2 };

/** Weight of an open ticket in the health score's support load. */
export const PRIORITY_WEIGHT: Record<TicketPriority, number> = { low: 0.5, normal: 1, high: 2, urgent: 4 };

export function slaDeadlines(level: SupportLevel, priority: TicketPriority, openedAt: Date) {
  const hours = SLA_HOURS[level];
  const factor = PRIORITY_FACTOR[priority];
  return {
    firstResponseDueAt: new Date(openedAt.getTime() + hours.firstResponse * factor * HOUR),
    resolutionDueAt: new Date(openedAt.getTime() + hours.resolution * factor * HOUR),
  };
}

export function defaultSupportLevel(plan: string): SupportLevel {
  return plan === "enterprise" ? "premium" : plan === "business" ? "business" : "standard";
}

export interface SlaTimer {
  dueAt: Date;
  metAt: Date | null;
  /**
   * met: done before due; breached: done late or overdue now; at_risk: still
   * running with a quarter or less of the window left; running: due later.
   */
  state: "met" | "breached" | "at_risk" | "running";
  /** Milliseconds left (negative when overdue); null once met/breached with an end. */
  remainingMs: number | null;
}

/** The share of a timer's window under which a running timer is at risk. */
export const AT_RISK_SHARE = 0.25;

export function slaTimer(dueAt: Date, metAt: Date | null, now: Date, startedAt?: Date): SlaTimer {
  if (metAt) return { dueAt, metAt, state: metAt <= dueAt ? "met" : "breached", remainingMs: null };
  const remainingMs = dueAt.getTime() - now.getTime();
  const windowMs = startedAt ? dueAt.getTime() - startedAt.getTime() : null;
  const state = remainingMs < 0 ? "breached" : windowMs !== null && remainingMs <= windowMs * AT_RISK_SHARE ? "at_risk" : "running";
  return { dueAt, metAt, state, remainingMs };
}
