/**
 * The SSO "Test connection" link in Chromium when the console is open at another address than
 * ATRIUM_PUBLIC_URL (here localhost against 127.0.0.1): the link stays on the address in use, so the
 * session cookie goes with it; and a test started without a session is a page asking to sign in,
 * never a JSON body.
 */
import { startTestApi } from "@atrium/api/testing";
import { createConnection } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { sandboxKeys } from "@atrium/sso-sandbox";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const globex = api.demo.organizations["globex"]!;
const other = api.url.replace("127.0.0.1", "localhost");
const connection = await createConnection(api.db, systemActor("e2e"), globex, {
  name: "Globex Okta",
  provider: "okta",
  protocol: "saml",
  saml: { idpEntityId: "https://idp.globex.example/saml", idpSsoUrl: "https://idp.globex.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false },
});

describe("SSO test link in Chromium", () => {
  it("builds the Test connection link from the address the console is open at, and the test starts signed in", async () => {
    expect(other).not.toBe(api.url);
    const context = await browser.newContext();
    await api.signInBrowser({ addCookies: (cookies) => context.addCookies(cookies.map((c) => ({ ...c, url: other }))) }, "it@globex.example");
    const page = await context.newPage();
    await page.goto(`${other}/admin/orgs/${globex}/sso/${connection.id}`);
    const link = page.getByRole("link", { name: "Test connection" });
    await link.waitFor();
    const href = await link.getAttribute("href");
    expect(href).toBe(`/auth/saml/${connection.id}/login?test=1`);
    // Followed from this address, the request carries the session: off to the IdP, not refused.
    const start = await page.request.get(new URL(href!, page.url()).toString(), { maxRedirects: 0 });
    expect(start.status()).toBe(302);
    await context.close();
  });

  it("answers a test started without a session with a page that says to sign in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${other}/auth/saml/${connection.id}/login?test=1`);
    expect(response!.status()).toBe(401);
    expect(response!.headers()["content-type"]).toBe("text/html; charset=utf-8");
    await page.getByRole("heading", { name: "Sign in to test this connection" }).waitFor();
    expect(await page.getByRole("link", { name: "Sign in", exact: true }).getAttribute("href")).toBe(
      `/admin/login?return_to=${encodeURIComponent(`/auth/saml/${connection.id}/login?test=1`)}`,
    );
    expect(await page.textContent("body")).not.toContain('{"error"');
    await context.close();
  });
});
