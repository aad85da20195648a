import type { TestApi } from "@atrium/api/testing";
import { sandboxKeys } from "@atrium/sso-sandbox";

/** A SAML connection (Okta, test mode) made by an owner of the organization through the API; answers its id. */
export async function createSamlConnection(api: TestApi, orgId: string, ownerEmail: string, name = "Acme Okta"): Promise<string> {
  const owner = await api.signedIn(ownerEmail);
  const { id } = await owner.trpc.sso.connections.create.mutate({
    orgId,
    name,
    provider: "okta",
    protocol: "saml",
    saml: { idpEntityId: "https://idp.acme.example/saml", idpSsoUrl: "https://idp.acme.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false },
  });
  return id;
}
