/**
 * Provider presets: the protocol, the attribute names each IdP sends by
 * default, and the setup guide the wizard shows step by step. `{entityId}`,
 * `{acsUrl}`, `{metadataUrl}` and `{redirectUri}` are filled with the
 * connection's own values.
 */
export type SsoProtocol = "saml" | "oidc";
export type SsoProvider = "okta" | "entra" | "google" | "onelogin" | "generic_saml" | "generic_oidc" | "sandbox";

export interface AttributeMapping {
  email?: string;
  name?: string;
  department?: string;
  title?: string;
  groups?: string;
}

export interface ProviderPreset {
  key: SsoProvider;
  label: string;
  protocols: SsoProtocol[];
  attributeMapping: Record<SsoProtocol, AttributeMapping>;
  guide: Record<SsoProtocol, string[]>;
}

const SAML_DEFAULTS: AttributeMapping = { email: "email", name: "name", department: "department", title: "title", groups: "groups" };
const OIDC_DEFAULTS: AttributeMapping = { email: "email", name: "name", department: "department", title: "title", groups: "groups" };

const genericSamlGuide = [
  "In your IdP, create a SAML 2.0 application.",
  "Set the Single sign-on URL (ACS) to {acsUrl} and the Audience / SP Entity ID to {entityId} (or import {metadataUrl}).",
  "Send the user's e-mail as NameID (format emailAddress) and the attributes email, name, department, title and groups.",
  "Sign the assertion with SHA-256 (a signature on the whole response alone is accepted only if you turn off \"Require the assertion itself to be signed\").",
  "Download the IdP metadata XML and paste or upload it on the next step.",
];
const genericOidcGuide = [
  "In your IdP, create an OpenID Connect web application (authorization code flow).",
  "Set the sign-in redirect URI to {redirectUri}.",
  "Grant the scopes openid, email and profile (and a groups claim if you map groups to roles).",
  "Copy the issuer's discovery URL (…/.well-known/openid-configuration), the client ID and the client secret into the next step.",
];

export const PROVIDER_PRESETS: Record<SsoProvider, ProviderPreset> = {
  okta: {
    key: "okta",
    label: "Okta",
    protocols: ["saml", "oidc"],
    attributeMapping: { saml: SAML_DEFAULTS, oidc: OIDC_DEFAULTS },
    guide: {
      saml: [
        "Okta Admin Console → Applications → Create App Integration → SAML 2.0.",
        "Single sign-on URL: {acsUrl}. Audience URI (SP Entity ID): {entityId}. Name ID format: EmailAddress; Application username: Email.",
        "Attribute statements: email → user.email, name → user.displayName, department → user.department, title → user.title. Group attribute statement: groups, filter Matches regex .*",
        "Assign the app to the people or groups who should sign in.",
        "Sign On tab → copy the Metadata URL's XML and paste it on the next step.",
      ],
      oidc: [
        "Okta Admin Console → Applications → Create App Integration → OIDC, Web Application.",
        "Sign-in redirect URI: {redirectUri}. Grant type: Authorization Code.",
        "Discovery URL: https://<your-okta-domain>/.well-known/openid-configuration; copy the client ID and secret.",
        "Optional: add a groups claim (Sign On → OpenID Connect ID Token → Groups claim filter).",
      ],
    },
  },
  entra: {
    key: "entra",
    label: "Microsoft Entra ID (Azure AD)",
    protocols: ["saml", "oidc"],
    attributeMapping: {
      saml: {
        email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        name: "http://schemas.microsoft.com/identity/claims/displayname",
        department: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department",
        title: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/title",
        groups: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
      },
      oidc: { email: "email", name: "name", department: "department", title: "jobTitle", groups: "groups" },
    },
    guide: {
      saml: [
        "Entra admin center → Enterprise applications → New application → Create your own application (non-gallery).",
        "Single sign-on → SAML. Identifier (Entity ID): {entityId}. Reply URL (ACS): {acsUrl}.",
        "Attributes & Claims: keep emailaddress and displayname; add department, jobtitle and a group claim (Security groups).",
        "SAML Certificates → download Federation Metadata XML and upload it on the next step.",
        "Users and groups → assign who may sign in.",
      ],
      oidc: [
        "Entra admin center → App registrations → New registration (Web).",
        "Redirect URI: {redirectUri}. Certificates & secrets → New client secret.",
        "Discovery URL: https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration.",
        "Token configuration → add optional claims email and groups.",
      ],
    },
  },
  google: {
    key: "google",
    label: "Google Workspace",
    protocols: ["saml", "oidc"],
    attributeMapping: { saml: SAML_DEFAULTS, oidc: { email: "email", name: "name" } },
    guide: {
      saml: [
        "Google Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app.",
        "Download the IdP metadata on the Google Identity Provider details page.",
        "Service provider details: ACS URL {acsUrl}, Entity ID {entityId}, Name ID format EMAIL, Name ID Basic Information > Primary email.",
        "Attribute mapping: Primary email → email, First name → name, Department → department, Job title → title; Group membership → groups.",
        "Turn the app ON for the organizational units that should sign in.",
      ],
      oidc: [
        "Google Cloud console → APIs & Services → Credentials → Create OAuth client ID (Web application).",
        "Authorized redirect URI: {redirectUri}.",
        "Discovery URL: https://accounts.google.com/.well-known/openid-configuration.",
      ],
    },
  },
  onelogin: {
    key: "onelogin",
    label: "OneLogin",
    protocols: ["saml", "oidc"],
    attributeMapping: { saml: SAML_DEFAULTS, oidc: OIDC_DEFAULTS },
    guide: {
      saml: [
        "OneLogin → Applications → Add App → SAML Custom Connector (Advanced).",
        "Configuration: Audience (EntityID) {entityId}, Recipient and ACS URL {acsUrl}, ACS URL Validator ^{acsUrl}$, SAML signature element: Assertion.",
        "Parameters: add email, name, department, title and groups (include in SAML assertion).",
        "More Actions → SAML Metadata: upload the XML on the next step.",
      ],
      oidc: [
        "OneLogin → Applications → Add App → OpenId Connect (OIDC).",
        "Redirect URI: {redirectUri}; SSO tab → copy client ID and secret, token endpoint auth: POST or Basic.",
        "Discovery URL: https://<subdomain>.onelogin.com/oidc/2/.well-known/openid-configuration.",
      ],
    },
  },
  generic_saml: {
    key: "generic_saml",
    label: "Other SAML 2.0 IdP",
    protocols: ["saml"],
    attributeMapping: { saml: SAML_DEFAULTS, oidc: OIDC_DEFAULTS },
    guide: { saml: genericSamlGuide, oidc: genericOidcGuide },
  },
  generic_oidc: {
    key: "generic_oidc",
    label: "Other OpenID Connect provider",
    protocols: ["oidc"],
    attributeMapping: { saml: SAML_DEFAULTS, oidc: OIDC_DEFAULTS },
    guide: { saml: genericSamlGuide, oidc: genericOidcGuide },
  },
  sandbox: {
    key: "sandbox",
    label: "Atrium sandbox IdP (development)",
    protocols: ["saml", "oidc"],
    attributeMapping: { saml: SAML_DEFAULTS, oidc: OIDC_DEFAULTS },
    guide: {
      saml: [
        "The sandbox IdP runs with `npm start` (development only); it is already set up to trust Atrium.",
        "Paste the sandbox metadata from http://localhost:<sandbox port>/saml/metadata on the next step, or upload it.",
        "Test the connection and sign in as any @globex.example person the sandbox lists.",
      ],
      oidc: [
        "The sandbox IdP runs with `npm start` (development only).",
        "Discovery URL: http://localhost:<sandbox port>/oidc/.well-known/openid-configuration; client ID atrium-sandbox, secret sandbox-secret.",
        "Register {redirectUri} — the sandbox accepts any Atrium callback on localhost.",
      ],
    },
  },
};
