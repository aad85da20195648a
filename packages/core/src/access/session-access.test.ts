import { describe, expect, it } from "vitest";
import { createSession, sessionIdOf, validateSessionToken } from "../auth/sessions.ts";
import { loadOrgAccess } from "./service.ts";
import { sessionWithOrgAccess } from "./session-access.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const org = (key: string) => demo.organizations[key]!;
const user = (email: string) => demo.users[email]!;
const signIn = async (email: string) => (await createSession(db, user(email), {})).token;

describe("the session and the organization access in one query", () => {
  it("answers what validateSessionToken and loadOrgAccess answer, for own, inherited, foreign and unknown organizations", async () => {
    for (const email of ["admin@acme.example", "auditor@acme.example", "it@globex.example"]) {
      const token = await signIn(email);
      for (const orgId of [org("acme"), org("acmeCanada"), org("acmeNorthAmerica"), org("globex"), "00000000-0000-4000-8000-000000000000"]) {
        const found = await sessionWithOrgAccess(db, token, orgId);
        const session = await validateSessionToken(db, token);
        expect(found?.session).toEqual(session);
        expect(found?.access).toEqual(await loadOrgAccess(db, user(email), orgId));
      }
    }
  });

  it("is null for a malformed or unknown token", async () => {
    expect(await sessionWithOrgAccess(db, "not-a-token", org("acme"))).toBeNull();
    expect(await sessionWithOrgAccess(db, "a".repeat(32), org("acme"))).toBeNull();
  });

  it("deletes and refuses an expired session, as validateSessionToken does", async () => {
    const token = await signIn("admin@acme.example");
    await db.session.update({ where: { id: sessionIdOf(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sessionWithOrgAccess(db, token, org("acme"))).toBeNull();
    expect(await db.session.count({ where: { id: sessionIdOf(token) } })).toBe(0);
  });

  it("slides the expiry of a session past half its lifetime forward", async () => {
    const token = await signIn("admin@acme.example");
    const soon = new Date(Date.now() + 60_000);
    await db.session.update({ where: { id: sessionIdOf(token) }, data: { expiresAt: soon } });
    const found = await sessionWithOrgAccess(db, token, org("acme"));
    expect(found!.session.expiresAt.getTime()).toBeGreaterThan(soon.getTime() + 24 * 3600_000);
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(token) } });
    expect(row.expiresAt).toEqual(found!.session.expiresAt);
  });
});
