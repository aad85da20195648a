/**
 * Every procedure of the API, enumerated from the router (new ones are swept
 * automatically), called the ways an attacker would: without a session, as a
 * member of another tenant, as a viewer of the tenant. A procedure without
 * access metadata fails the sweep.
 */
import { systemRolePermissions, type Permission } from "@atrium/rbac";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "./routers/index.ts";
import { startTestApi, type TestClient } from "./testing.ts";
import type { ProcedureMeta } from "./trpc/init.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const anonymous = api.client();
const outsider = await api.signedIn("it@globex.example"); // owner of Globex
const viewer = await api.signedIn("auditor@acme.example"); // viewer of Acme
const tenantAdmin = await api.signedIn("admin@acme.example");

interface Procedure {
  path: string;
  type: "query" | "mutation" | "subscription";
  meta: ProcedureMeta | undefined;
}

const procedures: Procedure[] = Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
  const def = (procedure as unknown as { _def: { type: Procedure["type"]; meta?: ProcedureMeta } })._def;
  return { path, type: def.type, meta: def.meta };
});

async function call(client: TestClient, procedure: Procedure, input: unknown): Promise<number> {
  const encoded = JSON.stringify(superjson.serialize(input));
  const response =
    procedure.type === "query"
      ? await client.fetch(`/trpc/${procedure.path}?input=${encodeURIComponent(encoded)}`)
      : await client.fetch(`/trpc/${procedure.path}`, { method: "POST", headers: { "content-type": "application/json" }, body: encoded });
  return response.status;
}

const orgProcedures = procedures.filter((p) => typeof p.meta?.access === "object");
const byAccess = (access: string) => procedures.filter((p) => p.meta?.access === access);

describe("access sweep", () => {
  it("classifies every procedure", () => {
    expect(procedures.filter((p) => !p.meta).map((p) => p.path)).toEqual([]);
    expect(procedures.length).toBe(orgProcedures.length + byAccess("public").length + byAccess("authed").length + byAccess("staff").length);
  });

  it.each(orgProcedures.map((p) => [p.path, p] as const))("%s: 401 anonymous, 404 other tenant, 403 or allowed for a viewer", async (_path, procedure) => {
    const { permission } = procedure.meta!.access as { permission: Permission };
    expect(await call(anonymous, procedure, { orgId: acme })).toBe(401);
    expect(await call(outsider, procedure, { orgId: acme })).toBe(404);
    const viewerStatus = await call(viewer, procedure, { orgId: acme });
    if (systemRolePermissions("viewer").has(permission)) expect([200, 400]).toContain(viewerStatus);
    else expect(viewerStatus).toBe(403);
  });

  it.each(byAccess("authed").map((p) => [p.path, p] as const))("%s: 401 anonymous", async (_path, procedure) => {
    expect(await call(anonymous, procedure, {})).toBe(401);
  });

  it.each(byAccess("staff").map((p) => [p.path, p] as const))("%s: 401 anonymous, 403 for a tenant admin", async (_path, procedure) => {
    expect(await call(anonymous, procedure, {})).toBe(401);
    expect(await call(tenantAdmin, procedure, {})).toBe(403);
  });

  it.each(byAccess("public").map((p) => [p.path, p] as const))("%s: answers bad input with 400, not 500", async (_path, procedure) => {
    expect(await call(anonymous, procedure, { unexpected: true })).toBe(400);
  });
});
