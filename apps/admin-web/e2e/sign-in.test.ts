/**
 * The admin sign-in page in Chromium: the e-mail of an organization with a live SSO connection is
 * offered "Continue with <IdP>" as it is typed (the password disappears when SSO is enforced);
 * "Forgot password?" answers every address with the same sentence, mails a link that sets a new
 * password once and signs the person out everywhere; the session policy card on Security.
 */
import { startTestApi } from "@atrium/api/testing";
import { createConnection } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { sandboxKeys } from "@atrium/sso-sandbox";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const umbrella = api.demo.organizations["umbrella"]!;
const NEW_PASSWORD = "correct horse battery staple";

const password = (page: Page) => page.getByLabel(/^Password\s*\*?$/);

describe("SSO discovery on the sign-in page", () => {
  it("offers the organization's IdP by name once the e-mail is typed, and hides the password when SSO is enforced", async () => {
    const connection = await createConnection(api.db, systemActor("e2e"), umbrella, {
      name: "Umbrella Okta",
      provider: "okta",
      protocol: "saml",
      saml: { idpEntityId: "https://idp.umbrella.example/saml", idpSsoUrl: "https://idp.umbrella.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false },
    });
    await api.db.ssoConnection.update({ where: { id: connection.id }, data: { status: "live" } });
    await api.db.ssoDomain.create({ data: { organizationId: umbrella, domain: "umbrella.example", token: "verified-in-test", verifiedAt: new Date() } });

    const page = await browser.newPage();
    await page.goto(`${api.url}/admin/login`);
    await page.getByLabel("Work e-mail").fill("raj.iyer@umbrella.example");
    const sso = page.getByRole("link", { name: "Continue with Okta" });
    await sso.waitFor();
    expect(await sso.getAttribute("href")).toBe(`/auth/saml/${connection.id}/login`);
    expect(await page.getByRole("status").textContent()).toContain("Umbrella Health signs you in with Okta; you can also use your password.");
    expect(await password(page).isVisible()).toBe(true);

    // Another domain: no SSO offer.
    await page.getByLabel("Work e-mail").fill("lee.chen@acme.example");
    await page.getByRole("link", { name: "Forgot password?" }).waitFor();
    expect(await page.getByRole("link", { name: /^Continue with/ }).count()).toBe(0);

    await api.db.ssoEnforcement.create({ data: { organizationId: umbrella, enforced: true, breakGlassUserId: api.demo.users["security@umbrella.example"]! } });
    await page.reload();
    await page.getByLabel("Work e-mail").fill("kim.nguyen@umbrella.example");
    await page.getByRole("link", { name: "Continue with Okta" }).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("Umbrella Health signs you in with Okta.");
    expect(await password(page).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Forgot password?" }).count()).toBe(0);
    await page.close();
  });
});

describe("forgot password in Chromium", () => {
  it("answers any address alike, and the mailed link sets a new password once and ends the person's sessions", async () => {
    const before = await api.signedIn("tom.baker@acme.example");
    expect((await before.trpc.auth.me.query()).user.email).toBe("tom.baker@acme.example");
    const page = await browser.newPage();
    await page.goto(`${api.url}/admin/login`);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Work e-mail").fill("tom.baker");
    await page.getByRole("button", { name: "Send the reset link" }).click();
    await page.getByText("Enter your work e-mail address.").waitFor();
    expect(await page.getByLabel("Work e-mail").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Work e-mail").fill("tom.baker@acme.example");
    await page.getByRole("button", { name: "Send the reset link" }).click();
    const answer = await page.getByRole("status").textContent();
    expect(answer).toBe(
      "If tom.baker@acme.example has an Atrium account that signs in with a password, we have sent it a link to choose a new one. The link works once, for 30 minutes.",
    );

    const other = await browser.newPage();
    await other.goto(`${api.url}/admin/forgot-password`);
    await other.getByLabel("Work e-mail").fill("no.one@acme.example");
    await other.getByRole("button", { name: "Send the reset link" }).click();
    expect(await other.getByRole("status").textContent()).toBe(answer!.replace("tom.baker@acme.example", "no.one@acme.example"));
    await other.close();
    expect(await api.db.emailOutbox.count({ where: { toAddress: "no.one@acme.example" } })).toBe(0);

    const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { toAddress: "tom.baker@acme.example", template: "password_reset" }, select: { textBody: true } });
    const link = /(https?:\/\/\S+\/admin\/reset-password#token=[a-z2-7]{32})/.exec(mail.textBody)![1]!;
    const path = link.slice(link.indexOf("/admin/"));
    await page.goto(`${api.url}${path}`);
    await page.getByLabel("New password", { exact: true }).fill("too short");
    await page.getByLabel("New password, again").fill("too short");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("Choose a password of at least 10 characters.").waitFor();
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password, again").fill(`${NEW_PASSWORD}?`);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("The two passwords differ.").waitFor();
    expect(await page.getByLabel("New password, again").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("New password, again").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("Your password is changed, and you are signed out everywhere else. Sign in with the new password.").waitFor();
    expect((await before.fetch("/trpc/auth.me")).status).toBe(401);

    // The link is spent.
    await page.goto(`${api.url}${path}`);
    await page.reload();
    await page.getByLabel("New password", { exact: true }).fill(`${NEW_PASSWORD}!`);
    await page.getByLabel("New password, again").fill(`${NEW_PASSWORD}!`);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("This reset link is invalid, already used or expired. Ask for a new one.").waitFor();

    // The new password signs in.
    await page.goto(`${api.url}/admin/login`);
    await page.getByLabel("Work e-mail").fill("tom.baker@acme.example");
    await password(page).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin\/orgs\//);
    const audits = await api.db.auditEvent.findMany({ where: { action: { in: ["auth.password_reset_request", "auth.password_reset"] } }, orderBy: { seq: "asc" }, select: { action: true, status: true } });
    expect(audits.map((a) => `${a.action} ${a.status}`)).toEqual([
      "auth.password_reset_request success",
      "auth.password_reset_request denied",
      "auth.password_reset success",
      "auth.password_reset denied",
    ]);
    await page.close();
  });
});

describe("session policy on the Security page", () => {
  it("saves an idle timeout and a maximum lifetime, refusing out-of-range values in sentences", async () => {
    const context = await browser.newContext();
    await api.signInBrowser(context, "admin@acme.example");
    const page = await context.newPage();
    await page.goto(`${api.url}/admin/orgs/${acme}/security`);
    const card = page.getByRole("region", { name: "Session policy" });
    await card.getByText("Never changed: the platform default applies.").waitFor();
    await card.getByRole("checkbox", { name: "Sign out after a period of inactivity" }).check();
    await card.getByRole("textbox", { name: "Idle timeout" }).fill("2");
    await card.getByText("The idle timeout is at least 5 minutes.").waitFor();
    expect(await card.getByRole("button", { name: "Save session policy" }).isDisabled()).toBe(true);
    await card.getByRole("textbox", { name: "Idle timeout" }).fill("45");
    await card.getByRole("checkbox", { name: "Limit how long a session can last" }).check();
    await card.getByRole("textbox", { name: "Maximum session lifetime" }).fill("12");
    await card.getByRole("button", { name: "Save session policy" }).click();
    await page.getByText("Session policy saved. It applies from members' next request.").waitFor();
    expect(await api.db.sessionPolicy.findUniqueOrThrow({ where: { organizationId: acme }, select: { idleTimeoutMinutes: true, maxLifetimeHours: true } })).toEqual({
      idleTimeoutMinutes: 45,
      maxLifetimeHours: 12,
    });
    expect(await api.db.auditEvent.count({ where: { action: "security.session_policy_update", organizationId: acme } })).toBe(1);
    await context.close();
  });
});
