/** Test helper for the SAML surface: a browser posting an IdP's response to a connection's ACS, as the auto-submitted form does. */
import type { TestClient } from "../../testing.ts";

export const postSamlResponse = (browser: TestClient, connectionId: string, samlResponse: string) =>
  browser.fetch(`/auth/saml/${connectionId}/acs`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: "https://idp.sandbox.test", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
  });
