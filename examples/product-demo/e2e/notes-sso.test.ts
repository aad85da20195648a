/**
 * Notes in Chromium: a Globex person signs in to the demo product through
 * Atrium with SSO (the sandbox IdP, wired to Globex as `npm start` wires it,
 * then taken live), sees what their role allows, and a SCIM deactivation
 * ends their Notes session within 5 s (back-channel logout by the worker).
 */
import { startTestApi } from "@atrium/api/testing";
import { createScimToken } from "@atrium/core/scim";
import { systemActor } from "@atrium/core/actor";
import { launchBrowser } from "@atrium/testing/browser";
import { afterAll, describe, expect, it } from "vitest";
import { startAndWireSandbox } from "../../../scripts/sso-sandbox.ts";
import { startNotes } from "../src/notes-testing.ts";

const api = await startTestApi();
const globex = api.demo.organizations["globex"]!;
const wired = (await startAndWireSandbox(api.db, { port: 0, nodeEnv: "development" }))!;
afterAll(() => wired.sandbox.close());
await api.db.ssoConnection.update({ where: { id: wired.connectionId }, data: { status: "live" } }); // "Go live", as its admin would

const { url: demoUrl } = await startNotes(api);
const browser = await launchBrowser();

// Globex's directory: a SCIM token (as its admin would create one).
const { token: scimSecret } = await createScimToken(api.db, systemActor("test"), globex, { name: "Globex directory", expiresAt: null });
const scim = (method: string, path: string, body: unknown) =>
  fetch(`${api.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${scimSecret}`, "content-type": "application/scim+json" }, body: JSON.stringify(body) });

describe("Notes in Chromium", () => {
  it("a Globex person signs in through Atrium with SSO, sees their role's features, and a SCIM deactivation ends the session within 5 s", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${demoUrl}/`);
    await page.getByRole("link", { name: "Sign in with Atrium" }).click();
    // Atrium's own sign-in: e-mail first, routed to Globex's IdP.
    await page.getByLabel("Work e-mail").fill("nina.novak@globex.example");
    await page.getByLabel("Work e-mail").blur();
    await page.getByRole("link", { name: /^Continue with / }).click();
    await page.getByRole("button", { name: "Sign in as Nina Novak" }).click();
    await page.waitForURL(`${demoUrl}/`);

    await expect.poll(() => page.locator("[data-user]").textContent()).toBe("Nina Novak");
    expect(await page.locator("[data-org]").textContent()).toBe("Globex Corporation");
    expect(await page.locator("[data-roles]").textContent()).toBe("member");
    // A member writes notes but does not share them; Globex's Enterprise plan has the export.
    await page.getByPlaceholder("Title").fill("Incident review");
    await page.getByRole("button", { name: "Save note" }).click();
    await page.getByText("Incident review").waitFor();
    expect(await page.getByRole("button", { name: "Share" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Download every note (JSON)" }).count()).toBe(1);

    const created = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "nina.novak@globex.example",
      name: { givenName: "Nina", familyName: "Novak" },
      emails: [{ value: "nina.novak@globex.example", type: "work", primary: true }],
      active: true,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const off = await scim("PATCH", `/Users/${id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
    expect(off.status).toBe(200);

    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole("link", { name: "Sign in with Atrium" }).count();
      }, { timeout: 5_000, interval: 200 })
      .toBe(1);
  });
});
