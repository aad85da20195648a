/**
 * `@atrium/core/support`: support tickets, SLA timers and NPS.
 * Exports only what other packages use; everything else stays inside core.
 */
export { closeOrgTicket, commentOnTicket, listOrgTickets, listStaffTickets, openTicket, staffTicketOrg, ticketComments, triageTicket } from "./tickets.ts";
export { SLA_HOURS, SUPPORT_LEVELS, TICKET_PRIORITIES, TICKET_STATUSES } from "./sla.ts";
export { npsSummary, respondNps } from "./nps.ts";
