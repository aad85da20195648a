/**
 * Test helpers for the SAML surface: the sandbox IdP the tests' connections name (samlify, at one
 * address, signing with a sandbox key pair), Globex's verified domain, and a browser posting an
 * IdP's response to a connection's ACS, as the auto-submitted form does.
 */
import { createSamlIdp, sandboxKeys, type SamlIdpOptions, type SandboxKeyName } from "@atrium/sso-sandbox";
import type { TestApi, TestClient } from "../../testing.ts";

export const IDP_ENTITY = "https://idp.sandbox.test/saml";
export const IDP_SSO = "https://idp.sandbox.test/saml/sso";

/** A samlify IdP at the sandbox address, signing with the sandbox key pair `keys` ("idp" unless said). */
export const sandboxIdp = ({ keys = "idp", ...options }: Partial<Omit<SamlIdpOptions, "entityId" | "ssoUrl" | "privateKey" | "certificate">> & { keys?: SandboxKeyName } = {}) =>
  createSamlIdp({ entityId: IDP_ENTITY, ssoUrl: IDP_SSO, ...sandboxKeys(keys), ...options });

/** globex.example verified for Globex, so its people are routed to Globex's IdP. */
export async function verifyGlobexDomain(api: TestApi): Promise<void> {
  await api.db.ssoDomain.create({ data: { organizationId: api.demo.organizations["globex"]!, domain: "globex.example", token: "t", verifiedAt: new Date() }, select: { id: true } });
}

export const postSamlResponse = (browser: TestClient, connectionId: string, samlResponse: string) =>
  browser.fetch(`/auth/saml/${connectionId}/acs`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: "https://idp.sandbox.test", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
  });
