export const PROTOCOL_LABELS = { saml: "SAML 2.0", oidc: "OpenID Connect" } as const;
