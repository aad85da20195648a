/**
 * POST /v1/usage over real HTTP, on a Free organization made for this test so
 * every count is known: accepted, duplicate by the item's idempotency key,
 * quota_exceeded at the plan's hard limit (1,000 operations a month) with the
 * exact usage, invalid for an organization that does not exist — and the
 * numbers the admin console reads afterwards.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { errorOf, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const call = v1Caller(api);
const org = await api.db.organization.create({ data: { name: "Cyberdyne", slug: "cyberdyne", plan: "free" }, select: { id: true } });
await api.db.membership.create({ data: { organizationId: org.id, userId: api.demo.users["admin@acme.example"]!, role: "owner" } });
const owner = await api.signedIn("admin@acme.example");
const at = new Date().toISOString();

const item = (quantity: number, idempotencyKey?: string, organizationId = org.id) => ({ organizationId, metric: "operations", quantity, timestamp: at, ...(idempotencyKey ? { idempotencyKey } : {}) });

describe("POST /v1/usage", () => {
  it("answers each item in order: accepted, duplicate, quota_exceeded at the hard limit, invalid", async () => {
    const missing = randomUUID();
    const response = await call("POST", "/v1/usage", {
      items: [item(600, "a"), item(600, "a"), item(300, "b"), item(200, "c"), item(100, "d"), item(5, "e", missing)],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      results: [
        { status: "accepted", used: 600, limit: 1000, quota: "ok" },
        { status: "duplicate", used: 600, limit: 1000, quota: "ok" },
        { status: "accepted", used: 900, limit: 1000, quota: "warn" },
        {
          status: "quota_exceeded",
          code: "payment_required",
          used: 900,
          limit: 1000,
          message: "Your free plan includes 1,000 product operations a month and 900 are used; this report of 200 would exceed it. Upgrade for more.",
        },
        { status: "accepted", used: 1000, limit: 1000, quota: "full" },
        { status: "invalid", code: "organization_not_found", message: `Organization ${missing} does not exist.` },
      ],
    });
  });

  it("the admin console reads the metered usage exactly", async () => {
    const quotas = await owner.trpc.billing.usage.quotas.query({ orgId: org.id });
    expect(quotas.find((q) => q.metric === "operations")).toEqual({ metric: "operations", label: "Product operations", used: 1000n, limit: 1000, softLimit: 800, status: "full" });
    const series = await owner.trpc.billing.usage.series.query({ orgId: org.id, days: 7 });
    expect(series).toEqual([{ day: at.slice(0, 10), metric: "operations", quantity: 1000n }]);
  });

  it("records each item on the organization's log and the batch on the platform log", async () => {
    const events = await api.db.auditEvent.findMany({ where: { organizationId: org.id, action: { startsWith: "usage." } }, orderBy: { seq: "asc" }, select: { action: true, status: true, actorType: true, actorId: true, actorLabel: true, details: true } });
    expect(events.map((e) => [e.action, e.status])).toEqual([
      ["usage.record", "success"],
      ["usage.record", "success"],
      ["usage.quota_warning", "success"],
      ["usage.quota_exceeded", "denied"],
      ["usage.record", "success"],
      ["usage.quota_warning", "success"],
    ]);
    expect(events[0]).toMatchObject({ actorType: "application", actorId: api.demo.applications["demo-product"], actorLabel: "Notes (key atrium_sk_demo_pro)" });
    expect(events[0]!.details).toMatchObject({ quantity: "600", idempotencyKey: "demo-product:a" });
    const batch = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: null, action: "application.usage_report" }, select: { details: true } });
    expect(batch.details).toEqual({ items: 6, accepted: 3, duplicate: 1, quotaExceeded: 1, invalid: 1, organizations: [org.id] });
  });

  it("the request's Idempotency-Key replays the first answer; another body under it is 409", async () => {
    const body = { items: [item(0, "z")] };
    const first = await call("POST", "/v1/usage", body, { "idempotency-key": "usage-1" });
    const again = await call("POST", "/v1/usage", body, { "idempotency-key": "usage-1" });
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await call("POST", "/v1/usage", { items: [item(1, "y")] }, { "idempotency-key": "usage-1" });
    expect(other.status).toBe(409);
    expect(errorOf(other).code).toBe("idempotency_conflict");
  });

  it("refuses a batch that is empty, too large, or names a metric Atrium counts itself", async () => {
    expect((await call("POST", "/v1/usage", { items: [] })).status).toBe(400);
    expect((await call("POST", "/v1/usage", { items: Array.from({ length: 501 }, () => item(1)) })).status).toBe(400);
    const seats = await call("POST", "/v1/usage", { items: [{ ...item(1), metric: "seats" }] });
    expect(errorOf(seats)).toMatchObject({ code: "invalid_request", details: [{ field: "items[0].metric", message: 'Items[0].metric must be one of "api_calls", "operations", "storage_bytes".' }] });
    expect((await call("POST", "/v1/usage", { items: [item(-1)] })).status).toBe(400);
  });

  it("keeps an item's operation, status, duration and resource for analytics, (none) without an operation, and refuses malformed ones", async () => {
    const dims = { operation: "export.pdf", status: "error", durationMs: 1250, resourceId: "doc 42" };
    const response = await call("POST", "/v1/usage", { items: [{ ...item(3, "dim-1"), metric: "api_calls", ...dims }, { ...item(2, "dim-2"), metric: "api_calls" }] });
    expect(response.status).toBe(200);
    const stored = await api.db.usageEvent.findMany({
      where: { organizationId: org.id, OR: [{ idempotencyKey: { endsWith: ":dim-1" } }, { idempotencyKey: { endsWith: ":dim-2" } }] },
      orderBy: { quantity: "desc" },
      select: { quantity: true, operation: true, status: true, durationMs: true, resourceId: true },
    });
    expect(stored).toEqual([
      { quantity: 3n, ...dims },
      { quantity: 2n, operation: "(none)", status: null, durationMs: null, resourceId: null },
    ]);
    for (const bad of [{ operation: "(none)" }, { operation: "export pdf" }, { operation: "x".repeat(101) }, { status: "failed" }, { durationMs: -1 }, { durationMs: 1.5 }, { resourceId: "" }]) {
      expect([bad, (await call("POST", "/v1/usage", { items: [{ ...item(1), metric: "api_calls", ...bad }] })).status]).toEqual([bad, 400]);
    }
  });
});
