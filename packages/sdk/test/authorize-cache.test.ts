/**
 * The authorize helper against the real API: decisions cached for their TTL,
 * dropped by the events that may change them, and the checks of one tick
 * sent as one POST /v1/authorize. HTTP calls are counted with a recording fetch.
 */
import { startTestApi } from "@atrium/api/testing";
import { DEMO_APPLICATION } from "@atrium/core/seed";
import { describe, expect, it } from "vitest";
import { createAtrium, type AtriumOptions, type Check } from "../src/index.ts";
import { recordingFetch } from "./testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const admin = api.demo.users["admin@acme.example"]!;
const auditor = api.demo.users["auditor@acme.example"]!;
const globexAdmin = api.demo.users["it@globex.example"]!;

const check = (userId: string, permission: string, organizationId = acme): Check => ({ principal: { type: "user", id: userId }, organizationId, permission });

function setup(cache: AtriumOptions["cache"] = {}) {
  const { fetch, calls } = recordingFetch();
  const atrium = createAtrium({ apiKey: DEMO_APPLICATION.secretKey, baseUrl: api.url, fetch, cache });
  const authorizeCalls = () => calls.filter((c) => c.path === "/v1/authorize");
  return { atrium, calls: authorizeCalls };
}

describe("decision cache", () => {
  it("answers an identical check within the TTL without a call; after the TTL it asks again", async () => {
    let now = 1_000_000;
    const { atrium, calls } = setup({ ttlMs: 5_000, now: () => now });
    const first = await atrium.authorize(check(admin, "members:invite"));
    const second = await atrium.authorize(check(admin, "members:invite"));
    expect(second).toEqual(first);
    expect(first.allowed).toBe(true);
    expect(calls()).toHaveLength(1);

    // Another resource is another question; so is another context (conditions on IP or MFA).
    await atrium.authorize({ ...check(admin, "members:invite"), resource: { type: "workspace", id: "w1" } });
    await atrium.authorize({ ...check(admin, "members:invite"), context: { mfa: true } });
    expect(calls()).toHaveLength(3);

    now += 4_999;
    await atrium.authorize(check(admin, "members:invite"));
    expect(calls()).toHaveLength(3);
    now += 2;
    await atrium.authorize(check(admin, "members:invite"));
    expect(calls()).toHaveLength(4);
  });

  it("keeps at most maxEntries decisions, dropping the oldest", async () => {
    const { atrium, calls } = setup({ maxEntries: 2 });
    await atrium.authorize(check(admin, "org:read"));
    await atrium.authorize(check(admin, "members:read"));
    await atrium.authorize(check(admin, "members:invite"));
    expect(calls()).toHaveLength(3);
    await atrium.authorize(check(admin, "members:invite"));
    await atrium.authorize(check(admin, "members:read"));
    expect(calls()).toHaveLength(3);
    await atrium.authorize(check(admin, "org:read"));
    expect(calls()).toHaveLength(4);
  });

  it("an event about a person drops that person's decisions in its organization only", async () => {
    const { atrium, calls } = setup();
    await Promise.all([atrium.authorize(check(admin, "org:read")), atrium.authorize(check(auditor, "org:read")), atrium.authorize(check(globexAdmin, "org:read", globex))]);
    expect(calls()).toHaveLength(1);

    // Someone else, another organization, an event without a person: nothing dropped.
    expect(atrium.invalidate({ type: "membership.role_changed", organizationId: globex, data: { userId: admin } })).toBe(0);
    expect(atrium.invalidate({ type: "sso_connection.activated", organizationId: acme, data: { connectionId: "c1" } })).toBe(0);

    expect(atrium.invalidate({ type: "membership.role_changed", organizationId: acme, data: { userId: admin } })).toBe(1);
    await atrium.authorize(check(admin, "org:read"));
    expect(calls()).toHaveLength(2);
    await atrium.authorize(check(auditor, "org:read"));
    await atrium.authorize(check(globexAdmin, "org:read", globex));
    expect(calls()).toHaveLength(2);
  });

  it("an answer asked for before an invalidation is returned but not cached", async () => {
    const { atrium, calls } = setup();
    const pending = atrium.authorize(check(admin, "org:read"));
    atrium.invalidate({ type: "user.deprovisioned", organizationId: acme, data: { userId: admin } });
    expect((await pending).allowed).toBe(true);
    await atrium.authorize(check(admin, "org:read"));
    expect(calls()).toHaveLength(2);
  });

  it("organization.* and directory_group.* events drop the whole organization", async () => {
    const { atrium, calls } = setup();
    await Promise.all([atrium.authorize(check(admin, "org:read")), atrium.authorize(check(auditor, "org:read")), atrium.authorize(check(globexAdmin, "org:read", globex))]);
    expect(atrium.invalidate({ type: "directory_group.updated", organizationId: acme, data: { groupId: "g1" } })).toBe(2);
    expect(atrium.invalidate({ type: "organization.plan_changed", organizationId: globex, data: { plan: "enterprise" } })).toBe(1);
    await Promise.all([atrium.authorize(check(admin, "org:read")), atrium.authorize(check(auditor, "org:read")), atrium.authorize(check(globexAdmin, "org:read", globex))]);
    expect(calls()).toHaveLength(2);
  });

  it("after a role change and its event, the next check gets the new decision", async () => {
    const { atrium } = setup();
    const person = api.demo.users["lee.chen@acme.example"]!;
    expect((await atrium.authorize(check(person, "members:invite"))).allowed).toBe(false);
    await api.db.membership.update({ where: { organizationId_userId: { organizationId: acme, userId: person } }, data: { role: "admin" } });
    // Within the TTL the cached decision stands …
    expect((await atrium.authorize(check(person, "members:invite"))).allowed).toBe(false);
    atrium.invalidate({ type: "membership.role_changed", organizationId: acme, data: { userId: person, role: "admin" } });
    // … the event ends it.
    expect(await atrium.authorize(check(person, "members:invite"))).toEqual({ allowed: true, reason: "granted", explanation: `role "admin" in organization ${acme} grants members:invite` });
  });

  it("never caches a check whose principal is an access token (revoking a token sends no event)", async () => {
    const { atrium, calls } = setup({ ttlMs: 60_000 });
    const tokenCheck: Check = { principal: { type: "access_token", token: "not-a-token-atrium-issued" }, organizationId: acme, permission: "org:read" };
    const inactive = { allowed: false, reason: "token_inactive", explanation: "the access token is not active: unknown, expired or revoked" };
    expect(await atrium.authorize(tokenCheck)).toEqual(inactive);
    expect(await atrium.authorize(tokenCheck)).toEqual(inactive);
    expect(calls()).toHaveLength(2);
  });
});

describe("batching", () => {
  it("sends the checks of one tick as one call, identical checks once, in order", async () => {
    const { atrium, calls } = setup();
    const results = await Promise.all([
      atrium.authorize(check(admin, "members:invite")),
      atrium.authorize(check(auditor, "members:invite")),
      atrium.authorize(check(admin, "members:invite")),
      atrium.authorize(check(auditor, "members:read")),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([true, false, true, true]);
    expect(calls()).toHaveLength(1);
    expect(calls()[0]!.body).toEqual({ checks: [check(admin, "members:invite"), check(auditor, "members:invite"), check(auditor, "members:read")] });
  });

  it("splits more than 100 checks of one tick into calls of at most 100", async () => {
    const { atrium, calls } = setup();
    const checks = Array.from({ length: 150 }, (_, i) => ({ ...check(admin, "org:read"), resource: { type: "workspace", id: `w${i}` } }));
    const results = await Promise.all(checks.map((c) => atrium.authorize(c)));
    expect(results).toHaveLength(150);
    // Sent side by side: they may finish in either order.
    const sent = calls().map((c) => (c.body as { checks: Check[] }).checks);
    expect(sent.map((batch) => batch.length).sort((a, b) => b - a)).toEqual([100, 50]);
    expect(new Set(sent.flat().map((c) => c.resource!.id)).size).toBe(150);
  });

  it("a failed call rejects every check of its batch and caches nothing", async () => {
    const { atrium, calls } = setup();
    const invalid = { ...check(admin, "org:read"), organizationId: "not-a-uuid" };
    const outcomes = await Promise.allSettled([atrium.authorize(invalid), atrium.authorize(check(auditor, "org:read"))]);
    expect(outcomes.map((o) => (o.status === "rejected" ? (o.reason as { code: string }).code : "fulfilled"))).toEqual(["invalid_request", "invalid_request"]);
    await atrium.authorize(check(auditor, "org:read"));
    expect(calls()).toHaveLength(2);
  });
});
