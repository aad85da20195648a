import { describe, expect, it } from "vitest";
import { generateLicenseKey, publicKeyOf, signLicense, verifyLicense, type LicensePrivateKey, type LicenseTerms } from "./index.js";

const DAY = 86_400_000;
const start = new Date("2026-01-01T00:00:00Z");
const end = new Date("2027-01-01T00:00:00Z");
const terms = (overrides: Partial<LicenseTerms> = {}): LicenseTerms => ({
  issuer: "https://vendor.example",
  licenseId: "lic-1",
  organizationId: "9b8f2a52-0a43-4b53-9a0c-6f0c1f0e0001",
  customer: "Acme Corp",
  edition: "Enterprise",
  plan: "enterprise",
  features: ["sso", "scim", "audit_tail"],
  seats: 50,
  notBefore: start,
  expiresAt: end,
  graceDays: 14,
  issuedAt: start,
  ...overrides,
});

const keyA = await generateLicenseKey();
const keyB = await generateLicenseKey();
const trusted = [publicKeyOf(keyA)];
const at = (iso: string | number) => new Date(iso);
const sign = (t: Partial<LicenseTerms> = {}, key: LicensePrivateKey = keyA) => signLicense(terms(t), key);

/** Replaces the payload of a compact JWS with `mutate(payload)`, keeping header and signature. */
function tamper(token: string, mutate: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
  mutate(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}

describe("verifyLicense", () => {
  it("a licence within its dates is valid, with its terms and the days left", async () => {
    const result = await verifyLicense(await sign(), { publicKeys: trusted, now: at("2026-12-02T00:00:00Z") });
    expect(result.state).toBe("valid");
    expect(result.reason).toBeNull();
    expect(result.daysLeft).toBe(30);
    expect(result.license).toMatchObject({ id: "lic-1", edition: "Enterprise", plan: "enterprise", seats: 50, features: ["sso", "scim", "audit_tail"], keyId: keyA.kid, installationId: null });
    expect(result.license?.graceEndsAt.toISOString()).toBe("2027-01-15T00:00:00.000Z");
  });

  it("tampered payload (seats raised after signing): invalid, tampered", async () => {
    const token = tamper(await sign(), (c) => (c.seats = 5000));
    const result = await verifyLicense(token, { publicKeys: trusted, now: at("2026-06-01") });
    expect(result).toMatchObject({ state: "invalid", reason: "tampered", license: null });
  });

  it("signed by another key under a trusted key's id: invalid, tampered (the signature does not match)", async () => {
    const forged = await sign({}, { ...keyB, kid: keyA.kid });
    expect(await verifyLicense(forged, { publicKeys: trusted, now: at("2026-06-01") })).toMatchObject({ state: "invalid", reason: "tampered" });
  });

  it("wrong key: the verifier holds a key under the licence's key id that is not that key: invalid, wrong_key", async () => {
    const token = await sign();
    const substituted = [{ ...publicKeyOf(keyB), kid: keyA.kid }];
    expect(await verifyLicense(token, { publicKeys: substituted, now: at("2026-06-01") })).toMatchObject({ state: "invalid", reason: "wrong_key", license: null });
  });

  it("unknown key id: invalid, unknown_kid", async () => {
    const token = await sign({}, keyB);
    expect(await verifyLicense(token, { publicKeys: trusted, now: at("2026-06-01") })).toMatchObject({ state: "invalid", reason: "unknown_kid" });
  });

  it("not a licence at all: invalid, malformed", async () => {
    expect(await verifyLicense("hello", { publicKeys: trusted })).toMatchObject({ state: "invalid", reason: "malformed" });
    expect(await verifyLicense("eyJhbGciOiJIUzI1NiJ9.e30.abc", { publicKeys: trusted })).toMatchObject({ state: "invalid", reason: "malformed" });
  });

  it("not yet valid: invalid, not_yet_valid (with the terms)", async () => {
    const result = await verifyLicense(await sign(), { publicKeys: trusted, now: at("2025-12-31T23:50:00Z") });
    expect(result).toMatchObject({ state: "invalid", reason: "not_yet_valid" });
    expect(result.license?.id).toBe("lic-1");
  });

  it("clock skew of a few minutes is tolerated at both ends", async () => {
    const token = await sign();
    expect((await verifyLicense(token, { publicKeys: trusted, now: new Date(start.getTime() - 4 * 60_000) })).state).toBe("valid");
    expect((await verifyLicense(token, { publicKeys: trusted, now: new Date(start.getTime() - 6 * 60_000) })).reason).toBe("not_yet_valid");
    expect((await verifyLicense(token, { publicKeys: trusted, now: new Date(end.getTime() + 4 * 60_000) })).state).toBe("valid");
    expect((await verifyLicense(token, { publicKeys: trusted, now: new Date(end.getTime() + 6 * 60_000) })).state).toBe("grace");
  });

  it("in grace: state grace, days left until the grace period ends", async () => {
    const result = await verifyLicense(await sign(), { publicKeys: trusted, now: new Date(end.getTime() + 10 * DAY) });
    expect(result).toMatchObject({ state: "grace", reason: null, daysLeft: 4 });
  });

  it("expired past grace: state expired, terms kept", async () => {
    const result = await verifyLicense(await sign(), { publicKeys: trusted, now: new Date(end.getTime() + 15 * DAY) });
    expect(result).toMatchObject({ state: "expired", reason: null, daysLeft: null });
    expect(result.license?.plan).toBe("enterprise");
  });

  it("a licence without grace days is expired the moment it ends (after the skew)", async () => {
    const result = await verifyLicense(await sign({ graceDays: 0 }), { publicKeys: trusted, now: new Date(end.getTime() + 10 * 60_000) });
    expect(result.state).toBe("expired");
  });

  it("revoked then reissued: the revoked id is invalid, revoked; the reissued licence is valid", async () => {
    const revokedIds = new Set(["lic-1"]);
    const isRevoked = (id: string) => revokedIds.has(id);
    const old = await verifyLicense(await sign(), { publicKeys: trusted, now: at("2026-06-01"), isRevoked });
    expect(old).toMatchObject({ state: "invalid", reason: "revoked" });
    const reissued = await verifyLicense(await sign({ licenseId: "lic-2" }), { publicKeys: trusted, now: at("2026-06-01"), isRevoked });
    expect(reissued).toMatchObject({ state: "valid", reason: null });
  });

  it("an offline verifier without the revocation list cannot know: the revoked licence still verifies", async () => {
    expect((await verifyLicense(await sign(), { publicKeys: trusted, now: at("2026-06-01") })).state).toBe("valid");
  });

  it("bound to an installation: refused elsewhere (wrong_installation), accepted there", async () => {
    const token = await sign({ installationId: "inst-1" });
    expect(await verifyLicense(token, { publicKeys: trusted, now: at("2026-06-01"), installationId: "inst-2" })).toMatchObject({ state: "invalid", reason: "wrong_installation" });
    expect((await verifyLicense(token, { publicKeys: trusted, now: at("2026-06-01"), installationId: "inst-1" })).state).toBe("valid");
  });

  it("key rotation: licences signed with the old key still verify while it is published; once retired, unknown_kid", async () => {
    const old = await sign({}, keyA);
    const renewed = await sign({ licenseId: "lic-2" }, keyB);
    const afterRotation = [publicKeyOf(keyB), publicKeyOf(keyA)];
    expect((await verifyLicense(old, { publicKeys: afterRotation, now: at("2026-06-01") })).state).toBe("valid");
    expect((await verifyLicense(renewed, { publicKeys: afterRotation, now: at("2026-06-01") })).state).toBe("valid");
    expect((await verifyLicense(old, { publicKeys: [publicKeyOf(keyB)], now: at("2026-06-01") })).reason).toBe("unknown_kid");
  });

  it("line breaks and spaces from copying are ignored", async () => {
    const token = await sign();
    const wrapped = `  ${token.slice(0, 40)}\n${token.slice(40)}\n`;
    expect((await verifyLicense(wrapped, { publicKeys: trusted, now: at("2026-06-01") })).state).toBe("valid");
  });

  it("refuses to sign a licence that ends before it starts", async () => {
    await expect(sign({ expiresAt: start })).rejects.toThrow("expire after it starts");
  });
});
