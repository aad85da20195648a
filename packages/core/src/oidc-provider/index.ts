/** Atrium as OpenID Provider for the vendor's applications (`@atrium/core/oidc-provider`). */
export { postgresAdapter } from "./adapter.ts";
export { authenticatedClient, withOidcPrefetch, type AuthenticatedClient, type OidcRequestMeta } from "./prefetch.ts";
export { findApplicationClient, verifyClientSecret } from "./clients.ts";
export { processBackchannelLogouts, requestBackchannelLogout, type BackchannelResult, type LogoutReason } from "./backchannel.ts";
export { retryFailedDeliveries } from "./backchannel-retry.ts";
export { accessTokenPrincipal, type AccessTokenPrincipal } from "./access-token-principal.ts";
export { grantOrganization, setGrantOrganization, type GrantOrganization } from "./grant-organization.ts";
export { admitSignIn, organizationClaims, pickOrganization, signInOrganizations, type OrganizationClaims, type SignInOrganization, type SignInRefusal } from "./organizations.ts";
export { keyFollowingProvider, signingKeySetVersion, type KeyFollowingOptions } from "./key-following.ts";
export { createAtriumProvider, OIDC_CLAIMS, OIDC_SCOPES, providerCookieKeys, type AtriumProviderOptions } from "./provider.ts";
export { purgeOidcProviderData, type OidcPurgeCounts } from "./purge.ts";
export { ensureSigningKeys, loadSigningJwks, rotateSigningKeys, RETIRED_GRACE_MS as SIGNING_KEY_RETIRED_GRACE_MS } from "./signing-keys.ts";
export type { AccessTokenReadAhead } from "./token-read-ahead.ts";
