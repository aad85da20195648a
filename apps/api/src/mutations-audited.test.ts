/**
 * Every mutation of the API writes an audit event, when it succeeds and when
 * it is refused. The mutations are enumerated from the router (like the access
 * sweep), so a procedure added anywhere is covered: one without an entry in
 * CASES fails with its name. Each call carries its own X-Request-Id, and the
 * test looks for an audit event with that request id — in any chain.
 *
 * Refusals are generic: organization procedures are called as a viewer of Acme
 * (403, audited as access.denied), staff procedures as a tenant admin.
 * Public and signed-in procedures say how they are refused, or why a refusal
 * has nobody to attribute it to (an anonymous 401 is not an event).
 */
import { randomUUID } from "node:crypto";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "./routers/index.ts";
import { startTestApi, type TestClient } from "./testing.ts";
import { analyticsCases } from "./mutations-audited/cases-analytics.ts";
import { applicationCases } from "./mutations-audited/cases-applications.ts";
import { billingCases } from "./mutations-audited/cases-billing.ts";
import { coreCases } from "./mutations-audited/cases-core.ts";
import { identityCases } from "./mutations-audited/cases-identity.ts";
import { licensingCases } from "./mutations-audited/cases-licensing.ts";
import { scimCases } from "./mutations-audited/cases-scim.ts";
import { ssoCases } from "./mutations-audited/cases-sso.ts";
import { successCases } from "./mutations-audited/cases-success.ts";
import { webhookCases } from "./mutations-audited/cases-webhooks.ts";
import { sweep, type Case } from "./mutations-audited/sweep.ts";
import type { ProcedureMeta } from "./trpc/init.ts";

/** DNS as the sweep sees it: domain verification reads TXT records from here. */
const txtRecords = new Map<string, string[][]>();
const api = await startTestApi({ sso: { resolveTxt: async (name) => txtRecords.get(name) ?? [] } });
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");
const staff = await api.signedIn("root@atrium.example");
const fixtures = sweep(api, owner, viewer, staff, txtRecords);
const CASES: Record<string, Case> = {
  ...coreCases(fixtures),
  ...identityCases(fixtures),
  ...ssoCases(fixtures),
  ...scimCases(fixtures),
  ...billingCases(fixtures),
  ...successCases(fixtures),
  ...applicationCases(fixtures),
  ...webhookCases(fixtures),
  ...licensingCases(fixtures),
  ...analyticsCases(fixtures),
};


interface Procedure {
  path: string;
  type: "query" | "mutation" | "subscription";
  meta: ProcedureMeta | undefined;
}

const mutations: Procedure[] = Object.entries(appRouter._def.procedures)
  .map(([path, procedure]) => {
    const def = (procedure as unknown as { _def: { type: Procedure["type"]; meta?: ProcedureMeta } })._def;
    return { path, type: def.type, meta: def.meta };
  })
  .filter((p) => p.type === "mutation");

/** Calls a procedure over HTTP with a fresh request id; returns the status and that id. */
async function call(client: TestClient, path: string, input: unknown): Promise<{ status: number; requestId: string; body: unknown }> {
  const requestId = `audit-sweep-${randomUUID()}`;
  const response = await client.fetch(`/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify(superjson.serialize(input)),
  });
  const body = (await response.json()) as { result?: { data: { json: unknown } } };
  return { status: response.status, requestId, body: body.result?.data.json };
}

const eventsWith = async (requestId: string) =>
  api.db.auditEvent.findMany({ where: { requestId }, select: { action: true, status: true } });

describe("every mutation is audited", () => {
  it("has a case for every mutation of the router", () => {
    expect(mutations.map((m) => m.path).filter((path) => !(path in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((path) => !mutations.some((m) => m.path === path))).toEqual([]);
  });

  it.each(mutations.map((m) => [m.path, m] as const))("%s writes an audit event when refused and when it succeeds", async (path, procedure) => {
    const entry = CASES[path];
    if (!entry) expect.fail(`${path} has no entry in CASES (apps/api/src/mutations-audited.test.ts): add how to call it`);
    const input = await entry.input();
    const access = procedure.meta?.access;

    // Refused first (no side effect), with the same input but in Acme, where the viewer has no write permission.
    if (typeof access === "object" && !(entry.refused && "as" in entry.refused)) {
      const refused = await call(viewer, path, { ...input, orgId: acme });
      expect(refused.status).toBe(403);
      expect(await eventsWith(refused.requestId)).toContainEqual({ action: "access.denied", status: "denied" });
    } else if (access === "staff") {
      const refused = await call(owner, path, input);
      expect(refused.status).toBe(403);
      expect(await eventsWith(refused.requestId)).toContainEqual({ action: "access.denied", status: "denied" });
    } else if (entry.refused && "as" in entry.refused) {
      const refused = await call(await entry.refused.as(), path, await entry.refused.input());
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect((await eventsWith(refused.requestId)).some((e) => e.status === "denied")).toBe(true);
    } else {
      expect(entry.refused, `${path}: say how a refusal is provoked, or why it cannot be attributed`).toMatchObject({ notAttributable: expect.any(String) });
    }

    const done = await call(entry.as ? await entry.as() : owner, path, input);
    expect(done.status, `${path} failed: ${JSON.stringify(done.body)}`).toBe(200);
    if (entry.changesNothing) return;
    const events = await eventsWith(done.requestId);
    expect(events.length, `${path} succeeded without an audit event`).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.status === "success")).toBe(true);
  });
});
