/**
 * Two API instances on one database, each caching sessions and access in
 * process: what one changes, the other refuses within a second (PostgreSQL
 * announces the change; see SessionAccessCache and the invalidation bus).
 */
import { describe, expect, it } from "vitest";
import { newUser, patch, scimClient, scimToken, verifiedDomain } from "../rest/scim/scim-testing.ts";
import { startTestApi } from "../testing.ts";
import { cookieOf, startSecondInstance, untilAnswers, warm } from "../testing-instances.ts";

const a = await startTestApi({ sessionCache: true });
const acme = a.demo.organizations["acme"]!;
const userId = (email: string) => a.demo.users[email]!;

// Instance B: its own process state and database pool, the same database.
const b = await startSecondInstance(a, { sessionCache: true });

describe("two API instances caching sessions and access", () => {
  it("a session signed out on A is refused on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    const cookie = cookieOf(owner);
    await warm(b, cookie, "org.get", { orgId: acme });
    await owner.trpc.auth.logout.mutate();
    expect(await untilAnswers(b, cookie, "org.get", { orgId: acme }, 401)).toBeLessThan(1_000);
  });

  it("a membership removed on A is refused on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    const lee = await a.signedIn("lee.chen@acme.example");
    await warm(b, cookieOf(lee), "org.get", { orgId: acme });
    await owner.trpc.members.remove.mutate({ orgId: acme, userId: userId("lee.chen@acme.example") });
    expect(await untilAnswers(b, cookieOf(lee), "org.get", { orgId: acme }, 404)).toBeLessThan(1_000);
  });

  it("a role changed on A is enforced on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    const sam = await a.signedIn("sam.patel@acme.example");
    await warm(b, cookieOf(sam), "audit.events.actions", { orgId: acme });
    await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: userId("sam.patel@acme.example"), roleKey: "viewer" });
    expect(await untilAnswers(b, cookieOf(sam), "audit.events.actions", { orgId: acme }, 403)).toBeLessThan(1_000);
  });

  it("a person deactivated by SCIM on A is refused on B within 1 s", async () => {
    await verifiedDomain(a.db, acme, "acme.example");
    const scim = scimClient(a.url, (await scimToken(a.db, acme)).token);
    const created = await scim("POST", "/Users", newUser("auditor@acme.example"));
    expect(created.status).toBe(201);
    const auditor = await a.signedIn("auditor@acme.example");
    await warm(b, cookieOf(auditor), "org.get", { orgId: acme });
    const off = await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "replace", path: "active", value: false }));
    expect(off.status).toBe(200);
    expect(await untilAnswers(b, cookieOf(auditor), "org.get", { orgId: acme }, 404)).toBeLessThan(1_000);
  });

  it("an IP allowlist set on A is enforced on B within 1 s", async () => {
    const owner = await a.signedIn("admin@acme.example");
    await warm(b, cookieOf(owner), "org.get", { orgId: acme });
    await owner.trpc.settings.updateIpAllowlist.mutate({ orgId: acme, entries: [{ cidr: "198.51.100.0/24", description: "Office" }], confirmLockout: true });
    expect(await untilAnswers(b, cookieOf(owner), "org.get", { orgId: acme }, 403)).toBeLessThan(1_000);
  });
});
