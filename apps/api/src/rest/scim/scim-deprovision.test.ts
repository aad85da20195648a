import { createApiKey } from "@atrium/core/api-keys";
import { loadOrgAccess } from "@atrium/core/access";
import { startQueueWorker } from "@atrium/worker/testing";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { newUser, patch, scimFor } from "./scim-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const scim = await scimFor(api, acme, "acme.example");

// The real worker, on the same database, serving scim-sync.
const worker = await startQueueWorker(api.databaseUrl, ["scim-sync"]);

/** The scim-sync job queued for a user, once it has reached a final state. */
async function settledJob(userId: string, kind: string) {
  for (;;) {
    const [job] = await api.db.$queryRaw<{ id: string; state: string; output: unknown }[]>`
      SELECT id::text, state::text, output FROM pgboss.job
       WHERE name = 'scim-sync' AND data->>'kind' = ${kind} AND data->>'userId' = ${userId} ORDER BY created_on DESC LIMIT 1`;
    if (job && ["completed", "failed"].includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const orgGet = (token: string) =>
  fetch(`${api.url}/trpc/org.get?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ orgId: acme })))}`, { headers: { authorization: `Bearer ${token}` } });

describe("SCIM deprovisioning", () => {
  it("active=false refuses the person's next request once the scim-sync job completed: sessions, API keys and device tokens revoked", async () => {
    // sam.patel (an Acme admin who signs in with a password) is taken over by SCIM.
    const created = await scim("POST", "/Users", newUser("sam.patel@acme.example"));
    expect(created.status).toBe(201);
    const sam = await api.signedIn("sam.patel@acme.example");
    const userId = (await api.db.user.findUniqueOrThrow({ where: { email: "sam.patel@acme.example" }, select: { id: true } })).id;
    const access = (await loadOrgAccess(api.db, userId, acme))!;
    const key = await createApiKey(api.db, { type: "user", userId, email: "sam.patel@acme.example" }, access, new Set(["org:read"]), { name: "Sam's script", permissions: ["org:read"], expiresAt: null });
    expect((await sam.trpc.org.get.query({ orgId: acme })).id).toBe(acme);
    expect((await orgGet(key.token)).status).toBe(200);
    // A CLI's device token for Acme (as the device grant issues them).
    const device = await api.db.deviceToken.create({
      data: { userId, organizationId: acme, clientId: "atrium-cli", scopes: ["org:read"], prefix: "atd_sweepabc", secretHash: "0".repeat(64), expiresAt: new Date(Date.now() + 86_400_000) },
      select: { id: true },
    });

    const off = await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.status).toBe(200);
    const job = await settledJob(userId, "revoke");
    expect(job).toMatchObject({ state: "completed", output: { sessions: 1, apiKeys: 1, deviceTokens: 1 } });
    expect((await api.db.deviceToken.findUniqueOrThrow({ where: { id: device.id }, select: { revokedAt: true } })).revokedAt).not.toBeNull();

    const next = await sam.fetch(`/trpc/org.get?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ orgId: acme })))}`);
    expect(next.status).toBe(401);
    expect((await orgGet(key.token)).status).toBe(401);
    const audit = await api.db.auditEvent.findFirst({ where: { organizationId: acme, action: "membership.access_revoke" }, select: { actorLabel: true, details: true } });
    expect(audit).toEqual({ actorLabel: "scim-sync", details: { reason: "deactivated", sessions: 1, apiKeys: 1, deviceTokens: 1 } });
  });

  it("reactivation restores access with the mapped role", async () => {
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "sam.patel@acme.example"')}`);
    const on = await scim("PATCH", `/Users/${found.body.Resources[0].id}`, patch({ op: "replace", path: "active", value: true }));
    expect(on.body.active).toBe(true);
    const sam = await api.signedIn("sam.patel@acme.example");
    expect((await sam.trpc.org.get.query({ orgId: acme })).id).toBe(acme);
    const userId = (await api.db.user.findUniqueOrThrow({ where: { email: "sam.patel@acme.example" }, select: { id: true } })).id;
    const membership = await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: acme, userId } }, select: { role: true, status: true } });
    expect(membership).toEqual({ role: "member", status: "active" });
  });

  it("reconciliation repairs a membership whose state drifted from SCIM", async () => {
    const created = await scim("POST", "/Users", newUser("drift@acme.example", { active: false }));
    const userId = (await api.db.user.findUniqueOrThrow({ where: { email: "drift@acme.example" }, select: { id: true } })).id;
    await settledJob(userId, "revoke");
    // Someone reactivates the membership behind SCIM's back.
    await api.db.membership.update({ where: { organizationId_userId: { organizationId: acme, userId } }, data: { status: "active", role: "admin" } });
    const jobId = await worker.boss.send("scim-sync", { kind: "reconcile", organizationId: acme });
    for (;;) {
      const job = await worker.boss.getJobById("scim-sync", jobId!);
      if (job?.state === "completed") {
        expect(job.output).toMatchObject({ statusFixed: 1, rolesFixed: 1 });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await api.db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: acme, userId } }, select: { status: true, role: true } })).toEqual({ status: "deactivated", role: "member" });
    expect(created.body.active).toBe(false);
  });

  it("DELETE removes the membership and revokes the person's access", async () => {
    const created = await scim("POST", "/Users", newUser("leaver@acme.example"));
    const userId = (await api.db.user.findUniqueOrThrow({ where: { email: "leaver@acme.example" }, select: { id: true } })).id;
    expect((await scim("DELETE", `/Users/${created.body.id}`)).status).toBe(204);
    expect(await settledJob(userId, "revoke")).toMatchObject({ state: "completed" });
    expect(await api.db.membership.findUnique({ where: { organizationId_userId: { organizationId: acme, userId } } })).toBeNull();
    expect(await api.db.user.findUniqueOrThrow({ where: { id: userId }, select: { status: true } })).toEqual({ status: "deactivated" });
  });
});
