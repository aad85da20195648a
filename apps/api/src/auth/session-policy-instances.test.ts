/**
 * An organization's session policy over the real API, with two instances on
 * one database each caching sessions in process: a policy saved on A ends the
 * sessions past its limits on B within a second, leaves the others alone, and
 * is audited; the settings page's read and write follow the permission catalog.
 */
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";
import { cookieOf, queryStatus, startSecondInstance, untilAnswers, warm } from "../testing-instances.ts";

const a = await startTestApi({ sessionCache: true });
const acme = a.demo.organizations["acme"]!;
const userId = (email: string) => a.demo.users[email]!;

const b = await startSecondInstance(a, { sessionCache: true });
const owner = await a.signedIn("admin@acme.example");
const H = 3_600_000;

describe("session policy across two API instances", () => {
  it("a maximum lifetime saved on A ends older sessions on B within 1 s; younger ones go on", async () => {
    const lee = await a.signedIn("lee.chen@acme.example");
    await a.db.session.updateMany({ where: { userId: userId("lee.chen@acme.example") }, data: { createdAt: new Date(Date.now() - 3 * H) } });
    const sam = await a.signedIn("sam.patel@acme.example");
    await warm(b, cookieOf(lee), "org.get", { orgId: acme });
    await warm(b, cookieOf(sam), "org.get", { orgId: acme });
    await owner.trpc.settings.updateSessionPolicy.mutate({ orgId: acme, idleTimeoutMinutes: null, maxLifetimeHours: 2 });
    expect(await untilAnswers(b, cookieOf(lee), "org.get", { orgId: acme }, 401)).toBeLessThan(1_000);
    expect(await queryStatus(b, cookieOf(lee), "auth.me", {})).toBe(401);
    expect(await queryStatus(b, cookieOf(sam), "org.get", { orgId: acme })).toBe(200);
  });

  it("an idle timeout saved on A ends sessions unused that long on B within 1 s", async () => {
    const noah = await a.signedIn("noah.roy@acme.example"); // a member of Acme Canada: its ancestor's policy governs him
    const canada = { orgId: a.demo.organizations["acmeCanada"]! };
    await warm(b, cookieOf(noah), "org.get", canada);
    await a.db.session.updateMany({ where: { userId: userId("noah.roy@acme.example") }, data: { lastSeenAt: new Date(Date.now() - 45 * 60_000) } });
    await owner.trpc.settings.updateSessionPolicy.mutate({ orgId: acme, idleTimeoutMinutes: 30, maxLifetimeHours: null });
    expect(await untilAnswers(b, cookieOf(noah), "org.get", canada, 401)).toBeLessThan(1_000);
    expect(await a.db.session.count({ where: { userId: userId("noah.roy@acme.example") } })).toBe(0);
  });

  it("reads back the policy and audits each change with before and after", async () => {
    expect(await owner.trpc.settings.sessionPolicy.query({ orgId: acme })).toMatchObject({ idleTimeoutMinutes: 30, maxLifetimeHours: null });
    const events = await a.db.auditEvent.findMany({ where: { action: "security.session_policy_update", organizationId: acme }, orderBy: { seq: "asc" }, select: { details: true, status: true } });
    expect(events).toEqual([
      { status: "success", details: { before: { idleTimeoutMinutes: null, maxLifetimeHours: null }, after: { idleTimeoutMinutes: null, maxLifetimeHours: 2 } } },
      { status: "success", details: { before: { idleTimeoutMinutes: null, maxLifetimeHours: 2 }, after: { idleTimeoutMinutes: 30, maxLifetimeHours: null } } },
    ]);
  });

  it("says what is wrong with limits out of bounds, on their fields", async () => {
    const error = await callError(owner.trpc.settings.updateSessionPolicy.mutate({ orgId: acme, idleTimeoutMinutes: 2, maxLifetimeHours: 1_000 }));
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({
      idleTimeoutMinutes: ["The idle timeout is at least 5 minutes."],
      maxLifetimeHours: ["The maximum lifetime is at most 30 days (720 hours)."],
    });
    const longer = await callError(owner.trpc.settings.updateSessionPolicy.mutate({ orgId: acme, idleTimeoutMinutes: 180, maxLifetimeHours: 2 }));
    expect(longer.fieldErrors).toEqual({ idleTimeoutMinutes: ["The idle timeout cannot be longer than the maximum lifetime."] });
  });

  it("refuses a viewer (403) and keeps other tenants out (404)", async () => {
    const auditor = await a.signedIn("auditor@acme.example");
    expect((await callError(auditor.trpc.settings.sessionPolicy.query({ orgId: acme }))).status).toBe(403);
    expect((await callError(auditor.trpc.settings.updateSessionPolicy.mutate({ orgId: acme, idleTimeoutMinutes: 5, maxLifetimeHours: null }))).status).toBe(403);
    const globexOwner = await a.signedIn("it@globex.example");
    expect((await callError(globexOwner.trpc.settings.updateSessionPolicy.mutate({ orgId: acme, idleTimeoutMinutes: 5, maxLifetimeHours: null }))).status).toBe(404);
    expect((await owner.trpc.settings.sessionPolicy.query({ orgId: acme })).idleTimeoutMinutes).toBe(30);
  });
});
