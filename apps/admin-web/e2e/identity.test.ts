import { startTestApi } from "@atrium/api/testing";
import { currentStep, keyFromManualEntry } from "@atrium/core/mfa";
import { launchBrowser, submitSignInForm } from "@atrium/testing/browser";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import * as oauth from "oauth4webapi";
import type { Page } from "playwright-core";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
/** Screenshots of each new screen, for looking at (not compared). */
const shots = `${tmpdir()}/atrium-`;

async function fillLogin(page: Page, email: string) {
  await page.goto(`${api.url}/admin/login`);
  await submitSignInForm(page, email);
}

async function signIn(page: Page, email: string, orgId = acme) {
  await fillLogin(page, email);
  await page.waitForURL(new RegExp(`/admin/orgs/${orgId}$`));
}

describe("identity screens in Chromium", () => {
  it("enrols MFA with the QR page, shows recovery codes once, then signs in with a TOTP code", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "lee.chen@acme.example");
    await page.goto(`${api.url}/admin/account/mfa`);
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    const manualKey = (await page.getByLabel("Manual entry key").textContent())!;
    const key = keyFromManualEntry(manualKey);
    await page.screenshot({ path: `${shots}identity-mfa-enrol.png`, fullPage: true });
    // No code yet: the form says so on the field and sends nothing.
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByText("Enter the code.").waitFor();
    expect(await page.getByLabel(/^Code from the app/).getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel(/^Code from the app/).fill(generateTOTP(key, 30, 6));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();

    const codes = page.getByRole("list", { name: "Recovery code list" }).getByRole("listitem");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download codes" }).click();
    expect((await download).suggestedFilename()).toBe("atrium-recovery-codes.txt");
    await page.screenshot({ path: `${shots}identity-recovery-codes.png`, fullPage: true });
    await page.getByRole("button", { name: "I have saved my codes" }).click();
    await page.getByText("On", { exact: true }).waitFor();
    // New recovery codes take a code from the app: without one, the field says so and nothing is sent.
    await page.getByRole("button", { name: "New recovery codes" }).click();
    const regenerate = page.getByRole("form", { name: "New recovery codes" });
    await regenerate.getByRole("button", { name: "New recovery codes" }).click();
    await regenerate.getByText("Enter the code.").waitFor();
    expect(await regenerate.getByLabel(/^Code from the app/).getAttribute("aria-invalid")).toBe("true");
    await regenerate.getByRole("button", { name: "Cancel" }).click();
    await context.close();

    const fresh = await browser.newContext();
    const login = await fresh.newPage();
    await fillLogin(login, "lee.chen@acme.example");
    await login.getByRole("heading", { name: "Two-factor authentication" }).waitFor();
    await login.getByLabel(/^Authentication code/).fill("000000" === generateHOTP(key, currentStep() + 1n, 6) ? "111111" : "000000");
    await login.getByRole("button", { name: "Verify" }).click();
    await login.getByRole("alert").getByText("That code is not valid.").waitFor();
    await login.screenshot({ path: `${shots}identity-mfa-login.png`, fullPage: true });
    await login.getByLabel(/^Authentication code/).fill(generateHOTP(key, currentStep() + 1n, 6));
    await login.getByRole("button", { name: "Verify" }).click();
    await login.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
    const session = await api.db.session.findFirstOrThrow({ where: { userId: api.demo.users["lee.chen@acme.example"]! }, orderBy: { createdAt: "desc" } });
    expect(session.mfaVerifiedAt).toBeInstanceOf(Date);
    await fresh.close();
  });

  it("approves a device code on /device; the CLI then receives its token", async () => {
    const as: oauth.AuthorizationServer = {
      issuer: api.url,
      device_authorization_endpoint: `${api.url}/oauth/device/code`,
      token_endpoint: `${api.url}/oauth/device/token`,
    };
    const cli: oauth.Client = { client_id: "atrium-cli" };
    const options = { [oauth.allowInsecureRequests]: true };
    const flow = await oauth.processDeviceAuthorizationResponse(
      as,
      cli,
      await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope: "org:read members:read" }, options),
    );

    // The person opens the complete verification link while signed out: sign-in, then the page with the code filled in.
    const context = await browser.newContext();
    const page = await context.newPage();
    const link = new URL(flow.verification_uri_complete!);
    expect(link.pathname).toBe("/device");
    await page.goto(`${api.url}${link.pathname}${link.search}`);
    await page.waitForURL(/\/admin\/login/);
    await submitSignInForm(page, "admin@acme.example");
    await page.waitForURL(new RegExp(`/admin/device/${flow.user_code}$`));
    const codeField = page.getByRole("textbox", { name: /^Device code/ });
    expect(await codeField.inputValue()).toBe(flow.user_code);
    // A code cut short is refused on the field, in a sentence.
    await codeField.fill("WDJB");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Enter the code your device shows, like WDJB-MJHT.").waitFor();
    expect(await codeField.getAttribute("aria-invalid")).toBe("true");
    await codeField.fill(flow.user_code);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Atrium CLI", { exact: true }).waitFor();
    // Approving without an organization says which is missing.
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Choose the organization the device may act in.").waitFor();
    const scopes = page.getByRole("list", { name: "Requested permissions" });
    await scopes.getByText("members:read").waitFor();
    await page.getByRole("region", { name: "Connect a device" }).getByRole("combobox", { name: /^Organization/ }).click();
    await page.getByRole("option", { name: "Acme Corp", exact: true }).click();
    await page.screenshot({ path: `${shots}identity-device.png`, fullPage: true });
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("status").getByText("Device connected").waitFor();

    const token = await oauth.processDeviceCodeResponse(as, cli, await oauth.deviceCodeGrantRequest(as, cli, oauth.None(), flow.device_code, options));
    expect(token.access_token.startsWith("atd_")).toBe(true);
    const issued = await api.db.deviceToken.findFirstOrThrow({ where: { prefix: token.access_token.slice(0, 12) } });
    expect(issued).toMatchObject({ organizationId: acme, scopes: ["org:read", "members:read"] });
    await context.close();
  });

  it("lists sessions with the current one marked and revokes another", async () => {
    const other = await api.signedIn("sam.patel@acme.example");
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "sam.patel@acme.example");
    await page.getByRole("button", { name: /^Account menu/ }).click();
    await page.getByRole("menuitem", { name: "Sessions" }).click();
    await page.waitForURL(/\/admin\/account\/sessions$/);
    const table = page.getByRole("table", { name: "Your sessions" });
    await table.getByText("This browser").waitFor();
    const rows = table.getByRole("row");
    expect(await rows.count()).toBe(3); // header + two sessions
    await page.screenshot({ path: `${shots}identity-sessions.png`, fullPage: true });

    const otherRow = rows.filter({ hasNotText: "This browser" }).filter({ has: page.getByRole("button", { name: /^Revoke/ }) });
    await otherRow.getByRole("button", { name: /^Revoke/ }).click();
    await page.getByText("Revoked.").waitFor();
    await table.getByRole("row").nth(2).waitFor({ state: "detached" });
    await expect(other.trpc.auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    await context.close();
  });
});

describe("MFA policy and members' security on the security page", () => {
  it("requires MFA for the organization and resets a member's MFA", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@acme.example");
    await page.goto(`${api.url}/admin/orgs/${acme}/security`);
    const policy = page.getByRole("region", { name: "Two-factor authentication policy" });
    // The switch is controlled by the saved policy: click, then wait for the server to have it.
    await policy.getByRole("switch", { name: "Require two-factor authentication for password sign-in" }).click();
    await expect.poll(async () => (await api.db.mfaPolicy.findUnique({ where: { organizationId: acme } }))?.required).toBe(true);

    const members = page.getByRole("region", { name: "Members' sign-in security" });
    await members.getByRole("button", { name: "Reset MFA for lee.chen@acme.example" }).click();
    await page.getByRole("dialog", { name: "Reset two-factor for lee.chen@acme.example?" }).getByRole("button", { name: "Reset MFA" }).click();
    await page.getByText("Two-factor authentication was reset.").waitFor();
    await page.screenshot({ path: `${shots}identity-security.png`, fullPage: true });
    expect(await api.db.userTotp.count({ where: { userId: api.demo.users["lee.chen@acme.example"]! } })).toBe(0);
    await context.close();
  });
});
