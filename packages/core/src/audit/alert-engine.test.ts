import { createServer, type IncomingMessage } from "node:http";
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { secrets } from "../secrets/box.ts";
import { deliverAlertWebhooks, evaluateAlerts } from "./alert-engine.ts";
import { createAlertRule, rotateAlertSecret } from "./alerts.ts";
import { SIGNATURE_HEADER, verifySignature } from "./signature.ts";
import { verifyAuditChain } from "./verify.ts";

const { db } = await createTestDatabase();
const actor = systemActor("test");

/** A webhook receiver on this machine: checks signatures against `secret`, answers `statuses` in turn (then 200). */
function receiver() {
  const state = { secret: "", statuses: [] as number[], received: [] as { valid: boolean; body: Record<string, unknown> }[] };
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      state.received.push({ valid: verifySignature(state.secret, body, req.headers[SIGNATURE_HEADER] as string), body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(state.statuses.shift() ?? 200).end();
    });
  });
  const listening = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`)));
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  return { state, url: listening };
}

async function orgWithAdmin(slug: string) {
  const org = await db.organization.create({ data: { name: `Org ${slug}`, slug, plan: "enterprise" }, select: { id: true } });
  const user = await db.user.create({ data: { email: `owner@${slug}.example`, name: "Owner" }, select: { id: true } });
  await db.membership.create({ data: { organizationId: org.id, userId: user.id, role: "owner" } });
  return org.id;
}

async function event(organizationId: string, action: string, at: Date, status: "success" | "denied" = "success") {
  await db.auditEvent.create({ data: { organizationId, action, status, actorType: "system", resourceType: "test", occurredAt: at } });
}

describe("audit alert engine", () => {
  it("fires once per batch of matching events, records and audits the firing, e-mails the admins and sends a signed webhook", async () => {
    const { state, url } = receiver();
    const orgId = await orgWithAdmin("alerts-a");
    await event(orgId, "sso.login", new Date(), "denied"); // before the rule: not evaluated
    const rule = await createAlertRule(db, actor, orgId, {
      name: "Denied SSO", actions: ["sso.*"], status: "denied", threshold: 1, windowSeconds: 0, notifyAdmins: true, webhookUrl: await url,
    });
    state.secret = rule.webhookSecret!;
    const stored = await db.auditAlertRule.findUniqueOrThrow({ where: { id: rule.id }, select: { webhookSecret: true } });
    expect(stored.webhookSecret).toMatch(new RegExp(`^v1\\.${secrets().currentKeyId}\\.`));
    expect(stored.webhookSecret).not.toContain(rule.webhookSecret);

    await event(orgId, "sso.login", new Date(), "denied");
    await event(orgId, "sso.login", new Date(), "success");
    await event(orgId, "sso.connection_update", new Date(), "denied");
    expect(await evaluateAlerts(db)).toEqual({ rules: 1, fired: 1 });
    expect(await evaluateAlerts(db)).toMatchObject({ fired: 0 });

    const [firing] = await db.auditAlertFiring.findMany({ where: { organizationId: orgId } });
    expect(firing).toMatchObject({ eventCount: 2, emails: 1, webhookStatus: "pending" });
    expect(await db.auditEvent.count({ where: { organizationId: orgId, action: "alert.fire" } })).toBe(1);
    const mail = await db.emailOutbox.findFirstOrThrow({ where: { organizationId: orgId, template: "audit-alert" } });
    expect([mail.toAddress, mail.subject]).toEqual(["owner@alerts-a.example", "Alert: Denied SSO (Org alerts-a)"]);

    expect(await deliverAlertWebhooks(db)).toEqual({ delivered: 1, failed: 0 });
    expect(state.received).toHaveLength(1);
    expect(state.received[0]!.valid).toBe(true);
    expect(state.received[0]!.body).toMatchObject({ type: "audit.alert", eventCount: 2, rule: { id: rule.id, name: "Denied SSO" } });
    expect((state.received[0]!.body["events"] as { action: string }[]).map((e) => e.action)).toEqual(["sso.login", "sso.connection_update"]);
    expect((await verifyAuditChain(db, orgId)).ok).toBe(true);
  });

  it("fires a threshold rule when enough events fall within the window, then stays quiet for a window", async () => {
    const orgId = await orgWithAdmin("alerts-b");
    await createAlertRule(db, actor, orgId, {
      name: "Deprovision burst", actions: ["scim.user.deprovisioned"], threshold: 5, windowSeconds: 600, notifyAdmins: true,
    });
    const t0 = Date.now() - 3600_000;
    const minutes = (m: number) => new Date(t0 + m * 60_000);
    // 4 within 10 minutes, then a gap: no alert.
    for (const m of [0, 2, 4, 6, 20]) await event(orgId, "scim.user.deprovisioned", minutes(m));
    expect(await evaluateAlerts(db)).toMatchObject({ fired: 0 });
    // 5 within 10 minutes (20..28): one alert; the 6th in the same window does not fire again.
    for (const m of [22, 24, 26, 28, 29]) await event(orgId, "scim.user.deprovisioned", minutes(m));
    expect(await evaluateAlerts(db)).toMatchObject({ fired: 1 });
    const [firing] = await db.auditAlertFiring.findMany({ where: { organizationId: orgId } });
    expect(firing).toMatchObject({ eventCount: 5, webhookStatus: "none" });
  });

  it("retries a failing webhook with exponential backoff and signs with the rotated secret", async () => {
    const { state, url } = receiver();
    const orgId = await orgWithAdmin("alerts-c");
    const rule = await createAlertRule(db, actor, orgId, {
      name: "Retention", actions: ["retention.*"], threshold: 1, windowSeconds: 0, notifyAdmins: false, webhookUrl: await url,
    });
    state.secret = (await rotateAlertSecret(db, actor, orgId, rule.id)).webhookSecret;
    state.statuses = [500, 503];
    await event(orgId, "retention.update", new Date());
    await evaluateAlerts(db);
    const now = Date.now();
    expect(await deliverAlertWebhooks(db, new Date(now))).toEqual({ delivered: 0, failed: 0 });
    let firing = await db.auditAlertFiring.findFirstOrThrow({ where: { organizationId: orgId } });
    expect([firing.webhookStatus, firing.webhookAttempts, firing.webhookError, firing.webhookNextAt!.getTime() - now]).toEqual(["pending", 1, "HTTP 500", 30_000]);
    expect(await deliverAlertWebhooks(db, new Date(now + 10_000))).toEqual({ delivered: 0, failed: 0 }); // not due yet
    await deliverAlertWebhooks(db, new Date(now + 30_000));
    firing = await db.auditAlertFiring.findFirstOrThrow({ where: { organizationId: orgId } });
    expect([firing.webhookAttempts, firing.webhookNextAt!.getTime() - (now + 30_000)]).toEqual([2, 60_000]);
    expect(await deliverAlertWebhooks(db, new Date(now + 90_000))).toEqual({ delivered: 1, failed: 0 });
    expect(state.received.map((r) => r.valid)).toEqual([true, true, true]);
  });
});
