import type { TestClient } from "../testing.ts";
import type { Case, Sweep } from "./sweep.ts";

/** The audited-mutations sweep's cases for customer success: staff, health, renewals, QBRs, support, impersonation. */
export function successCases({ api, acme, owner, staff, unique, child, signedInAs }: Sweep): Record<string, Case> {
  const o = owner.trpc;
  const s = staff.trpc.staff;
  // Impersonations are started by support staff on fresh child organizations of Acme, never by the super
  // admin (root) and never on Acme itself, so no live session changes how anyone else is seen.
  let supportClient: Promise<TestClient> | undefined;
  const support = () => (supportClient ??= signedInAs("support@atrium.example")());
  const impersonationOf = async (orgId: string) =>
    (await (await support()).trpc.staff.impersonation.start.mutate({ organizationId: orgId, reason: "Audit sweep investigation", minutes: 5 })).id;
  /** A ticket opened by Acme's owner in a fresh child organization. */
  const ticket = async () => {
    const orgId = await child();
    return { orgId, ticketId: (await o.support.open.mutate({ orgId, subject: unique("Sweep ticket") })).id };
  };

  return {
    // Staff procedures: refused as Acme's owner (not platform staff), done as the super admin unless said otherwise.
    "staff.assign": {
      as: () => staff,
      // Acme is already assigned to this CSM: the assignment is re-recorded without changing who sees what.
      input: () => ({ organizationId: acme, csmUserId: api.demo.users["csm@atrium.example"]! }),
    },
    "staff.health.recompute": { as: () => staff, input: async () => ({ organizationId: await child() }) },
    "staff.health.setConfig": {
      as: () => staff,
      // The current configuration, saved again: audited, and nothing else's scores change.
      input: async () => {
        const { weights, thresholds, rollup } = await s.health.config.query();
        return { weights, thresholds, rollup };
      },
    },
    "staff.health.recordOutcome": { as: () => staff, input: async () => ({ organizationId: await child(), renewalDate: "2020-01-01", outcome: "renewed" }) },
    "staff.sla.record": { as: () => staff, input: async () => ({ organizationId: await child(), month: "2020-01", uptimePct: 99.9, p99LatencyMs: 200 }) },
    "staff.desk.triage": { as: () => staff, input: async () => ({ ticketId: (await ticket()).ticketId, status: "in_progress", priority: "high" }) },
    "staff.desk.reply": { as: () => staff, input: async () => ({ ticketId: (await ticket()).ticketId, body: "Looking into it." }) },
    "staff.desk.note": { as: () => staff, input: async () => ({ ticketId: (await ticket()).ticketId, body: "Customer on an old IdP certificate." }) },
    "staff.qbr.generate": { as: () => staff, input: async () => ({ organizationId: await child(), quarter: "2025-Q4" }) },
    "staff.qbr.schedule": {
      as: () => staff,
      input: async () => {
        const { id } = await s.qbr.generate.mutate({ organizationId: await child(), quarter: "2025-Q4" });
        return { qbrId: id, startsAt: new Date("2027-01-10T15:00:00Z"), durationMinutes: 60, attendees: ["admin@acme.example"] };
      },
    },
    "staff.impersonation.start": {
      as: support,
      input: async () => ({ organizationId: await child(), reason: "Audit sweep investigation", minutes: 5 }),
    },
    "staff.impersonation.end": {
      as: support,
      input: async () => ({ sessionId: await impersonationOf(await child()) }),
      refused: {
        notAttributable:
          "the only refusal is NOT_FOUND for a session that is not the caller's own live one, answered like an unknown id and not recorded (a session id is not proof of which organization to log it in)",
      },
    },

    // Organization procedures: refused as Acme's viewer, done as Acme's owner (in a fresh child where it leaves state behind).
    "support.open": { input: async () => ({ orgId: await child(), subject: unique("Sweep ticket"), priority: "normal" }) },
    "support.comment": { input: async () => ({ ...(await ticket()), body: "Any news?" }) },
    "support.close": { input: ticket },
    "support.respondNps": {
      input: async () => ({ orgId: await child(), score: 9, comment: "Sweep" }),
      // Every member may answer, viewers included: the refusal is someone from another organization.
      refused: { as: signedInAs("security@umbrella.example"), input: () => ({ orgId: acme, score: 9, comment: "Sweep" }) },
    },
    "support.setImpersonationPolicy": { input: async () => ({ orgId: await child(), mode: "approval_required", allowWrite: false, maxMinutes: 60 }) },
    "support.decideImpersonation": {
      input: async () => {
        const orgId = await child();
        await o.support.setImpersonationPolicy.mutate({ orgId, mode: "approval_required", allowWrite: false, maxMinutes: 60 });
        // Denied, so no session goes live.
        return { orgId, sessionId: await impersonationOf(orgId), approve: false };
      },
    },
    "support.endImpersonation": {
      input: async () => {
        const orgId = await child();
        return { orgId, sessionId: await impersonationOf(orgId) };
      },
    },
  };
}
