import { generateLicenseKey, publicKeyOf, signLicense, verifyLicense } from "@atrium/license";
import { describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../actor.ts";
import { AppError } from "../errors.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { installationId, installLicense, reconcileAllInstalledLicenses, reconcileInstalledLicense } from "./install.ts";
import { issueLicense, listLicenses, renewLicense, revokeLicense } from "./issue.ts";
import { licensePublicKeys, retireLicenseKey, rotateLicenseKeys } from "./keys.ts";
import { licenseStatus } from "./status.ts";

const { db, demo } = await createDemoTestDatabase();
const soylent = demo.organizations["soylent"]!;
const initech = demo.organizations["initech"]!;
const finance: Actor = { type: "staff", userId: demo.users["finance@atrium.example"]!, email: "finance@atrium.example" };
const owner: Actor = { type: "user", userId: demo.users["ops@soylent.example"]!, email: "ops@soylent.example" };
const ISSUER = "http://atrium.test";
const DAY = 86_400_000;
const now = new Date();
const days = (n: number) => new Date(now.getTime() + n * DAY);
const enterprise = (over: Record<string, unknown> = {}) => ({ plan: "enterprise" as const, seats: 1, startsAt: days(-1), expiresAt: days(365), graceDays: 14, ...over });

async function error(call: Promise<unknown>): Promise<AppError> {
  const e = await call.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}
const plan = async (id: string) => (await db.organization.findUniqueOrThrow({ where: { id }, select: { plan: true } })).plan;
const actions = async (organizationId: string | null, action: string) => db.auditEvent.count({ where: { organizationId, action } });

describe("issuing", () => {
  it("signs with the active key (made on first use, sealed at rest), lists the licence as valid, audits the issue", async () => {
    const { id, token } = await issueLicense(db, finance, soylent, enterprise({ extraFeatures: [] }), ISSUER);
    const key = await db.licenseSigningKey.findFirstOrThrow({ where: { status: "active" } });
    expect(key.privateJwk).toMatch(/^v1\./);
    expect(key.privateJwk).not.toContain('"d"');
    const verdict = await verifyLicense(token, { publicKeys: await licensePublicKeys(db) });
    expect(verdict.license).toMatchObject({ id, organizationId: soylent, edition: "Enterprise", plan: "enterprise", seats: 1, keyId: key.kid, customer: "Soylent Foods" });
    expect(verdict.license?.features).toContain("log_streaming");
    const [row] = await listLicenses(db, soylent);
    expect(row).toMatchObject({ id, state: "valid", reason: null, issuedBy: expect.any(String) });
    expect(await db.auditEvent.count({ where: { action: "license.issue", resourceId: id } })).toBe(1);
    expect(await actions(null, "license.signing_key_create")).toBe(1);
  });

  it("refuses terms that end before they start (zod) and an unknown organization (NOT_FOUND)", async () => {
    await expect(issueLicense(db, finance, soylent, enterprise({ expiresAt: days(-2) }), ISSUER)).rejects.toThrow();
    expect((await error(issueLicense(db, finance, "00000000-0000-4000-8000-000000000000", enterprise(), ISSUER))).code).toBe("NOT_FOUND");
  });
});

describe("installing and the plan", () => {
  it("the owner installs an Enterprise licence: the plan becomes enterprise, audited; seats over the licence are shown, not refused", async () => {
    const { token } = await issueLicense(db, finance, soylent, enterprise(), ISSUER);
    expect(await plan(soylent)).toBe("team");
    const verdict = await installLicense(db, owner, soylent, token, "console");
    expect(verdict.state).toBe("valid");
    expect(await plan(soylent)).toBe("enterprise");
    const status = await licenseStatus(db, soylent);
    expect(status).toMatchObject({ installed: true, state: "valid", plan: "enterprise", communityFallback: false, seatsUsed: 2, source: "console", warningDays: null });
    expect(status.license?.seats).toBe(1);
    expect(await db.membership.count({ where: { organizationId: soylent, status: "active" } })).toBe(2);
    expect(await actions(soylent, "license.install")).toBe(1);
  });

  it("refuses a licence for another organization, a tampered one, and an expired one pasted in the console", async () => {
    const { token } = await issueLicense(db, finance, initech, enterprise(), ISSUER);
    expect((await error(installLicense(db, owner, soylent, token, "console"))).userMessage).toBe("This licence was issued to another organization (Initech).");
    const [h, p, s] = token.split(".");
    const tampered = [h, Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), seats: 900 })).toString("base64url"), s].join(".");
    expect((await error(installLicense(db, owner, initech, tampered, "console"))).userMessage).toBe("This licence has been altered since it was signed.");
    const expired = await issueLicense(db, finance, initech, enterprise({ startsAt: days(-400), expiresAt: days(-30), graceDays: 7 }), ISSUER);
    expect((await error(installLicense(db, owner, initech, expired.token, "console"))).code).toBe("BAD_REQUEST");
  });

  it("warns at 30, 14 and 7 days; in grace keeps the plan; past grace falls back to the community tier without deleting data", async () => {
    const { token } = await issueLicense(db, finance, initech, enterprise({ expiresAt: days(20), graceDays: 10 }), ISSUER);
    await installLicense(db, systemActor("licensing"), initech, token, "environment");
    const members = await db.membership.count({ where: { organizationId: initech } });
    expect((await licenseStatus(db, initech, { now: days(0) })).warningDays).toBe(30);
    expect((await licenseStatus(db, initech, { now: days(10) })).warningDays).toBe(14);
    expect((await licenseStatus(db, initech, { now: days(15) })).warningDays).toBe(7);
    const grace = await licenseStatus(db, initech, { now: days(25) });
    expect(grace).toMatchObject({ state: "grace", plan: "enterprise", communityFallback: false, daysLeft: 5 });
    expect(await plan(initech)).toBe("enterprise");
    const past = await licenseStatus(db, initech, { now: days(31) });
    expect(past).toMatchObject({ state: "expired", plan: "free", communityFallback: true });
    expect(await plan(initech)).toBe("free");
    expect(await db.membership.count({ where: { organizationId: initech } })).toBe(members);
    const retention = await db.retentionPolicy.findMany({ where: { organizationId: initech }, select: { dataType: true, days: true } });
    expect(retention.find((r) => r.dataType === "audit_events")?.days).toBe(365);
    // Applied once: looking again writes nothing more.
    const changes = await actions(initech, "license.state_change");
    await licenseStatus(db, initech, { now: days(32) });
    expect(await actions(initech, "license.state_change")).toBe(changes);
  });

  it("revoked then reissued: the revoked licence is refused here and the plan falls back; the reissued one restores it", async () => {
    const tyrell = demo.organizations["tyrell"]!;
    const first = await issueLicense(db, finance, tyrell, enterprise(), ISSUER);
    await installLicense(db, finance, tyrell, first.token, "console");
    expect(await plan(tyrell)).toBe("enterprise");
    await revokeLicense(db, finance, first.id, "Contract cancelled");
    expect(await plan(tyrell)).toBe("free");
    expect(await licenseStatus(db, tyrell)).toMatchObject({ state: "invalid", reason: "revoked", communityFallback: true });
    expect((await listLicenses(db, tyrell)).find((l) => l.id === first.id)).toMatchObject({ state: "invalid", reason: "revoked" });
    expect((await error(revokeLicense(db, finance, first.id, "again"))).code).toBe("CONFLICT");
    const second = await issueLicense(db, finance, tyrell, enterprise(), ISSUER);
    await installLicense(db, finance, tyrell, second.token, "console");
    expect(await licenseStatus(db, tyrell)).toMatchObject({ state: "valid", plan: "enterprise" });
    expect(await plan(tyrell)).toBe("enterprise");
  });

  it("a licence bound to another installation is refused (wrong_installation); bound to this one, accepted", async () => {
    const globex = demo.organizations["globex"]!;
    const elsewhere = await issueLicense(db, finance, globex, enterprise({ installationId: "another-installation" }), ISSUER);
    expect((await error(installLicense(db, finance, globex, elsewhere.token, "console"))).userMessage).toBe("This licence is bound to another installation.");
    const here = await issueLicense(db, finance, globex, enterprise({ installationId: await installationId(db) }), ISSUER);
    expect((await installLicense(db, finance, globex, here.token, "console")).state).toBe("valid");
  });

  it("a licence from another vendor's key verifies only when that key is configured (ATRIUM_LICENSE_PUBLIC_KEYS)", async () => {
    const vendor = await generateLicenseKey();
    const umbrella = demo.organizations["umbrella"]!;
    const token = await signLicense({ issuer: "https://vendor.example", licenseId: crypto.randomUUID(), organizationId: umbrella, customer: "Umbrella Health", edition: "Enterprise", plan: "enterprise", features: [], seats: 10, notBefore: days(-1), expiresAt: days(30), graceDays: 0 }, vendor);
    expect((await error(installLicense(db, finance, umbrella, token, "console"))).userMessage).toMatch(/key this installation does not know/);
    expect((await installLicense(db, finance, umbrella, token, "console", { vendorKeys: [publicKeyOf(vendor)] })).state).toBe("valid");
    expect((await reconcileInstalledLicense(db, umbrella, {}))?.reason).toBe("unknown_kid");
  });
});

describe("signing key rotation", () => {
  it("after a rotation old licences still verify and renewals use the new key; a retired key's licences stop verifying", async () => {
    const acme = demo.organizations["acme"]!;
    const old = await issueLicense(db, finance, acme, enterprise(), ISSUER);
    const rotated = await rotateLicenseKeys(db, systemActor("test"));
    expect(rotated.previousKid).not.toBeNull();
    const renewed = await renewLicense(db, finance, old.id, enterprise({ expiresAt: days(730) }), ISSUER);
    const rows = await listLicenses(db, acme);
    expect(rows.find((r) => r.id === old.id)).toMatchObject({ state: "valid", keyId: rotated.previousKid });
    expect(rows.find((r) => r.id === renewed.id)).toMatchObject({ state: "valid", keyId: rotated.activeKid, renewsId: old.id });
    expect((await error(retireLicenseKey(db, systemActor("test"), rotated.activeKid))).code).toBe("CONFLICT");
    await retireLicenseKey(db, systemActor("test"), rotated.previousKid!);
    expect((await listLicenses(db, acme)).find((r) => r.id === old.id)).toMatchObject({ state: "invalid", reason: "unknown_kid" });
    expect(await db.auditEvent.count({ where: { action: { in: ["license.signing_key_rotate", "license.signing_key_retire", "license.renew"] } } })).toBe(3);
  });
});

describe("the hourly re-check", () => {
  it("applies a licence's lapse without anyone opening the console, once", async () => {
    const globex = demo.organizations["globex"]!;
    expect(await plan(globex)).toBe("enterprise");
    expect(await reconcileAllInstalledLicenses(db, { now: days(400) })).toBeGreaterThanOrEqual(4);
    expect(await plan(globex)).toBe("free");
    const changes = await actions(globex, "license.state_change");
    expect(changes).toBe(1);
    await reconcileAllInstalledLicenses(db, { now: days(401) });
    expect(await actions(globex, "license.state_change")).toBe(changes);
  });
});
