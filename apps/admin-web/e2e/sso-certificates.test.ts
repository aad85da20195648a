import { X509Certificate } from "node:crypto";
import { startTestApi } from "@atrium/api/testing";
import { createConnection } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { sandboxKeys } from "@atrium/sso-sandbox";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const globex = api.demo.organizations["globex"]!;
const shots = process.env["ATRIUM_SCREENSHOTS"];
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: `${shots}/sso-${name}.png`, fullPage: true });
};
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

const connection = await createConnection(api.db, systemActor("e2e"), globex, {
  name: "Globex Okta",
  provider: "okta",
  protocol: "saml",
  saml: { idpEntityId: "https://idp.globex.example/saml", idpSsoUrl: "https://idp.globex.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false },
});

describe("SSO certificate rotation in Chromium", () => {
  it("rotates our SP certificate and rolls the IdP's signing certificate over", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${api.url}/admin/login`);
    await page.getByLabel("Work e-mail").fill("it@globex.example");
    await page.getByLabel(/^Password\s*\*?$/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${globex}$`));
    await page.goto(`${api.url}/admin/orgs/${globex}/sso/${connection.id}`);

    const card = page.getByRole("region", { name: "Certificates" });
    const spTable = card.getByRole("table", { name: "SP certificates" });
    await spTable.getByText("Active", { exact: true }).waitFor();
    const [original] = await api.db.ssoSpCertificate.findMany({ where: { connectionId: connection.id }, select: { id: true } });

    // SP: generate next → activate → remove retired.
    await card.getByRole("button", { name: "Generate next certificate" }).click();
    await spTable.getByText("Next", { exact: true }).waitFor();
    expect(await card.getByRole("button", { name: "Generate next certificate" }).isDisabled()).toBe(true);
    await shot(page, "certificates-next");
    await spTable.getByRole("button", { name: "Activate" }).click();
    await spTable.getByText("Retired", { exact: true }).waitFor();
    expect(await api.db.ssoSpCertificate.findUniqueOrThrow({ where: { id: original!.id }, select: { status: true } })).toEqual({ status: "retired" });
    await spTable.getByRole("button", { name: "Remove retired" }).click();
    await spTable.getByText("Retired", { exact: true }).waitFor({ state: "detached" });
    const remaining = await api.db.ssoSpCertificate.findMany({ where: { connectionId: connection.id }, select: { id: true, status: true } });
    expect(remaining).toHaveLength(1);
    expect(remaining[0]!.status).toBe("active");
    expect(remaining[0]!.id).not.toBe(original!.id);

    // IdP: add the next certificate, then remove the old one; the last one cannot be removed.
    const idpTable = card.getByRole("table", { name: "IdP signing certificates" });
    const pem = card.getByLabel("New IdP certificate (PEM)");
    await card.getByRole("button", { name: "Add IdP certificate" }).click();
    await card.getByText("Paste the certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.").waitFor();
    expect(await pem.getAttribute("aria-invalid")).toBe("true");
    await pem.fill(sandboxKeys("idp-next").certificate);
    await card.getByRole("button", { name: "Add IdP certificate" }).click();
    await idpTable.getByText("CN=Atrium sandbox IdP (idp-next)").waitFor();
    await shot(page, "certificates-rollover");
    const oldFingerprint = fingerprint(sandboxKeys("idp").certificate);
    await idpTable.getByRole("button", { name: `Remove IdP certificate ${oldFingerprint.slice(0, 23)}` }).click();
    await idpTable.getByText("CN=Atrium sandbox IdP (idp)", { exact: true }).waitFor({ state: "detached" });
    const last = idpTable.getByRole("button", { name: `Remove IdP certificate ${fingerprint(sandboxKeys("idp-next").certificate).slice(0, 23)}` });
    expect(await last.isDisabled()).toBe(true);
    await shot(page, "certificates-done");

    const row = await api.db.ssoConnection.findUniqueOrThrow({ where: { id: connection.id }, select: { idpCertificates: true } });
    expect(row.idpCertificates.map(fingerprint)).toEqual([fingerprint(sandboxKeys("idp-next").certificate)]);
    const actions = await api.db.auditEvent.findMany({ where: { resourceId: connection.id, action: { startsWith: "sso." } }, select: { action: true }, orderBy: { occurredAt: "asc" } });
    expect(actions.map((a) => a.action)).toEqual([
      "sso.connection_create",
      "sso.sp_certificate_generate",
      "sso.sp_certificate_activate",
      "sso.sp_certificate_remove",
      "sso.idp_certificate_add",
      "sso.idp_certificate_remove",
    ]);
    await page.context().close();
  });
});
