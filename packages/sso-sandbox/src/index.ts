export { createSamlIdp, metadataCertificates, type ResponseOverrides, type SamlIdp, type SamlIdpOptions, type SamlPerson, type SamlSigning, type SamlSpKeys } from "./saml-idp.ts";
export { sandboxKeys, type SandboxKeyName } from "./keys.ts";
export { createOidcProvider, createSigningKey, personPicker, type OidcProviderOptions, type SandboxSigningKey } from "./oidc-op.ts";
export { SANDBOX_PEOPLE, personBySub, type SandboxPerson } from "./people.ts";
export { HttpBrowser } from "./http-browser.ts";
export { startSandboxIdp, SANDBOX_OIDC_CLIENT, type SandboxIdp } from "./server.ts";
