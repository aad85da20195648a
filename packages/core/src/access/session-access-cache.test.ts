import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createSession, sessionIdOf } from "../auth/sessions.ts";
import { InvalidationBus } from "../invalidation/index.ts";
import { seedDemo } from "../seed/demo.ts";
import { SessionAccessCache } from "./session-access-cache.ts";
import { sessionWithOrgAccess } from "./session-access.ts";

const { db, url } = await createTestDatabase();
const demo = await seedDemo(db);
const acme = demo.organizations["acme"]!;
const lee = demo.users["lee.chen@acme.example"]!;
const signIn = async (userId: string) => (await createSession(db, userId, {})).token;
const roleOf = async (cache: SessionAccessCache, token: string) => (await cache.sessionWithOrgAccess(db, token, acme))?.access?.role;
const setRole = (role: string) => db.$executeRaw`UPDATE memberships SET role = ${role}::system_role WHERE user_id = ${lee}::uuid AND organization_id = ${acme}::uuid`;

/** The next bump of the bus, with its reason. */
const nextBump = (bus: InvalidationBus, reason?: string) =>
  new Promise<string>((resolve) => {
    const stop = bus.subscribe((why) => {
      if (reason && why !== reason) return;
      stop();
      resolve(why);
    });
  });

/** Signs Lee in and waits until the bus has heard of the new session, so that it does not arrive mid-test. */
async function signInHeard(bus: InvalidationBus) {
  const heard = nextBump(bus, "sessions");
  const token = await signIn(lee);
  await heard;
  return token;
}

const buses: InvalidationBus[] = [];
async function listeningBus(channels?: string[]) {
  const bus = new InvalidationBus({ url, applicationName: "atrium-test-invalidation", ...(channels ? { channels } : {}) });
  buses.push(bus);
  await bus.ready;
  return bus;
}
afterAll(() => Promise.all(buses.map((bus) => bus.stop())));
afterEach(async () => {
  vi.useRealTimers();
  await setRole("member");
});

describe("the session and access cache", () => {
  it("answers what sessionWithOrgAccess answers", async () => {
    const cache = new SessionAccessCache(await listeningBus());
    const token = await signIn(lee);
    for (const orgId of [acme, demo.organizations["globex"]!, "00000000-0000-4000-8000-000000000000"]) {
      expect(await cache.sessionWithOrgAccess(db, token, orgId)).toEqual(await sessionWithOrgAccess(db, token, orgId));
    }
    expect(await cache.sessionWithOrgAccess(db, "not-a-token", acme)).toBeNull();
    expect(await cache.sessionWithOrgAccess(db, "a".repeat(32), acme)).toBeNull();
  });

  it("serves a repeated lookup from memory for at most its lifetime when no change is announced", async () => {
    // This bus listens, but on a channel nobody notifies: only the lifetime ends an entry.
    const cache = new SessionAccessCache(await listeningBus(["atrium_test_silence"]), { lifetimeMs: 1_000 });
    const token = await signIn(lee);
    vi.useFakeTimers({ toFake: ["Date"] });
    expect(await roleOf(cache, token)).toEqual({ key: "member", name: "member", custom: false });
    await setRole("viewer");
    vi.advanceTimersByTime(999);
    expect((await roleOf(cache, token))?.key).toBe("member");
    vi.advanceTimersByTime(1);
    expect((await roleOf(cache, token))?.key).toBe("viewer");
  });

  it("drops what it holds when PostgreSQL announces a committed change", async () => {
    const bus = await listeningBus();
    const cache = new SessionAccessCache(bus);
    const token = await signInHeard(bus);
    expect((await roleOf(cache, token))?.key).toBe("member");
    expect(cache.size).toBe(1);
    const announced = nextBump(bus, "memberships");
    await setRole("viewer");
    await announced;
    expect(cache.size).toBe(0);
    expect((await roleOf(cache, token))?.key).toBe("viewer");
  });

  it("announces a revoked session and a deactivated person, not the last-seen time", async () => {
    const bus = await listeningBus();
    const token = await signInHeard(bus);
    const reasons: string[] = [];
    const stop = bus.subscribe((reason) => reasons.push(reason));
    await db.$executeRaw`UPDATE sessions SET last_seen_at = now() WHERE id = ${sessionIdOf(token)}`;
    await db.$executeRaw`UPDATE users SET last_login_at = now() WHERE id = ${lee}::uuid`;
    const revoked = nextBump(bus, "sessions");
    await db.session.delete({ where: { id: sessionIdOf(token) } });
    await revoked;
    const deactivated = nextBump(bus, "users");
    await db.user.update({ where: { id: lee }, data: { status: "active" }, select: { id: true } });
    await deactivated;
    stop();
    // Notifications arrive in commit order: the two writes before the DELETE announced nothing.
    expect(reasons).toEqual(["sessions", "users"]);
  });

  it("never stores a lookup that was in flight when a change arrived", async () => {
    const bus = await listeningBus();
    const cache = new SessionAccessCache(bus);
    const token = await signIn(lee);
    const lookup = roleOf(cache, token);
    bus.bump("a change while reading");
    expect((await lookup)?.key).toBe("member");
    expect(cache.size).toBe(0);
  });

  it("serves nothing from memory while its listening connection is lost, and again once it is back", async () => {
    const bus = await listeningBus();
    const cache = new SessionAccessCache(bus);
    const token = await signInHeard(bus);
    expect((await roleOf(cache, token))?.key).toBe("member");
    const lost = nextBump(bus, "listener lost");
    await db.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'atrium-test-invalidation' AND datname = current_database()`;
    await lost;
    expect(bus.listening).toBe(false);
    const back = nextBump(bus, "listener reconnected");
    // Changed with no one listening; read from the database at once all the same.
    await setRole("viewer");
    expect((await roleOf(cache, token))?.key).toBe("viewer");
    expect(cache.size).toBe(0);
    await back;
    expect(bus.listening).toBe(true);
    expect((await roleOf(cache, token))?.key).toBe("viewer");
    expect(cache.size).toBe(1);
  });

  it("keeps the last-seen time it wrote, instead of writing it on every hit", async () => {
    const cache = new SessionAccessCache(await listeningBus(["atrium_test_silence"]));
    const token = await signIn(lee);
    await db.$executeRaw`UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE id = ${sessionIdOf(token)}`;
    await cache.sessionWithOrgAccess(db, token, acme);
    const written = (await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(token) }, select: { lastSeenAt: true } })).lastSeenAt!;
    expect(Date.now() - written.getTime()).toBeLessThan(60_000);
    await db.$executeRaw`UPDATE sessions SET last_seen_at = ${new Date(0)} WHERE id = ${sessionIdOf(token)}`;
    await cache.sessionWithOrgAccess(db, token, acme);
    // Served from the entry, which holds the time written above: no second write.
    const after = (await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(token) }, select: { lastSeenAt: true } })).lastSeenAt!;
    expect(after).toEqual(new Date(0));
  });
});
