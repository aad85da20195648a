export { createSamlIdp, type ResponseOverrides, type SamlIdp, type SamlIdpOptions, type SamlPerson } from "./saml-idp.ts";
export { sandboxKeys, type SandboxKeyName } from "./keys.ts";
