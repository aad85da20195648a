import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const soylent = api.demo.organizations["soylent"]!;
const owner = await api.signedIn("admin@acme.example");
const outsider = await api.signedIn("it@globex.example");

const rule = {
  name: "Denied SSO",
  actions: ["sso.*"],
  status: "denied" as const,
  threshold: 1,
  windowSeconds: 0,
  notifyAdmins: true,
  webhookUrl: "https://siem.acme.example/hooks/atrium",
};

describe("audit alert rules", () => {
  it("creates a rule with a webhook secret shown once, lists it without the secret, and audits every change", async () => {
    const presets = await owner.trpc.audit.alerts.presets.query({ orgId: acme });
    expect(presets.map((p) => p.key)).toEqual(["denied_sso", "owner_changes", "scim_deprovision_burst", "retention_changes"]);
    const { id, webhookSecret } = await owner.trpc.audit.alerts.create.mutate({ orgId: acme, ...rule, preset: "denied_sso" });
    expect(webhookSecret).toMatch(/^whsec_[a-z2-7]{39}$/);
    const [listed] = await owner.trpc.audit.alerts.list.query({ orgId: acme });
    expect(listed).toMatchObject({ id, name: "Denied SSO", actions: ["sso.*"], status: "denied", webhookUrl: rule.webhookUrl, enabled: true });
    expect(JSON.stringify(listed)).not.toContain("whsec_");

    const updated = await owner.trpc.audit.alerts.update.mutate({ orgId: acme, ruleId: id, ...rule, threshold: 3, windowSeconds: 300, enabled: false });
    expect(updated).toEqual({ webhookSecret: null });
    const rotated = await owner.trpc.audit.alerts.rotateSecret.mutate({ orgId: acme, ruleId: id });
    expect(rotated.webhookSecret).not.toBe(webhookSecret);
    await owner.trpc.audit.alerts.delete.mutate({ orgId: acme, ruleId: id });
    expect(await owner.trpc.audit.alerts.list.query({ orgId: acme })).toEqual([]);

    const actions = await api.db.auditEvent.findMany({ where: { organizationId: acme, resourceId: id }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["alert_rule.create", "alert_rule.update", "alert_rule.rotate_secret", "alert_rule.delete"]);
  });

  it("refuses plain http to another host, a threshold without a window and a rule that notifies nobody", async () => {
    expect(await callError(owner.trpc.audit.alerts.create.mutate({ orgId: acme, ...rule, webhookUrl: "http://example.com/hook" }))).toMatchObject({
      status: 400, message: "The webhook URL must use https://.",
    });
    expect(await callError(owner.trpc.audit.alerts.create.mutate({ orgId: acme, ...rule, threshold: 5 }))).toMatchObject({
      status: 400, message: "A threshold above 1 needs a time window.",
    });
    expect(await callError(owner.trpc.audit.alerts.create.mutate({ orgId: acme, ...rule, webhookUrl: null, notifyAdmins: false }))).toMatchObject({ status: 400 });
  });

  it("keeps rules to their organization and plan", async () => {
    const { id } = await owner.trpc.audit.alerts.create.mutate({ orgId: acme, ...rule });
    expect((await callError(outsider.trpc.audit.alerts.list.query({ orgId: acme }))).status).toBe(404);
    const globex = api.demo.organizations["globex"]!;
    expect((await callError(outsider.trpc.audit.alerts.delete.mutate({ orgId: globex, ruleId: id }))).status).toBe(404);
    expect((await callError(outsider.trpc.audit.alerts.rotateSecret.mutate({ orgId: globex, ruleId: id }))).status).toBe(404);
    expect((await callError(outsider.trpc.audit.alerts.update.mutate({ orgId: globex, ruleId: id, ...rule }))).status).toBe(404);
    expect(await api.db.auditAlertRule.count({ where: { id } })).toBe(1);
    const team = await api.signedIn("ops@soylent.example");
    expect((await callError(team.trpc.audit.alerts.list.query({ orgId: soylent }))).status).toBe(402);
  });
});
