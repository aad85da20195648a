/**
 * A SAML 2.0 identity provider built on samlify: it reads our AuthnRequests
 * and signs real login responses. Tests use `overrides` to produce the
 * responses an attacker or a misconfigured IdP would send (another audience,
 * recipient, issuer, validity window or InResponseTo).
 */
import { createPublicKey } from "node:crypto";
import * as samlify from "samlify";
import { encrypt as xmlEncrypt } from "xml-encryption";

// Node's own ESM loader (tsx, `npm start`) does not see samlify's SamlLib as a named export of the
// CommonJS module (bundlers such as vitest's do): take it from the default export then.
const SamlLib = samlify.SamlLib ?? (samlify as unknown as { default: typeof samlify }).default.SamlLib;

// samlify validates incoming XML with a pluggable schema validator; the sandbox only
// reads AuthnRequests from the Atrium it runs next to.
samlify.setSchemaValidator({ validate: async () => "skipped" });

const POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

export interface SamlIdpOptions {
  entityId: string;
  ssoUrl: string;
  privateKey: string;
  certificate: string;
  /** Refuse AuthnRequests without a valid HTTP-Redirect signature by the SP's signing certificate. */
  wantAuthnRequestsSigned?: boolean;
  /** Encrypt assertions to the SP's encryption certificate (given to `serviceProvider`). */
  encryptAssertions?: boolean;
  /** XML signature algorithm URI (samlify's default: RSA-SHA256; its digest follows it). */
  signatureAlgorithm?: string;
  /** XML Encryption algorithm URI for the assertion (samlify's default: AES-256-CBC). */
  dataEncryptionAlgorithm?: string;
}

/** Which signatures the IdP puts on a response for an SP: samlify signs the assertion, the response, or both. */
export type SamlSigning = "assertion" | "response" | "both";

/** What the IdP knows of an SP's keys (from its metadata). */
export interface SamlSpKeys {
  /** Verifies the SP's signed AuthnRequests. */
  signingCert?: string;
  /** Assertions are encrypted to it when the IdP encrypts. */
  encryptCert?: string;
}

/** The certificates an SP's metadata publishes for a use, in order (PEM). */
export function metadataCertificates(metadata: string, use: "signing" | "encryption"): string[] {
  const pattern = new RegExp(`<md:KeyDescriptor use="${use}">[\\s\\S]*?<ds:X509Certificate>([^<]+)</ds:X509Certificate>`, "g");
  return [...metadata.matchAll(pattern)].map((m) => `-----BEGIN CERTIFICATE-----\n${m[1]!.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`);
}

/** The signed part of an HTTP-Redirect query, as the SP sent it (SAMLRequest, RelayState, SigAlg, raw). */
function octetStringOf(rawQuery: string): string {
  const pairs = new Map(rawQuery.replace(/^\?/, "").split("&").map((pair) => [pair.split("=")[0]!, pair] as const));
  return ["SAMLRequest", "RelayState", "SigAlg"].flatMap((key) => (pairs.has(key) ? [pairs.get(key)!] : [])).join("&");
}

export interface SamlPerson {
  email: string;
  attributes?: Record<string, string | string[]>;
}

export interface ResponseOverrides {
  nameId?: string;
  audience?: string;
  recipient?: string;
  destination?: string;
  issuer?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** null: an IdP-initiated response (no InResponseTo). */
  inResponseTo?: string | null;
  /** A top-level status other than Success, with an optional nested code and message (the assertion stays). */
  status?: { code: string; subCode?: string; message?: string };
  /** Leave the assertion's Conditions element out. */
  withoutConditions?: boolean;
  /** Sign the response after encrypting the assertion (samlify signs it before by default, which the encryption then breaks). */
  encryptThenSign?: boolean;
}

function statusElement(status: NonNullable<ResponseOverrides["status"]>): string {
  const nested = status.subCode ? `<samlp:StatusCode Value="${escape(status.subCode)}"/>` : "";
  const message = status.message === undefined ? "" : `<samlp:StatusMessage>${escape(status.message)}</samlp:StatusMessage>`;
  return `<samlp:Status><samlp:StatusCode Value="${escape(status.code)}">${nested}</samlp:StatusCode>${message}</samlp:Status>`;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function attributeStatement(attributes: Record<string, string | string[]>): string {
  const items = Object.entries(attributes).map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value]).map((v) => `<saml:AttributeValue xsi:type="xs:string">${escape(v)}</saml:AttributeValue>`).join("");
    return `<saml:Attribute Name="${escape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values}</saml:Attribute>`;
  });
  return items.length ? `<saml:AttributeStatement>${items.join("")}</saml:AttributeStatement>` : "";
}

export type SamlIdp = ReturnType<typeof createSamlIdp>;

export function createSamlIdp(options: SamlIdpOptions) {
  const idp = samlify.IdentityProvider({
    entityID: options.entityId,
    privateKey: options.privateKey,
    signingCert: options.certificate,
    nameIDFormat: [EMAIL_FORMAT],
    wantAuthnRequestsSigned: options.wantAuthnRequestsSigned ?? false,
    isAssertionEncrypted: options.encryptAssertions ?? false,
    ...(options.signatureAlgorithm ? { requestSignatureAlgorithm: options.signatureAlgorithm } : {}),
    ...(options.dataEncryptionAlgorithm ? { dataEncryptionAlgorithm: options.dataEncryptionAlgorithm } : {}),
    singleSignOnService: [
      { Binding: REDIRECT, Location: options.ssoUrl },
      { Binding: POST, Location: options.ssoUrl },
    ],
  });

  const acsUrls = new WeakMap<samlify.ServiceProviderInstance, string>();
  /** Our view of an Atrium connection as a samlify service provider. */
  const serviceProvider = (entityId: string, acsUrl: string, keys: SamlSpKeys = {}, signing: SamlSigning = "assertion") => {
    const sp = samlify.ServiceProvider({
      entityID: entityId,
      assertionConsumerService: [{ Binding: POST, Location: acsUrl }],
      wantAssertionsSigned: signing !== "response",
      wantMessageSigned: signing !== "assertion",
      authnRequestsSigned: Boolean(keys.signingCert),
      ...(keys.signingCert ? { signingCert: keys.signingCert } : {}),
      ...(keys.encryptCert ? { encryptCert: keys.encryptCert } : {}),
    });
    acsUrls.set(sp, acsUrl);
    return sp;
  };

  return {
    entityId: options.entityId,
    metadata: (): string => idp.getMetadata(),
    serviceProvider,

    /**
     * Reads an AuthnRequest from the query string of the redirect binding. With `rawQuery` (the URL's
     * query as sent), its signature is checked when this IdP wants signed requests.
     */
    async readRequest(sp: samlify.ServiceProviderInstance, query: Record<string, string>, rawQuery = "") {
      const parsed = await idp.parseLoginRequest(sp, "redirect", { query, octetString: octetStringOf(rawQuery) } as never);
      const request = (parsed.extract as { request: { id: string; issuer: string; assertionConsumerServiceUrl: string } }).request;
      return { id: request.id, issuer: request.issuer, acsUrl: request.assertionConsumerServiceUrl };
    },

    /**
     * Encrypts the one Assertion of a response XML (e.g. a tampered one) to the SP's encryption
     * certificate, as an encrypting IdP would; base64, as posted. Plain base64 when this IdP does not encrypt.
     */
    async encryptResponse(sp: samlify.ServiceProviderInstance, xml: string): Promise<string> {
      return samlify.SamlLib.encryptAssertion(idp, sp, xml) as Promise<string>;
    },

    /**
     * Encrypts the Assertion of a response XML exactly as its text stands in the response (with
     * AES-256-CBC and RSA-OAEP), so the plaintext keeps using prefixes declared only on the
     * Response, as some IdPs send it; base64, as posted. samlify re-serializes the element, which
     * adds those declarations.
     */
    async encryptAssertionText(encryptCert: string, xml: string): Promise<string> {
      const assertion = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
      const encrypted = await new Promise<string>((resolve, reject) =>
        xmlEncrypt(
          assertion,
          {
            rsa_pub: createPublicKey(encryptCert).export({ type: "spki", format: "pem" }).toString(),
            pem: encryptCert,
            encryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
            keyEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        ),
      );
      return Buffer.from(xml.replace(assertion, `<saml:EncryptedAssertion>${encrypted}</saml:EncryptedAssertion>`), "utf8").toString("base64");
    },

    /** A signed SAMLResponse (base64), as samlify's IdP builds it, with the values given. */
    async loginResponse(sp: samlify.ServiceProviderInstance, person: SamlPerson, overrides: ResponseOverrides = {}): Promise<string> {
      const now = new Date();
      const notBefore = overrides.notBefore ?? new Date(now.getTime() - 1000);
      const notOnOrAfter = overrides.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
      const acsUrl = acsUrls.get(sp)!;
      const inResponseTo = overrides.inResponseTo === undefined ? null : overrides.inResponseTo;
      const { context } = (await idp.createLoginResponse(sp, { extract: {} } as never, "post", { email: person.email }, (template: string) => {
        const id = `_${crypto.randomUUID()}`;
        let xml = template
          .replace(/<samlp:Status>[\s\S]*?<\/samlp:Status>/, (original) => (overrides.status ? statusElement(overrides.status) : original))
          .replace(/<saml:Conditions[\s\S]*?<\/saml:Conditions>/, (original) => (overrides.withoutConditions ? "" : original))
          .replace("{AttributeStatement}", attributeStatement(person.attributes ?? {}))
          .replace(
            "{AuthnStatement}",
            `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${id}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
          );
        if (inResponseTo === null) xml = xml.replace(/\s+InResponseTo="\{InResponseTo\}"/g, "");
        xml = SamlLib.replaceTagsByValue(xml, {
          ID: id,
          AssertionID: `_${crypto.randomUUID()}`,
          Destination: overrides.destination ?? acsUrl,
          Audience: overrides.audience ?? (sp.entityMeta.getEntityID() as string),
          SubjectRecipient: overrides.recipient ?? acsUrl,
          Issuer: overrides.issuer ?? options.entityId,
          IssueInstant: now.toISOString(),
          StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
          ConditionsNotBefore: notBefore.toISOString(),
          ConditionsNotOnOrAfter: notOnOrAfter.toISOString(),
          SubjectConfirmationDataNotOnOrAfter: notOnOrAfter.toISOString(),
          NameIDFormat: EMAIL_FORMAT,
          NameID: overrides.nameId ?? person.email,
          ...(inResponseTo === null ? {} : { InResponseTo: inResponseTo }),
        });
        return { id, context: xml };
      }, overrides.encryptThenSign ?? false)) as { context: string };
      return context;
    },
  };
}
