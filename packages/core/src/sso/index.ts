/**
 * `@atrium/core/sso`: single sign-on: SAML and OIDC connections, certificates, verified domains and enforcement, identities.
 * Exports only what other packages use; everything else stays inside core.
 */
export {
  type ConnectionRow,
  createConnection,
  deleteConnection,
  getConnection,
  getConnectionOrganization,
  listConnections,
  listRoleMappings,
  serviceProviderValues,
  setCertificates,
  setConnectionStatus,
  setRoleMappings,
  updateConnection,
} from "./connections.ts";
export { activateSpCertificate, generateNextSpCertificate, listSpCertificates, removeSpCertificate, RETIRED_GRACE_MS } from "./sp-certificates.ts";
export { completeOidcLogin, startOidcLogin } from "./oidc.ts";
export { consumeSamlResponse, samlMetadata, startSamlLogin } from "./saml.ts";
export { SsoLoginError } from "./login-error.ts";
export { type SsoOutcome } from "./sign-in.ts";
export { addIdpCertificate, listIdpCertificates, removeIdpCertificate, setRequestSigning } from "./idp-certificates.ts";
export {
  addDomain,
  defaultResolveTxt,
  discoverRealm,
  getEnforcement,
  listDomains,
  removeDomain,
  type ResolveTxt,
  setEnforcement,
  verifyDomain,
} from "./domains.ts";
export { listIdentities, removeIdentity } from "./identities.ts";
export { listTestResults } from "./test-results.ts";
export { parseIdpMetadata } from "./metadata.ts";
export { certificateInfo } from "./certificates.ts";
export { PROVIDER_PRESETS } from "./presets.ts";
export { purgeSsoData } from "./cleanup.ts";
