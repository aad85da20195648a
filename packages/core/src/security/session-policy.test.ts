import { describe, expect, it } from "vitest";
import { actorForUser } from "../actor.ts";
import { createSession, sessionIdOf, validateSessionToken } from "../auth/sessions.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { getSessionPolicy, setSessionPolicy } from "./session-policy.ts";

const { db, demo } = await createDemoTestDatabase();
const meta = { ip: "198.51.100.7", userAgent: "vitest" };
const userId = (email: string) => demo.users[email]!;
const acme = demo.organizations["acme"]!;
const globex = demo.organizations["globex"]!;
const owner = actorForUser({ id: userId("admin@acme.example"), email: "admin@acme.example", platformRole: null }, meta, false);
const globexOwner = actorForUser({ id: userId("it@globex.example"), email: "it@globex.example", platformRole: null }, meta, false);
const H = 3_600_000;
const M = 60_000;

/** A new session of `email`, created and last used the given time ago. */
async function session(email: string, { age = 0, idle = 0 }: { age?: number; idle?: number } = {}): Promise<string> {
  const { token } = await createSession(db, userId(email), meta);
  const now = Date.now();
  await db.session.update({ where: { id: sessionIdOf(token) }, data: { createdAt: new Date(now - age), lastSeenAt: new Date(now - idle) } });
  return token;
}

const stillValid = async (token: string) => (await validateSessionToken(db, token)) !== null;
const rowExists = async (token: string) => (await db.session.count({ where: { id: sessionIdOf(token) } })) === 1;

describe("session policy", () => {
  it("leaves sessions alone while no organization sets one", async () => {
    expect(await getSessionPolicy(db, acme)).toEqual({ idleTimeoutMinutes: null, maxLifetimeHours: null, updatedAt: null });
    expect(await stillValid(await session("tom.baker@acme.example", { age: 10 * 24 * H, idle: 3 * 24 * H }))).toBe(true);
  });

  it("ends a session older than the maximum lifetime at its next lookup, and caps the sliding expiry", async () => {
    const old = await session("tom.baker@acme.example", { age: 25 * H });
    const fresh = await session("tom.baker@acme.example", { age: 2 * H });
    await setSessionPolicy(db, owner, acme, { idleTimeoutMinutes: null, maxLifetimeHours: 24 });
    expect(await stillValid(old)).toBe(false);
    expect(await rowExists(old)).toBe(false);
    const valid = await validateSessionToken(db, fresh);
    const created = (await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(fresh) }, select: { createdAt: true } })).createdAt;
    expect(valid!.expiresAt.getTime()).toBe(created.getTime() + 24 * H);
  });

  it("ends a session unused for longer than the idle timeout; a recently used one lives on", async () => {
    await setSessionPolicy(db, owner, acme, { idleTimeoutMinutes: 30, maxLifetimeHours: null });
    const idle = await session("tom.baker@acme.example", { idle: 31 * M });
    const used = await session("tom.baker@acme.example", { idle: 29 * M });
    expect(await stillValid(idle)).toBe(false);
    expect(await stillValid(used)).toBe(true);
  });

  it("governs members of child organizations through their ancestor's policy", async () => {
    // Olivia is a member of Globex UK only; the policy is set on its parent, Globex.
    expect(await db.membership.findMany({ where: { userId: userId("olivia.hughes@globex.example") }, select: { organizationId: true } })).toEqual([
      { organizationId: demo.organizations["globexUk"]! },
    ]);
    expect(await stillValid(await session("olivia.hughes@globex.example", { idle: 20 * M }))).toBe(true);
    const token = await session("olivia.hughes@globex.example", { idle: 20 * M });
    await setSessionPolicy(db, globexOwner, globex, { idleTimeoutMinutes: 15, maxLifetimeHours: null });
    expect(await stillValid(token)).toBe(false);
  });

  it("applies the strictest policy of a person's organizations, and never another tenant's", async () => {
    // Acme says 30 minutes idle, Globex 15: a member of Acme only keeps a session idle for 20 minutes.
    expect(await stillValid(await session("tom.baker@acme.example", { idle: 20 * M }))).toBe(true);
    await db.membership.create({ data: { organizationId: globex, userId: userId("tom.baker@acme.example"), role: "member" } });
    expect(await stillValid(await session("tom.baker@acme.example", { idle: 20 * M }))).toBe(false);
  });

  it("audits each change with the policy before and after", async () => {
    const events = await db.auditEvent.findMany({
      where: { action: "security.session_policy_update", organizationId: acme },
      orderBy: { seq: "asc" },
      select: { details: true, resourceType: true, actorId: true },
    });
    expect(events).toEqual([
      { resourceType: "session_policy", actorId: userId("admin@acme.example"), details: { before: { idleTimeoutMinutes: null, maxLifetimeHours: null }, after: { idleTimeoutMinutes: null, maxLifetimeHours: 24 } } },
      { resourceType: "session_policy", actorId: userId("admin@acme.example"), details: { before: { idleTimeoutMinutes: null, maxLifetimeHours: 24 }, after: { idleTimeoutMinutes: 30, maxLifetimeHours: null } } },
    ]);
  });

  it("refuses limits out of bounds and an idle timeout longer than the lifetime", async () => {
    await expect(setSessionPolicy(db, owner, acme, { idleTimeoutMinutes: 4, maxLifetimeHours: null })).rejects.toThrow(/at least 5 minutes/);
    await expect(setSessionPolicy(db, owner, acme, { idleTimeoutMinutes: null, maxLifetimeHours: 721 })).rejects.toThrow(/at most 30 days/);
    await expect(setSessionPolicy(db, owner, acme, { idleTimeoutMinutes: 120, maxLifetimeHours: 1 })).rejects.toThrow(/cannot be longer than the maximum lifetime/);
    expect((await getSessionPolicy(db, acme)).idleTimeoutMinutes).toBe(30);
  });
});
