import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { actorForUser } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { memberActivity } from "./members.ts";

const { db, demo } = await createDemoTestDatabase();
const meta = { ip: "198.51.100.7", userAgent: "vitest" };
const acme = demo.organizations["acme"]!;
const acmeNa = demo.organizations["acmeNorthAmerica"]!;
const acmeCanada = demo.organizations["acmeCanada"]!;
const acmeEmea = demo.organizations["acmeEmea"]!;
const globex = demo.organizations["globex"]!;
const D = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * D).toISOString().slice(0, 10);
const from = day(-6);
const to = day(0);

/** A member of `organizationId` created for this file, with the given sign-in history. */
async function person(email: string, organizationId: string, sessions: { created: Date; seen: Date | null }[] = [], lastLoginAt: Date | null = null) {
  const user = await db.user.create({ data: { email, name: email.split("@")[0]!, lastLoginAt }, select: { id: true } });
  await db.membership.create({ data: { organizationId, userId: user.id, role: "member" } });
  for (const [i, s] of sessions.entries()) {
    await db.session.create({ data: { id: createHash("sha256").update(`${email}-${i}`).digest("hex"), userId: user.id, expiresAt: new Date(Date.now() + 30 * D), createdAt: s.created, lastSeenAt: s.seen } });
  }
  return user.id;
}

const never = await person("never@acme.example", acme);
const lapsed = await person("lapsed@acme.example", acme, [{ created: new Date(Date.now() - 40 * D), seen: new Date(Date.now() - 39 * D) }]);
const returning = await person("returning@acme.example", acme, [{ created: new Date(Date.now() - 20 * D), seen: new Date(Date.now() - 3 * D) }]);
const busy = await person("busy@acme.example", acme);
const busyActor = actorForUser({ id: busy, email: "busy@acme.example", platformRole: null }, meta, false);
for (let i = 0; i < 3; i++) await recordAudit(db, busyActor, { action: "org.update", organizationId: acme, resource: { type: "organization", id: acme } });
// A refused action is not activity; an action in another organization is not this one's.
await recordAudit(db, busyActor, { action: "access.denied", status: "denied", organizationId: acme, resource: { type: "organization", id: acme } });
const childOnly = await person("child-only@acme.example", acmeCanada, [{ created: new Date(Date.now() - 1 * D), seen: null }]);

/**
 * The figures computed independently of the service: one row per member with each fact as an
 * EXISTS over the raw tables (no shared "points" union), for the given scope.
 */
async function expected(scope: string[]) {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + D);
  const rows = await db.$queryRawUnsafe<{ id: string; active: boolean; signed_in: boolean; last: Date | null; actions: number }[]>(
    `SELECT u.id::text AS id,
            (EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND ((s.created_at >= $2 AND s.created_at < $3) OR (s.last_seen_at >= $2 AND s.last_seen_at < $3)))
             OR (u.last_login_at >= $2 AND u.last_login_at < $3)
             OR EXISTS (SELECT 1 FROM audit_events a WHERE a.actor_type = 'user' AND a.actor_id = u.id::text AND a.status = 'success'
                         AND a.organization_id = ANY($1::uuid[]) AND a.occurred_at >= $2 AND a.occurred_at < $3)) AS active,
            (u.last_login_at IS NOT NULL OR EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id)
             OR EXISTS (SELECT 1 FROM audit_events a WHERE a.actor_type = 'user' AND a.actor_id = u.id::text AND a.status = 'success'
                         AND a.action = 'auth.login' AND a.organization_id = ANY($1::uuid[]))) AS signed_in,
            GREATEST(
              (SELECT max(v.at) FROM sessions s, LATERAL (VALUES (s.created_at), (s.last_seen_at)) AS v(at) WHERE s.user_id = u.id AND v.at < $3),
              CASE WHEN u.last_login_at < $3 THEN u.last_login_at END,
              (SELECT max(a.occurred_at) FROM audit_events a WHERE a.actor_type = 'user' AND a.actor_id = u.id::text AND a.status = 'success'
                 AND a.organization_id = ANY($1::uuid[]) AND a.occurred_at < $3)) AS last,
            (SELECT count(*)::int FROM audit_events a WHERE a.actor_type = 'user' AND a.actor_id = u.id::text AND a.status = 'success'
               AND a.organization_id = ANY($1::uuid[]) AND a.occurred_at >= $2 AND a.occurred_at < $3) AS actions
       FROM users u
      WHERE u.id IN (SELECT user_id FROM memberships WHERE status = 'active' AND organization_id = ANY($1::uuid[]))`,
    scope,
    start,
    end,
  );
  const daily: { day: string; active: number }[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += D) {
    const [a, b] = [new Date(t), new Date(t + D)];
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM users u
        WHERE u.id IN (SELECT user_id FROM memberships WHERE status = 'active' AND organization_id = ANY($1::uuid[]))
          AND (EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND ((s.created_at >= $2 AND s.created_at < $3) OR (s.last_seen_at >= $2 AND s.last_seen_at < $3)))
               OR (u.last_login_at >= $2 AND u.last_login_at < $3)
               OR EXISTS (SELECT 1 FROM audit_events a WHERE a.actor_type = 'user' AND a.actor_id = u.id::text AND a.status = 'success'
                           AND a.organization_id = ANY($1::uuid[]) AND a.occurred_at >= $2 AND a.occurred_at < $3))`,
      scope,
      a,
      b,
    );
    daily.push({ day: a.toISOString().slice(0, 10), active: row!.n });
  }
  return { rows, daily };
}

describe("member activity", () => {
  it("equals independent SQL over sessions, users and the audit log, figure by figure", async () => {
    const got = await memberActivity(db, { organizationId: acme, from, to, limit: 1000 });
    const { rows, daily } = await expected([acme]);
    expect(got.members).toBe(rows.length);
    expect(got.active).toBe(rows.filter((r) => r.active).length);
    expect(got.inactive).toBe(rows.filter((r) => !r.active).length);
    expect(got.neverSignedIn).toBe(rows.filter((r) => !r.signed_in).length);
    expect(got.activationRate).toBeCloseTo(rows.filter((r) => r.signed_in).length / rows.length, 12);
    expect(got.daily).toEqual(daily);
    const lastActive = Object.fromEntries(rows.map((r) => [r.id, r.last?.toISOString() ?? null]));
    expect(Object.fromEntries(got.people.map((p) => [p.userId, p.lastActiveAt?.toISOString() ?? null]))).toEqual(lastActive);
    const withActions = rows.filter((r) => r.actions > 0).sort((a, b) => b.actions - a.actions);
    expect(got.topMembers.map((p) => p.actions)).toEqual(withActions.slice(0, 10).map((r) => r.actions));
  });

  it("classifies each kind of member: never signed in, lapsed, returning, busy", async () => {
    const got = await memberActivity(db, { organizationId: acme, from, to, limit: 1000 });
    const of = (id: string) => got.people.find((p) => p.userId === id)!;
    expect(of(never)).toMatchObject({ active: false, everSignedIn: false, lastActiveAt: null, actions: 0 });
    expect(of(lapsed)).toMatchObject({ active: false, everSignedIn: true, actions: 0 });
    expect(of(lapsed).lastActiveAt!.getTime()).toBeLessThan(Date.now() - 38 * D);
    expect(of(returning)).toMatchObject({ active: true, everSignedIn: true, actions: 0 });
    // Three renames counted; the refused action is neither activity nor an action.
    expect(of(busy)).toMatchObject({ active: true, actions: 3 });
    expect(got.topMembers[0]).toMatchObject({ userId: busy, actions: 3 });
    expect(got.people.at(-1)!.lastActiveAt).toBeNull();
    expect(got.people.some((p) => p.userId === childOnly)).toBe(false);
  });

  it("includes the subtree on request; a child never sees its parent or siblings", async () => {
    const tree = await memberActivity(db, { organizationId: acme, from, to, subtree: true, limit: 1000 });
    const { rows, daily } = await expected([acme, acmeNa, acmeCanada, acmeEmea]);
    expect(tree.members).toBe(rows.length);
    expect(tree.active).toBe(rows.filter((r) => r.active).length);
    expect(tree.daily).toEqual(daily);
    expect(tree.people.some((p) => p.userId === childOnly)).toBe(true);

    const na = await memberActivity(db, { organizationId: acmeNa, from, to, subtree: true, limit: 1000 });
    const naMembers = await db.membership.findMany({ where: { organizationId: { in: [acmeNa, acmeCanada] }, status: "active" }, select: { userId: true }, distinct: ["userId"] });
    expect(new Set(na.people.map((p) => p.userId))).toEqual(new Set(naMembers.map((m) => m.userId)));
    for (const id of [never, lapsed, returning, busy]) expect(na.people.some((p) => p.userId === id)).toBe(false);
    // Another tenant's figures never include Acme's people.
    const other = await memberActivity(db, { organizationId: globex, from, to, subtree: true, limit: 1000 });
    expect(other.people.some((p) => [never, lapsed, returning, busy, childOnly].includes(p.userId))).toBe(false);
  });

  it("answers NOT_FOUND for an unknown organization, and an empty organization has no activation rate", async () => {
    await expect(memberActivity(db, { organizationId: "00000000-0000-4000-8000-000000000000", from, to })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const empty = await db.organization.create({ data: { name: "Empty", slug: "empty-analytics", plan: "team" }, select: { id: true } });
    const got = await memberActivity(db, { organizationId: empty.id, from, to });
    expect(got).toMatchObject({ members: 0, active: 0, activationRate: null, people: [], topMembers: [] });
    expect(got.daily).toHaveLength(7);
  });
});
