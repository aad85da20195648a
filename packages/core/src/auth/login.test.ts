import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../seed/demo.ts";
import { purgeExpiredSessions } from "./cleanup.ts";
import { loginWithPassword, logout } from "./login.ts";
import { sessionIdOf, validateSessionToken } from "./sessions.ts";
import { LOGIN_THROTTLE } from "./throttle.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const meta = { ip: "198.51.100.7", userAgent: "vitest" };

describe("password login", () => {
  it("creates a session whose token is stored only as its SHA-256, and audits the sign-in", async () => {
    const result = await loginWithPassword(db, { email: "Admin@Acme.example", password: DEMO_PASSWORD }, meta);
    expect(result.user.email).toBe("admin@acme.example");
    expect(await db.session.count({ where: { id: result.token! } })).toBe(0);
    expect(await db.session.count({ where: { id: sessionIdOf(result.token!) } })).toBe(1);
    const session = await validateSessionToken(db, result.token!);
    expect(session?.user.email).toBe("admin@acme.example");
    const event = await db.auditEvent.findFirst({
      where: { action: "auth.login", status: "success", actorId: result.user.id },
      select: { ip: true, userAgent: true },
    });
    expect(event).toEqual({ ip: "198.51.100.7", userAgent: "vitest" });
  });

  it("answers a wrong password and an unknown e-mail with the same UNAUTHORIZED message", async () => {
    const wrong = loginWithPassword(db, { email: "lee.chen@acme.example", password: "not-the-password" }, meta);
    await expect(wrong).rejects.toMatchObject({ code: "UNAUTHORIZED", userMessage: "Invalid e-mail or password." });
    const unknown = loginWithPassword(db, { email: "nobody@acme.example", password: "whatever-password" }, meta);
    await expect(unknown).rejects.toMatchObject({ code: "UNAUTHORIZED", userMessage: "Invalid e-mail or password." });
    const reasons = await db.auditEvent.findMany({
      where: { action: "auth.login", status: "denied", organizationId: null, actorLabel: { in: ["lee.chen@acme.example", "nobody@acme.example"] } },
      select: { details: true },
      orderBy: { seq: "asc" },
    });
    expect(reasons.map((r) => r.details)).toEqual([{ method: "password", reason: "wrong_password" }, { method: "password", reason: "unknown_email" }]);
    // The member's refusal is on their organization's log too; the unknown e-mail's only on the platform's.
    const tenantCopies = await db.auditEvent.groupBy({
      by: ["actorLabel"],
      where: { action: "auth.login", status: "denied", organizationId: { not: null }, actorLabel: { in: ["lee.chen@acme.example", "nobody@acme.example"] } },
      _count: true,
    });
    expect(tenantCopies).toEqual([{ actorLabel: "lee.chen@acme.example", _count: 1 }]);
  });

  it("locks an e-mail after too many failures, even for the right password, with a retry time", async () => {
    const email = "tom.baker@acme.example";
    for (let i = 0; i < LOGIN_THROTTLE.email.maxFailures; i++) {
      await expect(loginWithPassword(db, { email, password: `wrong-${i}-password` }, { ip: `192.0.2.${i}` })).rejects.toMatchObject({
        code: "UNAUTHORIZED",
      });
    }
    const locked = loginWithPassword(db, { email, password: DEMO_PASSWORD }, { ip: "192.0.2.200" });
    await expect(locked).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const error = await locked.then(
      () => null,
      (e: { retryAfterSeconds: number }) => e,
    );
    expect(error?.retryAfterSeconds).toBeGreaterThan(14 * 60);
    // The refusals are on the log of Tom's organization (Acme North America) as on the platform's.
    const tom = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const byLog = await db.auditEvent.groupBy({
      by: ["organizationId"],
      where: { action: "auth.login", status: "denied", resourceId: tom.id },
      _count: true,
      orderBy: { organizationId: "asc" },
    });
    const acmeNorthAmerica = demo.organizations["acmeNorthAmerica"]!;
    expect(byLog).toEqual([
      { organizationId: acmeNorthAmerica, _count: LOGIN_THROTTLE.email.maxFailures + 1 },
      { organizationId: null, _count: LOGIN_THROTTLE.email.maxFailures + 1 },
    ]);
    const throttled = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.login", organizationId: acmeNorthAmerica, resourceId: tom.id }, orderBy: { seq: "desc" } });
    expect(throttled.details).toMatchObject({ method: "password", reason: "throttled" });
  });

  it("ends the session on logout", async () => {
    const result = await loginWithPassword(db, { email: "sam.patel@acme.example", password: DEMO_PASSWORD }, meta);
    const session = (await validateSessionToken(db, result.token!))!;
    await logout(db, session.id, session.user, meta);
    expect(await validateSessionToken(db, result.token!)).toBeNull();
  });

  it("slides a session's expiry forward when it is used past half its life, and purges expired ones", async () => {
    const result = await loginWithPassword(db, { email: "maria.garcia@acme.example", password: DEMO_PASSWORD }, meta);
    const id = sessionIdOf(result.token!);
    await db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 24 * 3600_000) } });
    const renewed = await validateSessionToken(db, result.token!);
    expect(renewed!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);

    await db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await purgeExpiredSessions(db)).toBe(1);
    expect(await db.session.count({ where: { id } })).toBe(0);
  });
});

describe("cleanup of identity leftovers", () => {
  it("deletes expired MFA challenges and device codes a day past expiry", async () => {
    const userId = (await db.user.findUniqueOrThrow({ where: { email: "admin@acme.example" } })).id;
    const past = new Date(Date.now() - 2 * 24 * 3600_000);
    await db.mfaChallenge.create({ data: { id: sessionIdOf("old-challenge"), userId, purpose: "verify", expiresAt: past } });
    await db.deviceAuthorization.create({
      data: { deviceCodeHash: sessionIdOf("old-device-code"), userCode: "BCDFGHJK", clientId: "atrium-cli", scopes: ["org:read"], intervalSeconds: 5, expiresAt: past },
    });
    await purgeExpiredSessions(db);
    expect(await db.mfaChallenge.count({ where: { id: sessionIdOf("old-challenge") } })).toBe(0);
    expect(await db.deviceAuthorization.count({ where: { userCode: "BCDFGHJK" } })).toBe(0);
  });
});
