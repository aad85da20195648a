/**
 * Every /v1 route, enumerated from the server's own route list (a new route
 * is swept automatically; one without a fixture here fails by name), called
 * the ways an attacker or a careless client would: without a key, with a
 * revoked or expired key, with malformed input, with an organization that
 * does not exist, and about another organization — whose answer must not
 * carry a single id of the first one's data.
 */
import { randomUUID } from "node:crypto";
import { revokeSecretKey } from "@atrium/core/applications";
import { DEMO_CATALOG } from "@atrium/core/seed";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { errorOf, newApplication, v1Caller, type V1Response } from "./v1-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const acmeAdmin = api.demo.users["admin@acme.example"]!;
const globexOwner = api.demo.users["it@globex.example"]!;
const call = v1Caller(api);

const revoked = await newApplication(api, "sweep-revoked");
await revokeSecretKey(api.db, revoked.actor, revoked.id, revoked.key.id);
const expired = await newApplication(api, "sweep-expired");
await api.db.applicationSecretKey.update({ where: { id: expired.key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

interface Fixture {
  /** A valid request about the organization. */
  valid(org: string): { path: string; body?: unknown };
  /** The same request made malformed; null for a route that takes no input at all. */
  malformed: (() => { path: string; body?: unknown }) | null;
  /** How the route answers about an organization id that does not exist. */
  missingOrganization(response: V1Response): void;
}

const check = (org: string, userId = org === globex ? globexOwner : acmeAdmin) => ({ checks: [{ principal: { type: "user", id: userId }, organizationId: org, permission: "org:read" }] });
const orgRoute = (suffix: string): Fixture => ({
  valid: (org) => ({ path: `/v1/organizations/${org}${suffix}` }),
  malformed: () => ({ path: `/v1/organizations/not-a-uuid${suffix}` }),
  missingOrganization: (response) => {
    expect(response.status).toBe(404);
    expect(errorOf(response).code).toBe("not_found");
  },
});

const FIXTURES: Record<string, Fixture> = {
  "POST /v1/authorize": {
    valid: (org) => ({ path: "/v1/authorize", body: check(org) }),
    malformed: () => ({ path: "/v1/authorize", body: { checks: [{ principal: { type: "user", id: "me" }, permission: 7 }] } }),
    // A batch is answered check by check: an unknown organization denies that check, it does not fail the batch.
    missingOrganization: (response) => {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ results: [{ allowed: false, reason: "organization_not_found" }] });
    },
  },
  "GET /v1/catalog": {
    valid: () => ({ path: "/v1/catalog" }),
    malformed: null,
    missingOrganization: (response) => expect(response.status).toBe(200),
  },
  "PUT /v1/catalog": {
    valid: () => ({ path: "/v1/catalog", body: DEMO_CATALOG }),
    malformed: () => ({ path: "/v1/catalog", body: { permissions: [{ name: "Notes:Share!" }], resourceTypes: "none" } }),
    missingOrganization: (response) => expect(response.status).toBe(200),
  },
  "POST /v1/usage": {
    valid: (org) => ({ path: "/v1/usage", body: { items: [{ organizationId: org, metric: "api_calls", quantity: 1 }] } }),
    malformed: () => ({ path: "/v1/usage", body: { items: [{ organizationId: "acme", metric: "seats", quantity: -1 }] } }),
    // Items are answered one by one: an unknown organization makes that item invalid, not the batch.
    missingOrganization: (response) => {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ results: [{ status: "invalid", code: "organization_not_found" }] });
    },
  },
  "POST /v1/audit/events": {
    valid: (org) => ({
      path: "/v1/audit/events",
      body: { events: [{ organizationId: org, action: "demo-product/note.create", actor: { type: "user", id: org === globex ? globexOwner : acmeAdmin } }] },
    }),
    malformed: () => ({ path: "/v1/audit/events", body: { events: [{ organizationId: "acme", action: 7, actor: { type: "robot" } }] } }),
    missingOrganization: (response) => {
      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe("not_found");
    },
  },
  "GET /v1/organizations/:id": orgRoute(""),
  "GET /v1/organizations/:id/entitlements": orgRoute("/entitlements"),
  "GET /v1/organizations/:id/members": orgRoute("/members"),
  "GET /v1/events": {
    valid: (org) => ({ path: `/v1/events?organizationId=${org}&limit=100` }),
    malformed: () => ({ path: "/v1/events?limit=0&types=user.exploded" }),
    missingOrganization: (response) => {
      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe("not_found");
    },
  },
};

const routes = api.app.v1.routes.map((r) => `${r.method} ${r.url}`);

function expectErrorShape(response: V1Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const error = errorOf(response);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.requestId).toBe(response.headers.get("x-request-id"));
}

/** Ids of Acme's own data (the organization, its children, members who are not in Globex). */
async function acmeOnlyIds(): Promise<string[]> {
  const acmeTree = await api.db.organization.findMany({ where: { OR: [{ id: acme }, { parentId: acme }] }, select: { id: true } });
  const globexMembers = new Set((await api.db.membership.findMany({ where: { organizationId: globex }, select: { userId: true } })).map((m) => m.userId));
  const acmeMembers = await api.db.membership.findMany({ where: { organizationId: acme }, select: { userId: true } });
  const roles = await api.db.role.findMany({ where: { organizationId: acme }, select: { id: true } });
  const groups = await api.db.group.findMany({ where: { organizationId: acme }, select: { id: true } });
  return [...acmeTree.map((o) => o.id), ...acmeMembers.map((m) => m.userId).filter((id) => !globexMembers.has(id)), ...roles.map((r) => r.id), ...groups.map((g) => g.id)];
}

describe("/v1 access sweep", () => {
  it("has a fixture for every /v1 route, and every fixture is a route", () => {
    expect(routes.length).toBeGreaterThanOrEqual(4);
    expect(routes.filter((r) => !(r in FIXTURES))).toEqual([]);
    expect(Object.keys(FIXTURES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(routes)("%s: 401 without a key, with a malformed header, a revoked or an expired key", async (route) => {
    const method = route.split(" ")[0]!;
    const { path, body } = FIXTURES[route]!.valid(acme);
    for (const key of [null, revoked.key.token, expired.key.token, "atrium_sk_not-a-key-at-all"]) {
      const response = await v1Caller(api, key)(method, path, body);
      expectErrorShape(response, 401, "unauthorized");
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="atrium"');
    }
    const basic = await v1Caller(api, null)(method, path, body, { authorization: "Basic YWRtaW46YWRtaW4=" });
    expectErrorShape(basic, 401, "unauthorized");
  });

  it.each(routes)("%s: answers the valid request with 200", async (route) => {
    const { path, body } = FIXTURES[route]!.valid(acme);
    expect((await call(route.split(" ")[0]!, path, body)).status).toBe(200);
  });

  it.each(routes.filter((r) => FIXTURES[r]?.malformed))("%s: malformed input is 400 invalid_request in the error shape, with details", async (route) => {
    const { path, body } = FIXTURES[route]!.malformed!();
    const response = await call(route.split(" ")[0]!, path, body);
    expectErrorShape(response, 400, "invalid_request");
    expect(errorOf(response).details?.length).toBeGreaterThan(0);
  });

  it.each(routes.filter((r) => r.startsWith("POST")))("%s: a body that is not JSON is 400, not 500", async (route) => {
    const { path } = FIXTURES[route]!.valid(acme);
    expectErrorShape(await call("POST", path, "{not json"), 400, "invalid_request");
    expectErrorShape(await call("POST", path, "[]"), 400, "invalid_request");
  });

  it.each(routes)("%s: an organization that does not exist", async (route) => {
    const { path, body } = FIXTURES[route]!.valid(randomUUID());
    FIXTURES[route]!.missingOrganization(await call(route.split(" ")[0]!, path, body));
  });

  it.each(routes)("%s: the answer about Globex carries no id of Acme's data", async (route) => {
    const { path, body } = FIXTURES[route]!.valid(globex);
    const response = await call(route.split(" ")[0]!, path, body);
    expect(response.status).toBe(200);
    const text = JSON.stringify(response.body);
    expect((await acmeOnlyIds()).filter((id) => text.includes(id))).toEqual([]);
  });

  it("a check of an Acme person in Globex is denied as not_a_member", async () => {
    const response = await call("POST", "/v1/authorize", check(globex, acmeAdmin));
    expect(response.body).toEqual({
      results: [{ allowed: false, reason: "not_a_member", explanation: `user ${acmeAdmin} holds no active role that reaches organization ${globex}` }],
    });
  });

  it("hostile text is a 4xx in the error shape, never a 5xx", async () => {
    const base = check(acme).checks[0]!;
    for (const permission of ["\u0000", "org:read\ud800", "x".repeat(10_000), "../../etc/passwd"]) {
      const response = await call("POST", "/v1/authorize", { checks: [{ ...base, permission }] });
      expect([200, 400]).toContain(response.status);
      if (response.status === 400) expectErrorShape(response, 400, "invalid_request");
    }
    for (const id of ["%00", "%E0%A4%A", "1' OR '1'='1", "x".repeat(4000)]) {
      const response = await call("GET", `/v1/organizations/${id}/members`);
      expectErrorShape(response, 400, "invalid_request");
    }
    const cursor = await call("GET", `/v1/organizations/${acme}/members?cursor=%00`);
    expectErrorShape(cursor, 400, "invalid_request");
  });

  it("an unknown /v1 path is 404 in the error shape", async () => {
    expectErrorShape(await call("GET", "/v1/organisations"), 404, "not_found");
  });
});
