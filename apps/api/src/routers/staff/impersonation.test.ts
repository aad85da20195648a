/**
 * "Log in as customer" end to end: read-only access to the tenant, every call
 * audited in the tenant's own log with the impersonator, blocked when the
 * tenant disables it, held for an owner's approval when required, ended by
 * the tenant or by expiry. Also tenant support tickets and NPS.
 */
import { expireImpersonations } from "@atrium/core/impersonation";
import { SLA_HOURS } from "@atrium/core/support";
import { systemActor } from "@atrium/core/actor";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const org = (key: string) => api.demo.organizations[key]!;
const csm = await api.signedIn("csm@atrium.example");
const acmeAdmin = await api.signedIn("admin@acme.example");
const globexOwner = await api.signedIn("it@globex.example");
const csmId = api.demo.users["csm@atrium.example"]!;

describe("impersonation", () => {
  it("requires a reason and a duration", async () => {
    expect((await callError(csm.trpc.staff.impersonation.start.mutate({ organizationId: org("acme"), reason: "", minutes: 30 }))).status).toBe(400);
    expect((await callError(csm.trpc.staff.impersonation.start.mutate({ organizationId: org("acme"), reason: "Investigating ticket 1001", minutes: 0 }))).status).toBe(400);
  });

  it("gives read-only access, audits every call in the tenant's log with the impersonator, and ends", async () => {
    expect((await callError(csm.trpc.org.get.query({ orgId: org("acme") }))).status).toBe(404);
    const session = await csm.trpc.staff.impersonation.start.mutate({ organizationId: org("acme"), reason: "Investigating ticket 1001", minutes: 30 });
    expect(session.status).toBe("active");
    expect((await csm.trpc.staff.impersonation.current.query()).map((s) => s.id)).toEqual([session.id]);

    expect((await csm.trpc.org.get.query({ orgId: org("acme") })).name).toBe("Acme Corp");
    expect((await csm.trpc.org.get.query({ orgId: org("acmeCanada") })).name).toBe("Acme Canada"); // the subtree
    expect((await callError(csm.trpc.support.open.mutate({ orgId: org("acme"), subject: "From staff" }))).status).toBe(403); // read-only
    expect((await callError(csm.trpc.org.get.query({ orgId: org("globex") }))).status).toBe(404);

    const events = await api.db.auditEvent.findMany({
      where: { organizationId: org("acme"), impersonatorId: csmId },
      orderBy: { seq: "asc" },
      select: { action: true, status: true, actorType: true, details: true },
    });
    expect(events.map((e) => [e.action, e.status])).toEqual([
      ["impersonation.action", "success"],
      ["access.denied", "denied"],
      ["impersonation.action", "error"],
    ]);
    expect(events.every((e) => e.actorType === "staff")).toBe(true);
    const start = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: org("acme"), action: "impersonation.start" }, select: { details: true } });
    expect(start.details).toMatchObject({ reason: "Investigating ticket 1001", minutes: 30, writeAccess: false });
    expect(await api.db.auditEvent.count({ where: { organizationId: org("acmeCanada"), action: "impersonation.action", impersonatorId: csmId } })).toBe(1);

    // The tenant sees it and ends it.
    expect((await acmeAdmin.trpc.support.impersonations.query({ orgId: org("acme") })).map((s) => s.status)).toEqual(["active"]);
    await acmeAdmin.trpc.support.endImpersonation.mutate({ orgId: org("acme"), sessionId: session.id });
    expect((await callError(csm.trpc.org.get.query({ orgId: org("acme") }))).status).toBe(404);
  });

  it("refuses write access unless the tenant allows it, then allows it", async () => {
    expect((await callError(csm.trpc.staff.impersonation.start.mutate({ organizationId: org("acme"), reason: "Fix the SSO mapping", minutes: 15, writeAccess: true }))).status).toBe(403);
    await acmeAdmin.trpc.support.setImpersonationPolicy.mutate({ orgId: org("acme"), mode: "allowed", allowWrite: true, maxMinutes: 60 });
    const session = await csm.trpc.staff.impersonation.start.mutate({ organizationId: org("acme"), reason: "Fix the SSO mapping", minutes: 15, writeAccess: true });
    const ticket = await csm.trpc.support.open.mutate({ orgId: org("acme"), subject: "Opened while impersonating" });
    const audit = await api.db.auditEvent.findFirstOrThrow({ where: { action: "support_ticket.create", resourceId: ticket.id }, select: { organizationId: true, impersonatorId: true } });
    expect(audit).toEqual({ organizationId: org("acme"), impersonatorId: csmId });
    await csm.trpc.staff.impersonation.end.mutate({ sessionId: session.id });
    expect((await callError(csm.trpc.org.get.query({ orgId: org("acme") }))).status).toBe(404);
  });

  it("is blocked, and the refusal audited in the tenant's log, when the tenant disables it", async () => {
    const umbrella = org("umbrella");
    expect((await callError(csm.trpc.staff.impersonation.start.mutate({ organizationId: umbrella, reason: "Dashboard outage follow-up", minutes: 30 }))).status).toBe(403);
    const refused = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: umbrella, action: "impersonation.request" }, select: { status: true, actorId: true } });
    expect(refused).toEqual({ status: "denied", actorId: csmId });
    expect(await api.db.impersonationSession.count({ where: { organizationId: umbrella } })).toBe(0);
  });

  it("waits for an owner's approval when the tenant requires it", async () => {
    const globex = org("globex");
    const request = await csm.trpc.staff.impersonation.start.mutate({ organizationId: globex, reason: "Billing question from the CFO", minutes: 20 });
    expect(request.status).toBe("pending");
    expect((await callError(csm.trpc.org.get.query({ orgId: globex }))).status).toBe(404);
    const approved = await globexOwner.trpc.support.decideImpersonation.mutate({ orgId: globex, sessionId: request.id, approve: true });
    expect(approved.status).toBe("active");
    expect((await csm.trpc.org.get.query({ orgId: globex })).name).toBe("Globex Corporation");
    // Disabling it ends live sessions at once.
    await globexOwner.trpc.support.setImpersonationPolicy.mutate({ orgId: globex, mode: "disabled", allowWrite: false, maxMinutes: 60 });
    expect((await callError(csm.trpc.org.get.query({ orgId: globex }))).status).toBe(404);
    expect((await callError(csm.trpc.staff.impersonation.start.mutate({ organizationId: org("acme"), reason: "Too long a session", minutes: 240 }))).status).toBe(400);
  });

  it("ends automatically at expiry", async () => {
    const session = await csm.trpc.staff.impersonation.start.mutate({ organizationId: org("acme"), reason: "Expiry check for ticket", minutes: 5 });
    await api.db.impersonationSession.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callError(csm.trpc.org.get.query({ orgId: org("acme") }))).status).toBe(404);
    expect(await expireImpersonations(api.db, systemActor("impersonation-expiry"))).toBe(1);
    const ended = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: org("acme"), action: "impersonation.end", resourceId: session.id }, select: { details: true } });
    expect(ended.details).toEqual({ reason: "expired" });
  });
});

describe("tenant support tickets and NPS", () => {
  it("opens a ticket with SLA timers from the contract's support level; staff see it; other tenants do not", async () => {
    const ticket = await acmeAdmin.trpc.support.open.mutate({ orgId: org("acme"), subject: "Cannot invite members", priority: "urgent" });
    const contract = await api.db.contract.findFirstOrThrow({ where: { organizationId: org("acme"), status: { in: ["active", "renewal_pending"] } }, select: { slaSupportLevel: true } });
    expect(ticket.supportLevel).toBe(contract.slaSupportLevel);
    // urgent: a quarter of the support level's targets.
    const hours = SLA_HOURS[ticket.supportLevel];
    expect(ticket.firstResponse.dueAt.getTime() - ticket.createdAt.getTime()).toBe(hours.firstResponse * 0.25 * 3_600_000);
    expect(ticket.resolution.dueAt.getTime() - ticket.createdAt.getTime()).toBe(hours.resolution * 0.25 * 3_600_000);
    expect((await csm.trpc.staff.desk.tickets.query({ organizationId: org("acme") })).map((t) => t.id)).toContain(ticket.id);
    await csm.trpc.staff.desk.reply.mutate({ ticketId: ticket.id, body: "Looking into it now." });
    const thread = await acmeAdmin.trpc.support.ticket.query({ orgId: org("acme"), ticketId: ticket.id });
    expect(thread.entries.filter((e) => e.kind === "message").map((e) => [e.side, e.body])).toEqual([["staff", "Looking into it now."]]);
    expect((await callError(globexOwner.trpc.support.ticket.query({ orgId: org("globex"), ticketId: ticket.id }))).status).toBe(404);
    expect((await globexOwner.trpc.support.tickets.query({ orgId: org("globex") })).map((t) => t.id)).not.toContain(ticket.id);
    expect((await callError(globexOwner.trpc.support.close.mutate({ orgId: org("globex"), ticketId: ticket.id }))).status).toBe(404);
    expect((await callError(globexOwner.trpc.support.comment.mutate({ orgId: org("globex"), ticketId: ticket.id, body: "hi" }))).status).toBe(404);
    expect((await acmeAdmin.trpc.support.close.mutate({ orgId: org("acme"), ticketId: ticket.id })).status).toBe("closed");
  });

  it("records NPS answers and audits them", async () => {
    await acmeAdmin.trpc.support.respondNps.mutate({ orgId: org("acme"), score: 10, comment: "Great" });
    const audit = await api.db.auditEvent.count({ where: { organizationId: org("acme"), action: "nps.respond" } });
    expect(audit).toBe(1);
  });
});
