/**
 * POST /v1/authorize over real HTTP on the demo data: each answer is the one
 * the consoles would give (roles, custom roles with conditions, inheritance,
 * resource grants, plan features), in order, with its exact reason.
 */
import { FEATURES } from "@atrium/rbac";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { errorOf, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const call = v1Caller(api);
const org = api.demo.organizations;
const user = api.demo.users;
const acme = org["acme"]!;

type TCheck = { userId: string; organizationId: string; permission: string; resource?: { type: string; id: string }; context?: { ip?: string; mfa?: boolean } };
async function decide(...checks: TCheck[]) {
  const response = await call("POST", "/v1/authorize", {
    checks: checks.map(({ userId, ...c }) => ({ principal: { type: "user", id: userId }, ...c })),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { results: { allowed: boolean; reason: string; explanation: string }[] }).results;
}

async function newMember(organizationId: string, email: string, membership: { role?: "member" | "viewer"; customRoleId?: string; attributes?: Record<string, string> }) {
  const created = await api.db.user.create({ data: { email, name: email }, select: { id: true } });
  await api.db.membership.create({
    data: { organizationId, userId: created.id, role: membership.role ?? null, customRoleId: membership.customRoleId ?? null, attributes: membership.attributes ?? {} },
  });
  return created.id;
}

describe("POST /v1/authorize", () => {
  it("answers a batch in order, with the role that decided", async () => {
    expect(
      await decide(
        { userId: user["admin@acme.example"]!, organizationId: acme, permission: "members:invite" },
        { userId: user["auditor@acme.example"]!, organizationId: acme, permission: "members:invite" },
        { userId: user["auditor@acme.example"]!, organizationId: acme, permission: "members:read" },
      ),
    ).toEqual([
      { allowed: true, reason: "granted", explanation: `role "owner" in organization ${acme} grants members:invite` },
      { allowed: false, reason: "not_granted", explanation: `role "viewer" in organization ${acme} does not grant members:invite` },
      { allowed: true, reason: "granted", explanation: `role "viewer" in organization ${acme} grants members:read` },
    ]);
  });

  it("denies an unknown permission, a non-member, an organization that does not exist", async () => {
    const nowhere = "00000000-0000-4000-8000-000000000000";
    expect(
      await decide(
        { userId: user["admin@acme.example"]!, organizationId: acme, permission: "notes:fly" },
        { userId: user["it@globex.example"]!, organizationId: acme, permission: "org:read" },
        { userId: user["admin@acme.example"]!, organizationId: nowhere, permission: "org:read" },
      ),
    ).toEqual([
      { allowed: false, reason: "unknown_permission", explanation: '"notes:fly" is not a permission of the catalog' },
      { allowed: false, reason: "not_a_member", explanation: `user ${user["it@globex.example"]} holds no active role that reaches organization ${acme}` },
      { allowed: false, reason: "organization_not_found", explanation: `organization ${nowhere} does not exist` },
    ]);
  });

  it("a permission whose feature the plan lacks is denied as feature_not_in_plan", async () => {
    const [result] = await decide({ userId: user["ops@soylent.example"]!, organizationId: org["soylent"]!, permission: "sso:create" });
    expect(result).toEqual({ allowed: false, reason: "feature_not_in_plan", explanation: `${FEATURES.sso} requires the Business plan` });
  });

  it("a deactivated member is not a member", async () => {
    const id = await newMember(acme, "gone@acme.example", { role: "member" });
    await api.db.membership.update({ where: { organizationId_userId: { organizationId: acme, userId: id } }, data: { status: "deactivated" } });
    expect((await decide({ userId: id, organizationId: acme, permission: "org:read" }))[0]!.reason).toBe("not_a_member");
  });

  it("a custom role's attribute condition reads the member's directory attributes", async () => {
    const role = await api.db.role.create({
      data: { organizationId: acme, name: "Finance readers", permissions: ["billing:read"], conditions: [{ type: "attribute", attribute: "department", oneOf: ["finance"] }] },
      select: { id: true },
    });
    const finance = await newMember(acme, "fin@acme.example", { customRoleId: role.id, attributes: { department: "finance" } });
    const sales = await newMember(acme, "sal@acme.example", { customRoleId: role.id, attributes: { department: "sales" } });
    expect(await decide({ userId: finance, organizationId: acme, permission: "billing:read" }, { userId: sales, organizationId: acme, permission: "billing:read" })).toEqual([
      { allowed: true, reason: "granted", explanation: `role "Finance readers" in organization ${acme} grants billing:read` },
      { allowed: false, reason: "not_granted", explanation: 'role "Finance readers" grants billing:read but department must be one of "finance" (is "sales")' },
    ]);
  });

  it("an MFA condition reads the context the product sends", async () => {
    const role = await api.db.role.create({
      data: { organizationId: acme, name: "MFA exporters", permissions: ["audit:read"], conditions: [{ type: "mfa" }] },
      select: { id: true },
    });
    const id = await newMember(acme, "mfa@acme.example", { customRoleId: role.id });
    const results = await decide(
      { userId: id, organizationId: acme, permission: "audit:read", context: { mfa: true } },
      { userId: id, organizationId: acme, permission: "audit:read" },
    );
    expect(results.map((r) => [r.allowed, r.explanation])).toEqual([
      [true, `role "MFA exporters" in organization ${acme} grants audit:read`],
      [false, 'role "MFA exporters" grants audit:read but requires multi-factor authentication for this session'],
    ]);
  });

  it("a role inherited from the parent counts only when the parent lets roles inherit", async () => {
    const child = org["acmeNorthAmerica"]!;
    const sam = user["sam.patel@acme.example"]!; // admin of Acme, no role in Acme North America
    const check = { userId: sam, organizationId: child, permission: "members:read" };
    expect((await decide(check))[0]!.reason).toBe("not_a_member");
    await api.db.organization.update({ where: { id: acme }, data: { inheritRolesToChildren: true } });
    expect(await decide(check)).toEqual([{ allowed: true, reason: "granted", explanation: `role "admin" inherited from organization ${acme} grants members:read` }]);
    await api.db.organization.update({ where: { id: acme }, data: { inheritRolesToChildren: false } });
  });

  it("a private workspace is reached through a resource grant; a workspace of another organization is not found", async () => {
    const lee = user["lee.chen@acme.example"]!; // member of Acme
    const workspace = await api.db.workspace.create({ data: { organizationId: acme, name: "Board", visibility: "private" }, select: { id: true } });
    const resource = { type: "workspace", id: workspace.id };
    const check = { userId: lee, organizationId: acme, permission: "workspace_content:update", resource };
    expect((await decide(check))[0]).toEqual({
      allowed: false,
      reason: "not_granted",
      explanation: `workspace ${workspace.id} is private and role "member" lacks workspaces:read_private`,
    });
    const grant = await api.db.resourceGrant.create({
      data: { organizationId: acme, resourceType: "workspace", resourceId: workspace.id, subjectType: "user", subjectId: lee, permissions: ["workspace_content:update"] },
      select: { id: true },
    });
    expect((await decide(check))[0]).toEqual({
      allowed: true,
      reason: "granted",
      explanation: `grant ${grant.id} to user ${lee} gives workspace_content:update on workspace ${workspace.id}`,
    });
    const elsewhere = await api.db.workspace.create({ data: { organizationId: org["globex"]!, name: "Globex plans" }, select: { id: true } });
    expect((await decide({ ...check, resource: { type: "workspace", id: elsewhere.id } }))[0]).toEqual({
      allowed: false,
      reason: "resource_not_found",
      explanation: `workspace ${elsewhere.id} is not in organization ${acme}`,
    });
  });

  it("refuses an empty batch and one of 101 checks with field details in words", async () => {
    const one = { principal: { type: "user", id: user["admin@acme.example"] }, organizationId: acme, permission: "org:read" };
    const empty = await call("POST", "/v1/authorize", { checks: [] });
    expect(empty.status).toBe(400);
    expect(errorOf(empty).details).toEqual([{ field: "checks", message: "Checks must have at least 1 items." }]);
    const tooMany = await call("POST", "/v1/authorize", { checks: Array.from({ length: 101 }, () => one) });
    expect(errorOf(tooMany).details).toEqual([{ field: "checks", message: "Checks must have at most 100 items." }]);
    const missing = await call("POST", "/v1/authorize", { checks: [{ ...one, permission: undefined, principal: { type: "group", id: "x" } }] });
    expect(errorOf(missing).details).toEqual([
      { field: "checks[0].principal.type", message: "Checks[0].principal.type is not in any accepted form." },
      { field: "checks[0].permission", message: "Checks[0].permission is required." },
    ]);
    const badUser = await call("POST", "/v1/authorize", { checks: [{ ...one, principal: { type: "user", id: "x" } }, { ...one, principal: { type: "access_token", token: "" } }] });
    expect(errorOf(badUser).details).toEqual([
      { field: "checks[0].principal.id", message: "Checks[0].principal.id must be a UUID." },
      { field: "checks[1].principal.token", message: "Checks[1].principal.token must have at least 1 characters." },
    ]);
  });

  it("records the batch on the platform log, with its counts", async () => {
    const requestId = "authorize-audit-0001";
    await call("POST", "/v1/authorize", { checks: [{ principal: { type: "user", id: user["admin@acme.example"] }, organizationId: acme, permission: "org:read" }, { principal: { type: "user", id: user["auditor@acme.example"] }, organizationId: acme, permission: "org:delete" }] }, { "x-request-id": requestId });
    await api.app.v1.flushAudit();
    const events = await api.db.auditEvent.findMany({ where: { requestId }, select: { organizationId: true, action: true, actorType: true, actorId: true, actorLabel: true, resourceId: true, details: true } });
    expect(events).toEqual([
      {
        organizationId: null,
        action: "application.authorize",
        actorType: "application",
        actorId: api.demo.applications["demo-product"],
        actorLabel: "Notes (key atrium_sk_demo_pro)",
        resourceId: api.demo.applications["demo-product"],
        details: {
          checks: 2,
          allowed: 1,
          denied: 1,
          organizations: [acme],
          denials: [{ organizationId: acme, userId: user["auditor@acme.example"], permission: "org:delete", reason: "not_granted" }],
        },
      },
    ]);
  });
});
