/**
 * Two API instances on one database: what one instance changes, the other
 * enforces on the very next request — a revoked secret key (on /v1 and as an
 * OpenID Provider client secret), a changed role, a removed membership and a
 * SCIM deactivation. Nothing of this is cached in a process (the /v1 guard and
 * decisions read PostgreSQL on every call; the provider's read-ahead lasts one
 * request), so no wait is needed and none is made.
 */
import { createSecretKey, revokeSecretKey } from "@atrium/core/applications";
import { describe, expect, it } from "vitest";
import { startSecondInstance } from "../../testing-instances.ts";
import { startTestApi } from "../../testing.ts";
import { DEMO_CLIENT, discover, signIn } from "../oidc/oidc-testing.ts";
import { v1Caller } from "./v1-testing.ts";

const a = await startTestApi();
// Behind the first's address, as behind one load balancer: the tokens `a` issues as OpenID Provider hold on `b`.
const b = await startSecondInstance(a, { publicUrl: a.url });

/** Acme's development SCIM token (packages/core/src/scim/demo.ts). */
const DEMO_SCIM_TOKEN = "atrium_scim_demo_acme";
const acme = a.demo.organizations["acme"]!;
const demoApp = a.demo.applications["demo-product"]!;
const staff = { type: "staff" as const, userId: a.demo.users["root@atrium.example"]!, email: "root@atrium.example" };
const basic = (secret: string) => `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${secret}`).toString("base64")}`;

async function decisionOn(api: typeof a, userId: string, permission: string) {
  const response = await v1Caller(api)("POST", "/v1/authorize", { checks: [{ principal: { type: "user", id: userId }, organizationId: acme, permission }] });
  expect(response.status).toBe(200);
  const [result] = (response.body as { results: { allowed: boolean; reason: string }[] }).results;
  return `${result!.allowed} ${result!.reason}`;
}

describe("two API instances on one database", () => {
  it("a secret key revoked through one instance is refused by the other on the next /v1 call", async () => {
    const { id, token } = await createSecretKey(a.db, staff, demoApp, { expirePreviousInSeconds: null });
    const onB = v1Caller(b, token);
    expect((await onB("GET", `/v1/organizations/${acme}`)).status).toBe(200);
    await revokeSecretKey(a.db, staff, demoApp, id);
    const refused = await onB("GET", `/v1/organizations/${acme}`);
    expect(refused.status).toBe(401);
    expect((refused.body as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("a secret key revoked through one instance no longer authenticates the client at the other's OpenID Provider", async () => {
    const { id, token } = await createSecretKey(a.db, staff, demoApp, { expirePreviousInSeconds: null });
    const tokens = await signIn(a, await discover(a), await a.signedIn("lee.chen@acme.example"), { scope: "openid organization" });
    const introspect = (secret: string) =>
      fetch(`${b.url}/oidc/token/introspection`, {
        method: "POST",
        headers: { authorization: basic(secret), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: tokens.access_token }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    expect(await introspect(token)).toMatchObject({ status: 200, body: { active: true, client_id: DEMO_CLIENT.id } });
    expect((await a.db.applicationSecretKey.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } })).lastUsedAt).not.toBeNull();
    await revokeSecretKey(a.db, staff, demoApp, id);
    expect(await introspect(token)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await introspect(DEMO_CLIENT.secret)).toMatchObject({ status: 200, body: { active: true } });
  });

  it("a role changed or a membership removed through one instance decides the other's next /v1/authorize", async () => {
    const sam = a.demo.users["sam.patel@acme.example"]!;
    const before = await decisionOn(b, sam, "members:invite");
    await a.db.membership.updateMany({ where: { organizationId: acme, userId: sam }, data: { role: "viewer" } });
    expect([before, await decisionOn(b, sam, "members:invite")]).toEqual(["true granted", "false not_granted"]);
    await a.db.membership.deleteMany({ where: { organizationId: acme, userId: sam } });
    expect(await decisionOn(b, sam, "org:read")).toBe("false not_a_member");
  });

  it("a SCIM deactivation through one instance is refused by the other's next /v1/authorize", async () => {
    const scim = (method: string, path: string, body: unknown) =>
      fetch(`${a.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${DEMO_SCIM_TOKEN}`, "content-type": "application/scim+json" }, body: JSON.stringify(body) });
    const created = await scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "two.instances@acme.example", name: { givenName: "Two", familyName: "Instances" }, emails: [{ value: "two.instances@acme.example", primary: true }], active: true });
    expect(created.status).toBe(201);
    const record = (await created.json()) as { id: string };
    const { id: userId } = await a.db.user.findFirstOrThrow({ where: { email: "two.instances@acme.example" }, select: { id: true } });
    expect(await decisionOn(b, userId, "org:read")).toBe("true granted");
    const patched = await scim("PATCH", `/Users/${record.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
    expect(patched.status).toBe(200);
    expect(await decisionOn(b, userId, "org:read")).toBe("false not_a_member");
  });
});
