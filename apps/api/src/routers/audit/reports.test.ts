import { recordAudit } from "@atrium/core/audit";
import { systemActor } from "@atrium/core/actor";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const initech = api.demo.organizations["initech"]!;
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");
await callError(viewer.trpc.org.rename.mutate({ orgId: acme, name: "Nope" }));
await owner.trpc.members.changeRole.mutate({ orgId: acme, userId: api.demo.users["lee.chen@acme.example"]!, roleKey: "admin" });

const from = new Date(Date.now() - 86_400_000);
const to = new Date(Date.now() + 86_400_000);
const control = (report: { sections: { controls: { key: string }[] }[] }, key: string) =>
  report.sections.flatMap((s) => s.controls).find((c) => c.key === key) as unknown as { status: string; summary: string; evidence: { label: string; value: string }[]; reference: string };

describe("compliance reports", () => {
  it("reports each section from the data, with no data for SSO, MFA and SCIM until their events exist", async () => {
    const report = await owner.trpc.audit.reports.generate.query({ orgId: acme, framework: "soc2", from, to });
    expect(report.sections.map((s) => s.key)).toEqual(["authentication", "authorization", "change_management", "offboarding", "retention", "integrity"]);
    expect(control(report, "sso_coverage").status).toBe("no_data");
    expect(control(report, "mfa_coverage").status).toBe("no_data");
    expect(control(report, "deprovision_latency").status).toBe("no_data");
    expect(control(report, "failed_logins")).toMatchObject({ status: "pass", reference: "CC6.1, CC7.2" });
    expect(control(report, "role_changes").evidence).toContainEqual({ label: "membership.role_change", value: "1" });
    expect(control(report, "denied_attempts").evidence).toContainEqual({ label: "Refused: auditor@acme.example", value: "1" });
    expect(control(report, "chain_verified").status).toBe("pass");
    expect(control(report, "retention_policy")).toMatchObject({ status: "pass" });
    expect(report.overall).toBe("pass");
    const hipaa = await owner.trpc.audit.reports.generate.query({ orgId: acme, framework: "hipaa", from, to });
    expect(control(hipaa, "retention_policy")).toMatchObject({ status: "warn", reference: "§164.316(b)(2)(i)" });
  });

  it("starts counting SSO, MFA and SCIM deprovisioning once their events appear", async () => {
    const lee = api.demo.users["lee.chen@acme.example"]!;
    const sam = api.demo.users["sam.patel@acme.example"]!;
    const sso = { type: "user" as const, userId: lee, email: "lee.chen@acme.example" };
    await recordAudit(api.db, sso, { action: "auth.login" as never, organizationId: acme, resource: { type: "user", id: lee }, details: { method: "saml", mfa: true } });
    await recordAudit(api.db, { ...sso, userId: sam }, { action: "auth.login" as never, organizationId: acme, resource: { type: "user", id: sam }, details: { method: "oidc" } });
    const requestedAt = new Date(Date.now() - 90_000).toISOString();
    await recordAudit(api.db, systemActor("scim"), { action: "scim.user.deprovisioned" as never, organizationId: acme, resource: { type: "user", id: sam }, details: { requestedAt } });
    const report = await owner.trpc.audit.reports.generate.query({ orgId: acme, framework: "gdpr", from, to });
    const total = Number(control(report, "sso_coverage").evidence.find((e) => e.label === "Password sign-ins")!.value) + 2;
    expect(control(report, "sso_coverage").summary).toBe(`2 of ${total} successful sign-ins (${Math.round((2 / total) * 1000) / 10} %) used SSO.`);
    expect(control(report, "mfa_coverage").summary).toMatch(/^1 of \d+ successful sign-ins/);
    expect(control(report, "deprovision_latency")).toMatchObject({ status: "pass" });
    expect(control(report, "deprovision_latency").evidence).toContainEqual({ label: "SCIM deprovisionings", value: "1" });
  });

  it("downloads the report as JSON and PDF, audits each download, and refuses others", async () => {
    const query = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const json = await owner.fetch(`/api/orgs/${acme}/audit/reports/hipaa?${query}&format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(/^attachment; filename="hipaa-report-acme-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.json"$/);
    expect(((await json.json()) as { frameworkName: string }).frameworkName).toBe("HIPAA Security Rule");
    const pdf = await owner.fetch(`/api/orgs/${acme}/audit/reports/soc2?${query}`);
    expect([pdf.status, pdf.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await api.db.auditEvent.count({ where: { organizationId: acme, action: "compliance_report.download" } })).toBe(2);

    expect((await viewer.fetch(`/api/orgs/${acme}/audit/reports/soc2?${query}`)).status).toBe(403);
    const outsider = await api.signedIn("it@globex.example");
    expect((await outsider.fetch(`/api/orgs/${acme}/audit/reports/soc2?${query}`)).status).toBe(404);
    expect((await callError(outsider.trpc.audit.reports.generate.query({ orgId: acme, framework: "soc2", from, to }))).status).toBe(404);
    const business = await api.signedIn("bill.lumbergh@initech.example");
    expect((await business.fetch(`/api/orgs/${initech}/audit/reports/soc2?${query}`)).status).toBe(402);
    expect((await owner.fetch(`/api/orgs/${acme}/audit/reports/soc2?from=${to.toISOString()}&to=${from.toISOString()}`)).status).toBe(400);
    expect((await callError(owner.trpc.audit.reports.generate.query({ orgId: acme, framework: "soc2", from: to, to: from }))).status).toBe(400);
  });
});
