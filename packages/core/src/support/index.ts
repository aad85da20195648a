/**
 * `@atrium/core/support`: support tickets, SLA timers and NPS.
 * Exports only what other packages use; everything else stays inside core.
 */
export { listOrgTickets, listStaffTickets, openTicket } from "./tickets.ts";
export { SLA_HOURS, SUPPORT_LEVELS, TICKET_PRIORITIES, TICKET_STATUSES } from "./sla.ts";
export { npsSummary, respondNps } from "./nps.ts";
export { addInternalNote, closeOrgTicket, replyToTicket, triageTicket } from "./changes.ts";
export { customerThread, staffThread } from "./thread.ts";
