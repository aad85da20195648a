/**
 * What every /v1 call goes through: the secret key (rotation with overlap,
 * revocation, archived applications), the per-application rate limit and its
 * headers, and idempotency keys on POST.
 */
import { archiveApplication, createSecretKey, revokeSecretKey } from "@atrium/core/applications";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { errorOf, newApplication, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const admin = api.demo.users["admin@acme.example"]!;
const authorizeBody = (permission = "org:read") => ({ checks: [{ principal: { type: "user", id: admin }, organizationId: acme, permission }] });

describe("secret keys", () => {
  it("a rotation with overlap keeps the old key until its expiry; revocation ends a key at once", async () => {
    const app = await newApplication(api, "rotating");
    const old = v1Caller(api, app.key.token);
    expect((await old("GET", `/v1/organizations/${acme}`)).status).toBe(200);

    const next = await createSecretKey(api.db, app.actor, app.id, { expirePreviousInSeconds: 3600 });
    expect(next.token).toMatch(/^atrium_sk_live_[A-Za-z0-9_-]{43}$/);
    expect(next.prefix).toBe(next.token.slice(0, 23));
    expect((await old("GET", `/v1/organizations/${acme}`)).status).toBe(200);
    expect((await v1Caller(api, next.token)("GET", `/v1/organizations/${acme}`)).status).toBe(200);
    const oldRow = await api.db.applicationSecretKey.findUniqueOrThrow({ where: { id: app.key.id }, select: { expiresAt: true, revokedAt: true, lastUsedAt: true } });
    expect(oldRow.revokedAt).toBeNull();
    expect(Math.abs(oldRow.expiresAt!.getTime() - (Date.now() + 3600_000))).toBeLessThan(60_000);
    expect(oldRow.lastUsedAt).not.toBeNull();

    // The overlap ends: the old key is refused.
    await api.db.applicationSecretKey.update({ where: { id: app.key.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await old("GET", `/v1/organizations/${acme}`)).status).toBe(401);

    await revokeSecretKey(api.db, app.actor, app.id, next.id);
    const refused = await v1Caller(api, next.token)("GET", `/v1/organizations/${acme}`);
    expect(refused.status).toBe(401);
    expect(errorOf(refused).message).toBe("The secret key is not valid: unknown, revoked or expired.");
  });

  it("a rotation without overlap revokes the previous keys in the same step", async () => {
    const app = await newApplication(api, "rotating-now");
    await createSecretKey(api.db, app.actor, app.id, { expirePreviousInSeconds: 0 });
    expect((await v1Caller(api, app.key.token)("GET", `/v1/organizations/${acme}`)).status).toBe(401);
    const row = await api.db.applicationSecretKey.findUniqueOrThrow({ where: { id: app.key.id }, select: { revokedAt: true } });
    expect(row.revokedAt).not.toBeNull();
  });

  it("an archived application's keys stop working", async () => {
    const app = await newApplication(api, "archived-app");
    await archiveApplication(api.db, app.actor, app.id);
    expect((await v1Caller(api, app.key.token)("GET", `/v1/organizations/${acme}`)).status).toBe(401);
  });
});

describe("rate limit", () => {
  it("counts per application with RateLimit-* headers, then 429 with Retry-After", async () => {
    const app = await newApplication(api, "throttled");
    await api.db.application.update({ where: { id: app.id }, data: { rateLimitPerMinute: 1, rateLimitBurst: 3 } });
    const call = v1Caller(api, app.key.token);
    const seen: [number, string | null, string | null][] = [];
    for (let i = 0; i < 4; i++) {
      const r = await call("GET", `/v1/organizations/${acme}`);
      seen.push([r.status, r.headers.get("ratelimit-limit"), r.headers.get("ratelimit-remaining")]);
    }
    expect(seen).toEqual([
      [200, "3", "2"],
      [200, "3", "1"],
      [200, "3", "0"],
      [429, "3", "0"],
    ]);
    const throttled = await call("GET", `/v1/organizations/${acme}`);
    expect(throttled.status).toBe(429);
    expect(errorOf(throttled).code).toBe("rate_limited");
    // One token a minute: the next one in (almost) 60 s, the bucket full again in (almost) 3 minutes.
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect(throttled.headers.get("ratelimit-reset")).toBe("180");

    // Another application has its own bucket.
    expect((await v1Caller(api)("GET", `/v1/organizations/${acme}`)).status).toBe(200);
  });
});

describe("POST /v1/authorize, which authenticates itself", () => {
  it("a key that is not live is 401 whatever the body: valid, invalid, not JSON", async () => {
    const app = await newApplication(api, "self-auth-revoked");
    await revokeSecretKey(api.db, app.actor, app.id, app.key.id);
    const revoked = v1Caller(api, app.key.token);
    for (const body of [authorizeBody(), { checks: [] }, "{not json"]) {
      const r = await revoked("POST", "/v1/authorize", body);
      expect([r.status, errorOf(r).code, r.headers.get("www-authenticate"), r.headers.get("ratelimit-limit")]).toEqual([401, "unauthorized", 'Bearer realm="atrium"', null]);
    }
    const none = await v1Caller(api, null)("POST", "/v1/authorize", { checks: [] });
    expect([none.status, errorOf(none).code]).toEqual([401, "unauthorized"]);
  });

  it("takes one token a call, answers with the RateLimit-* and key-mode headers, and 429 comes before an invalid body", async () => {
    const app = await newApplication(api, "self-auth-throttled");
    await api.db.application.update({ where: { id: app.id }, data: { rateLimitPerMinute: 1, rateLimitBurst: 3 } });
    const call = v1Caller(api, app.key.token);
    const allowed = await call("POST", "/v1/authorize", authorizeBody());
    expect([allowed.status, allowed.headers.get("ratelimit-remaining"), allowed.headers.get("atrium-key-mode")]).toEqual([200, "2", "live"]);
    expect((allowed.body as { results: { reason: string }[] }).results[0]!.reason).toBe("granted");
    const invalid = await call("POST", "/v1/authorize", { checks: [] });
    expect([invalid.status, errorOf(invalid).code, invalid.headers.get("ratelimit-remaining"), invalid.headers.get("atrium-key-mode")]).toEqual([400, "invalid_request", "1", "live"]);
    const notJson = await call("POST", "/v1/authorize", "{not json");
    expect([notJson.status, errorOf(notJson).message, notJson.headers.get("ratelimit-remaining")]).toEqual([400, "The body is not valid JSON.", "0"]);
    for (const body of [authorizeBody(), { checks: [] }]) {
      const throttled = await call("POST", "/v1/authorize", body);
      expect([throttled.status, errorOf(throttled).code, throttled.headers.get("retry-after")]).toEqual([429, "rate_limited", "60"]);
    }
  });

  it("a batch naming an access token authenticates first and decides as before", async () => {
    const r = await v1Caller(api)("POST", "/v1/authorize", {
      checks: [authorizeBody().checks[0], { principal: { type: "access_token", token: "not-a-token" }, organizationId: acme, permission: "org:read" }],
    });
    expect(r.status).toBe(200);
    expect((r.body as { results: { allowed: boolean; reason: string }[] }).results.map((x) => [x.allowed, x.reason])).toEqual([
      [true, "granted"],
      [false, "token_inactive"],
    ]);
  });
});

describe("idempotency keys", () => {
  it("replays the first answer for the same key and body, and refuses another body with 409", async () => {
    const call = v1Caller(api);
    const first = await call("POST", "/v1/authorize", authorizeBody(), { "idempotency-key": "idem-1" });
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    // The decision would differ now (the member was deactivated), but the stored answer is replayed.
    await api.db.membership.update({ where: { organizationId_userId: { organizationId: acme, userId: admin } }, data: { status: "deactivated" } });
    const again = await call("POST", "/v1/authorize", authorizeBody(), { "idempotency-key": "idem-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const fresh = await call("POST", "/v1/authorize", authorizeBody());
    expect((fresh.body as { results: { reason: string }[] }).results[0]!.reason).toBe("not_a_member");
    await api.db.membership.update({ where: { organizationId_userId: { organizationId: acme, userId: admin } }, data: { status: "active" } });

    const conflict = await call("POST", "/v1/authorize", authorizeBody("members:read"), { "idempotency-key": "idem-1" });
    expect(conflict.status).toBe(409);
    expect(errorOf(conflict).code).toBe("idempotency_conflict");
  });

  it("keys belong to one application, and a key older than 24 hours is used afresh", async () => {
    const other = await newApplication(api, "idempotent-other");
    const mine = v1Caller(api);
    const theirs = v1Caller(api, other.key.token);
    expect((await mine("POST", "/v1/authorize", authorizeBody(), { "idempotency-key": "shared" })).status).toBe(200);
    const elsewhere = await theirs("POST", "/v1/authorize", authorizeBody("members:read"), { "idempotency-key": "shared" });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get("idempotent-replayed")).toBeNull();

    await api.db.idempotencyKey.updateMany({ where: { key: "shared" }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    const later = await mine("POST", "/v1/authorize", authorizeBody("members:read"), { "idempotency-key": "shared" });
    expect(later.status).toBe(200);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
  });

  it("an invalid body is not stored: the key stays free; a malformed key is 400", async () => {
    const call = v1Caller(api);
    expect((await call("POST", "/v1/authorize", { checks: [] }, { "idempotency-key": "idem-2" })).status).toBe(400);
    expect((await call("POST", "/v1/authorize", authorizeBody(), { "idempotency-key": "idem-2" })).status).toBe(200);
    const bad = await call("POST", "/v1/authorize", authorizeBody(), { "idempotency-key": "x".repeat(256) });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).details).toEqual([{ field: "Idempotency-Key", message: "Use 1 to 255 visible ASCII characters, e.g. a UUID." }]);
  });
});
