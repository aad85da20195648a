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
import { DEMO_PASSWORD } from "@atrium/core/seed";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "./routers/index.ts";
import { startTestApi, type TestClient } from "./testing.ts";
import type { ProcedureMeta } from "./trpc/init.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");
const staff = await api.signedIn("root@atrium.example");

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

// ---- fixtures: each case makes what it needs, through the API as the owner or in the database ----
let serial = 0;
const unique = (prefix: string) => `${prefix}-${serial++}-${randomUUID().slice(0, 6)}`;
const o = owner.trpc;

async function newMember(role: "admin" | "member" | "viewer" = "member", organizationId = acme) {
  const user = await api.db.user.create({ data: { email: `${unique("person")}@acme.example`, name: "Sweep Person" }, select: { id: true, email: true } });
  await api.db.membership.create({ data: { organizationId, userId: user.id, role } });
  return user;
}
const child = async () => (await o.org.createChild.mutate({ orgId: acme, name: "Sweep child", slug: unique("sweep") })).id;
async function invitationToken(email: string) {
  await o.invitations.create.mutate({ orgId: acme, email, roleKey: "member" });
  const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { toAddress: email }, orderBy: { createdAt: "desc" }, select: { textBody: true } });
  return /\/admin\/invitations\/([a-z2-7]+)/.exec(mail.textBody)![1]!;
}
const invitationId = async () => (await o.invitations.create.mutate({ orgId: acme, email: `${unique("guest")}@example.com`, roleKey: "member" })).id;
const roleId = async () => (await o.roles.create.mutate({ orgId: acme, name: unique("Role"), permissions: ["org:read"] })).id;
const groupId = async () => (await o.groups.create.mutate({ orgId: acme, name: unique("Group") })).id;
const workspaceId = async () => (await o.workspaces.create.mutate({ orgId: acme, name: unique("Workspace"), visibility: "organization" })).id;
const keyId = async () => (await o.apiKeys.create.mutate({ orgId: acme, name: unique("Key"), permissions: ["org:read"] })).id;
const alertRule = { name: "Sweep rule", actions: ["sso.*"], status: "denied" as const, threshold: 1, windowSeconds: 0, notifyAdmins: true, webhookUrl: "https://hooks.acme.example/a" };
const stream = { kind: "generic" as const, url: "https://siem.acme.example/in" };

interface Case {
  /** Who calls it for the successful call (default: the owner of Acme). */
  as?: () => Promise<TestClient> | TestClient;
  input: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** For public and signed-in procedures: how a refusal is provoked, or why none can be attributed. */
  refused?: { as: () => Promise<TestClient> | TestClient; input: () => Promise<Record<string, unknown>> | Record<string, unknown> } | { notAttributable: string };
}

const signedInAs = (email: string) => () => api.signedIn(email);

const CASES: Record<string, Case> = {
  "auth.login": {
    as: () => api.client(),
    input: () => ({ email: "lee.chen@acme.example", password: DEMO_PASSWORD }),
    refused: { as: () => api.client(), input: () => ({ email: "lee.chen@acme.example", password: "not the password" }) },
  },
  "auth.logout": { as: signedInAs("lee.chen@acme.example"), input: () => ({}), refused: { notAttributable: "without a session there is nobody to log out" } },
  "org.createChild": { input: () => ({ orgId: acme, name: "Sweep child", slug: unique("sweep") }) },
  "org.rename": { input: () => ({ orgId: acme, name: unique("Acme Corp") }) },
  "org.updateBranding": { input: () => ({ orgId: acme, logoUrl: null, brandColor: "teal", supportEmail: null }) },
  "org.setInheritance": { input: () => ({ orgId: acme, inheritRolesToChildren: true }) },
  "org.move": { input: async () => ({ orgId: await child(), newParentId: await child() }) },
  "org.archive": { input: async () => ({ orgId: await child() }) },
  "org.restore": {
    input: async () => {
      const id = await child();
      await o.org.archive.mutate({ orgId: id });
      return { orgId: id };
    },
  },
  "members.changeRole": { input: async () => ({ orgId: acme, userId: (await newMember()).id, roleKey: "viewer" }) },
  "members.deactivate": { input: async () => ({ orgId: acme, userId: (await newMember()).id }) },
  "members.reactivate": {
    input: async () => {
      const user = await newMember();
      await o.members.deactivate.mutate({ orgId: acme, userId: user.id });
      return { orgId: acme, userId: user.id };
    },
  },
  "members.remove": { input: async () => ({ orgId: acme, userId: (await newMember()).id }) },
  "members.transferOwnership": {
    input: async () => {
      const orgId = await child();
      return { orgId, userId: (await newMember("admin", orgId)).id };
    },
  },
  "members.bulk": { input: async () => ({ orgId: acme, userIds: [(await newMember()).id], action: { type: "deactivate" } }) },
  "invitations.create": { input: () => ({ orgId: acme, email: `${unique("invitee")}@example.com`, roleKey: "member" }) },
  "invitations.resend": { input: async () => ({ orgId: acme, invitationId: await invitationId() }) },
  "invitations.revoke": { input: async () => ({ orgId: acme, invitationId: await invitationId() }) },
  "invitation.accept": {
    as: signedInAs("karl.berg@globex.example"),
    input: async () => ({ token: await invitationToken("karl.berg@globex.example") }),
    refused: { notAttributable: "an unknown token names no organization whose log could record it" },
  },
  "invitation.acceptAsNewUser": {
    as: () => api.client(),
    input: async () => ({ token: await invitationToken(`${unique("newcomer")}@example.com`), name: "New Comer", password: "a long enough password" }),
    refused: { notAttributable: "an unknown token names no organization whose log could record it" },
  },
  "invitation.decline": {
    as: () => api.client(),
    input: async () => ({ token: await invitationToken(`${unique("decliner")}@example.com`) }),
    refused: { notAttributable: "an unknown token names no organization whose log could record it" },
  },
  "roles.create": { input: () => ({ orgId: acme, name: unique("Role"), permissions: ["org:read"] }) },
  "roles.update": { input: async () => ({ orgId: acme, roleId: await roleId(), name: unique("Role"), permissions: ["org:read", "members:read"] }) },
  "roles.delete": { input: async () => ({ orgId: acme, roleId: await roleId() }) },
  "groups.create": { input: () => ({ orgId: acme, name: unique("Group") }) },
  "groups.update": { input: async () => ({ orgId: acme, groupId: await groupId(), name: unique("Group") }) },
  "groups.delete": { input: async () => ({ orgId: acme, groupId: await groupId() }) },
  "workspaces.create": { input: () => ({ orgId: acme, name: unique("Workspace"), visibility: "private" }) },
  "workspaces.update": { input: async () => ({ orgId: acme, workspaceId: await workspaceId(), name: unique("Workspace") }) },
  "workspaces.grant": {
    input: async () => ({ orgId: acme, workspaceId: await workspaceId(), subjectType: "user", subjectId: (await newMember()).id, permissions: ["workspace_content:read"] }),
  },
  "workspaces.revokeGrant": {
    input: async () => {
      const { id } = await o.workspaces.grant.mutate({ orgId: acme, workspaceId: await workspaceId(), subjectType: "user", subjectId: (await newMember()).id, permissions: ["workspace_content:read"] });
      return { orgId: acme, grantId: id };
    },
  },
  "apiKeys.create": { input: () => ({ orgId: acme, name: unique("Key"), permissions: ["org:read"] }) },
  "apiKeys.rotate": { input: async () => ({ orgId: acme, keyId: await keyId() }) },
  "apiKeys.revoke": { input: async () => ({ orgId: acme, keyId: await keyId() }) },
  "settings.updateIpAllowlist": { input: () => ({ orgId: acme, entries: [] }) },
  "settings.updateRateLimit": { input: () => ({ orgId: acme, perMinute: 600, burst: 100 }) },
  "audit.verify": { input: () => ({ orgId: acme }) },
  "audit.startExport": { input: () => ({ orgId: acme, format: "csv" }) },
  "privacy.exportPersonalData": { input: async () => ({ orgId: acme, userId: (await newMember()).id }) },
  "privacy.erasePersonalData": {
    input: async () => {
      const user = await newMember();
      await o.members.remove.mutate({ orgId: acme, userId: user.id });
      return { orgId: acme, userId: user.id };
    },
  },
  "retention.setPolicy": { input: () => ({ orgId: acme, dataType: "audit_events", days: 400 }) },
  "retention.placeHold": { input: () => ({ orgId: acme, name: "Sweep hold", reason: "Sweep" }) },
  "retention.releaseHold": { input: async () => ({ orgId: acme, holdId: (await o.retention.placeHold.mutate({ orgId: acme, name: "Sweep hold", reason: "Sweep" })).id }) },
  "customers.setFeatureOverride": { as: () => staff, input: () => ({ organizationId: acme, feature: "sso", enabled: true, reason: "Sweep trial" }) },
  "auditAlerts.create": { input: () => ({ orgId: acme, ...alertRule }) },
  "auditAlerts.update": { input: async () => ({ orgId: acme, ruleId: (await o.auditAlerts.create.mutate({ orgId: acme, ...alertRule })).id, ...alertRule, threshold: 2, windowSeconds: 60 }) },
  "auditAlerts.delete": { input: async () => ({ orgId: acme, ruleId: (await o.auditAlerts.create.mutate({ orgId: acme, ...alertRule })).id }) },
  "auditAlerts.rotateSecret": { input: async () => ({ orgId: acme, ruleId: (await o.auditAlerts.create.mutate({ orgId: acme, ...alertRule })).id }) },
  "auditStreaming.save": { input: () => ({ orgId: acme, ...stream }) },
  "auditStreaming.delete": {
    input: async () => {
      await o.auditStreaming.save.mutate({ orgId: acme, ...stream });
      return { orgId: acme };
    },
  },
  "auditStreaming.rotateSecret": {
    input: async () => {
      await o.auditStreaming.save.mutate({ orgId: acme, ...stream });
      return { orgId: acme };
    },
  },
};

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
    if (typeof access === "object") {
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
    const events = await eventsWith(done.requestId);
    expect(events.length, `${path} succeeded without an audit event`).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.status === "success")).toBe(true);
  });
});
