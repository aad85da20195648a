import { describe, expect, it } from "vitest";
import { sha256Hex } from "../crypto.ts";
import { DEMO_PASSWORD } from "../seed/demo.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";
import { loginWithPassword } from "./login.ts";
import { requestPasswordReset, resetPassword } from "./password-reset.ts";
import { createSession, validateSessionToken } from "./sessions.ts";

const { db, demo } = await createDemoTestDatabase();
const links = { publicUrl: "https://atrium.example.com" };
/** Each test asks from its own IP, so the per-IP limit is the one test's business. */
let ipCounter = 10;
const nextMeta = () => ({ ip: `198.51.100.${ipCounter++}`, userAgent: "vitest" });
const NEW_PASSWORD = "a brand new passphrase";

/** The token of the latest reset e-mail sent to `email` (null when none). */
async function mailedToken(email: string): Promise<string | null> {
  const mail = await db.emailOutbox.findFirst({ where: { toAddress: email, template: "password_reset" }, orderBy: { createdAt: "desc" }, select: { textBody: true } });
  return mail ? /\/admin\/reset-password#token=([a-z2-7]{32})/.exec(mail.textBody)![1]! : null;
}
const mails = (email: string) => db.emailOutbox.count({ where: { toAddress: email, template: "password_reset" } });

describe("forgot password", () => {
  it("answers a known and an unknown address alike, and mails a link (token stored as its hash) only to the account", async () => {
    await expect(requestPasswordReset(db, { email: "Lee.Chen@acme.example" }, nextMeta(), links)).resolves.toBeUndefined();
    await expect(requestPasswordReset(db, { email: "nobody@acme.example" }, nextMeta(), links)).resolves.toBeUndefined();
    expect(await mails("nobody@acme.example")).toBe(0);
    const token = await mailedToken("lee.chen@acme.example");
    expect(token).not.toBeNull();
    const mail = await db.emailOutbox.findFirstOrThrow({ where: { toAddress: "lee.chen@acme.example", template: "password_reset" }, select: { textBody: true } });
    expect(mail.textBody).toContain(`https://atrium.example.com/admin/reset-password#token=${token}`);
    const row = await db.passwordResetToken.findFirstOrThrow({ where: { userId: demo.users["lee.chen@acme.example"] }, select: { tokenHash: true, expiresAt: true, createdAt: true } });
    expect(row.tokenHash).toBe(sha256Hex(token!));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 60_000);
    expect(await db.passwordResetToken.count({ where: { tokenHash: token! } })).toBe(0);
    const audits = await db.auditEvent.findMany({ where: { action: "auth.password_reset_request", actorLabel: { in: ["lee.chen@acme.example", "nobody@acme.example"] } }, orderBy: { seq: "asc" }, select: { actorLabel: true, status: true, details: true } });
    expect(audits.map((a) => [a.actorLabel, a.status, (a.details as { reason?: string }).reason ?? null])).toEqual([
      ["lee.chen@acme.example", "success", null],
      ["nobody@acme.example", "denied", "unknown_email"],
    ]);
  });

  it("sets the password once, ends every session of the person, and refuses the link a second time", async () => {
    const userId = demo.users["lee.chen@acme.example"]!;
    const sessions = [await createSession(db, userId, nextMeta()), await createSession(db, userId, nextMeta())];
    const token = (await mailedToken("lee.chen@acme.example"))!;
    expect(await resetPassword(db, { token, password: NEW_PASSWORD }, nextMeta())).toEqual({ email: "lee.chen@acme.example" });
    for (const s of sessions) expect(await validateSessionToken(db, s.token)).toBeNull();
    await expect(loginWithPassword(db, { email: "lee.chen@acme.example", password: DEMO_PASSWORD }, nextMeta())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await loginWithPassword(db, { email: "lee.chen@acme.example", password: NEW_PASSWORD }, nextMeta())).token).toMatch(/^[a-z2-7]{32}$/);
    await expect(resetPassword(db, { token, password: "yet another passphrase" }, nextMeta())).rejects.toMatchObject({ code: "BAD_REQUEST", userMessage: "This reset link is invalid, already used or expired. Ask for a new one." });
    const audits = await db.auditEvent.findMany({ where: { action: "auth.password_reset" }, orderBy: { seq: "asc" }, select: { status: true, resourceId: true, details: true } });
    expect(audits).toEqual([
      { status: "success", resourceId: userId, details: { sessions: 2, deviceTokens: 0 } },
      { status: "denied", resourceId: null, details: { reason: "invalid_token" } }, // a spent link names nobody
    ]);
  });

  it("voids an older link when a newer one is sent, and refuses an expired link", async () => {
    await requestPasswordReset(db, { email: "sam.patel@acme.example" }, nextMeta(), links);
    const older = (await mailedToken("sam.patel@acme.example"))!;
    await requestPasswordReset(db, { email: "sam.patel@acme.example" }, nextMeta(), links);
    const newer = (await mailedToken("sam.patel@acme.example"))!;
    expect(newer).not.toBe(older);
    await expect(resetPassword(db, { token: older, password: NEW_PASSWORD }, nextMeta())).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await db.passwordResetToken.update({ where: { tokenHash: sha256Hex(newer) }, data: { createdAt: new Date(Date.now() - 3_600_000), expiresAt: new Date(Date.now() - 1_000) } });
    await expect(resetPassword(db, { token: newer, password: NEW_PASSWORD }, nextMeta())).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(resetPassword(db, { token: "not a token", password: NEW_PASSWORD }, nextMeta())).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await loginWithPassword(db, { email: "sam.patel@acme.example", password: DEMO_PASSWORD }, nextMeta())).user.email).toBe("sam.patel@acme.example");
  });

  it("limits requests per address, known or not, with the same 429", async () => {
    for (const email of ["tom.baker@acme.example", "ghost@acme.example"]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset(db, { email }, nextMeta(), links);
      await expect(requestPasswordReset(db, { email }, nextMeta(), links)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", userMessage: "Too many reset requests. Try again later." });
    }
    expect(await mails("tom.baker@acme.example")).toBe(3);
  });

  it("limits requests per IP across addresses", async () => {
    const meta = nextMeta();
    for (let i = 0; i < 20; i++) await requestPasswordReset(db, { email: `spray-${i}@example.com` }, meta, links);
    await expect(requestPasswordReset(db, { email: "maria.garcia@acme.example" }, meta, links)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await mails("maria.garcia@acme.example")).toBe(0);
  });

  it("sends nothing to people whose organization enforces SSO (but to its break-glass owner), and refuses a link issued before", async () => {
    const globex = demo.organizations["globex"]!;
    await requestPasswordReset(db, { email: "karl.berg@globex.example" }, nextMeta(), links);
    const earlier = (await mailedToken("karl.berg@globex.example"))!;
    await db.ssoDomain.create({ data: { organizationId: globex, domain: "globex.example", token: "verified-in-test", verifiedAt: new Date() } });
    await db.ssoEnforcement.create({ data: { organizationId: globex, enforced: true, breakGlassUserId: demo.users["it@globex.example"]! } });

    await requestPasswordReset(db, { email: "ines.dupont@globex.example" }, nextMeta(), links);
    expect(await mails("ines.dupont@globex.example")).toBe(0);
    await requestPasswordReset(db, { email: "it@globex.example" }, nextMeta(), links);
    expect(await mails("it@globex.example")).toBe(1);
    await expect(resetPassword(db, { token: earlier, password: NEW_PASSWORD }, nextMeta())).rejects.toMatchObject({ code: "FORBIDDEN" });
    const denied = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.password_reset_request", actorLabel: "ines.dupont@globex.example" }, select: { status: true, details: true } });
    expect(denied).toEqual({ status: "denied", details: { reason: "sso_enforced" } });
  });
});
