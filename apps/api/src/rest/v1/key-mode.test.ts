/**
 * Test and live keys over real HTTP: each answer names the key's mode; a test
 * key decides and reads like a live one but is refused (403 test_key,
 * audited) where a call would change something; rotating test keys leaves
 * live keys alone.
 */
import { createSecretKey } from "@atrium/core/applications";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { errorOf, newApplication, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const admin = api.demo.users["admin@acme.example"]!;
const app = await newApplication(api, "staging-notes");
const testKey = await createSecretKey(api.db, app.actor, app.id, { mode: "test", expirePreviousInSeconds: null });
const live = v1Caller(api, app.key.token);
const test = v1Caller(api, testKey.token);
const authorizeBody = { checks: [{ principal: { type: "user", id: admin }, organizationId: acme, permission: "org:read" }] };

describe("test and live keys", () => {
  it("keys carry their mode in the token and the prefix people see", () => {
    expect(app.key.token).toMatch(/^atrium_sk_live_[A-Za-z0-9_-]{43}$/);
    expect(testKey.token).toMatch(/^atrium_sk_test_[A-Za-z0-9_-]{43}$/);
    expect(testKey).toMatchObject({ mode: "test", prefix: testKey.token.slice(0, "atrium_sk_test_".length + 8) });
  });

  it("a test key decides and reads like a live key, and every answer says which mode answered", async () => {
    const [fromTest, fromLive] = [await test("POST", "/v1/authorize", authorizeBody), await live("POST", "/v1/authorize", authorizeBody)];
    expect(fromTest.status).toBe(200);
    expect(fromTest.body).toEqual(fromLive.body);
    expect(fromTest.headers.get("atrium-key-mode")).toBe("test");
    expect(fromLive.headers.get("atrium-key-mode")).toBe("live");
    expect((await test("GET", `/v1/organizations/${acme}`)).status).toBe(200);
    expect((await test("GET", "/v1/catalog")).status).toBe(200);
    expect((await test("GET", "/v1/events?limit=1")).status).toBe(200);
  });

  it("a test key cannot send usage, audit events or the catalog: 403 test_key, audited, nothing changed", async () => {
    const catalog = { permissions: [], resourceTypes: [{ type: "staging-notes/note", description: "A note" }], auditActions: [] };
    const attempts = [
      await test("PUT", "/v1/catalog", catalog),
      await test("POST", "/v1/usage", { items: [{ organizationId: acme, metric: "api_calls", quantity: 1, idempotencyKey: "staging:1" }] }),
      await test("POST", "/v1/audit/events", { events: [{ organizationId: acme, action: "staging-notes/note.create", actor: { type: "application" } }] }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect(response.headers.get("atrium-key-mode")).toBe("test");
      expect(errorOf(response)).toMatchObject({ code: "test_key", message: "A test key cannot change anything: send usage, audit events and the catalog with a live key (atrium_sk_live_…)." });
    }
    const denials = await api.db.auditEvent.findMany({
      where: { action: "access.denied", organizationId: null, resourceId: app.id },
      orderBy: { seq: "asc" },
      select: { status: true, actorType: true, actorLabel: true, details: true },
    });
    const denial = (route: string) => ({ status: "denied", actorType: "application", actorLabel: `staging-notes (key ${testKey.prefix})`, details: { route, reason: "test_key" } });
    expect(denials).toEqual([denial("PUT /v1/catalog"), denial("POST /v1/usage"), denial("POST /v1/audit/events")]);
    expect((await live("GET", "/v1/catalog")).body).toEqual({ permissions: [], resourceTypes: [], auditActions: [] });
    expect((await live("PUT", "/v1/catalog", catalog)).status).toBe(200);
  });

  it("rotating the test keys leaves the live keys working", async () => {
    const next = await createSecretKey(api.db, app.actor, app.id, { mode: "test", expirePreviousInSeconds: 0 });
    expect((await test("GET", `/v1/organizations/${acme}`)).status).toBe(401);
    expect((await v1Caller(api, next.token)("GET", `/v1/organizations/${acme}`)).status).toBe(200);
    expect((await live("GET", `/v1/organizations/${acme}`)).status).toBe(200);
  });
});
