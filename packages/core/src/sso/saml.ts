/**
 * The SAML 2.0 service provider (@node-saml/node-saml does the XML
 * signature and the standard condition checks). A response is accepted only
 * after every check below passes, in this order:
 *
 *  1. size and base64                                  → malformed_response
 *  2. no DOCTYPE, comments or processing instructions  → xml_comment / xml_doctype / …
 *     (comments are how `user@evil.com<!---->.acme.com` NameIDs trick parsers)
 *  3. exactly one Assertion or EncryptedAssertion element anywhere → multiple_assertions (signature wrapping);
 *     an EncryptedAssertion is decrypted with our keys in order (active, next, retired within the
 *     grace period) → undecryptable_assertion, and its plaintext gets checks 2–3 again
 *  4. Destination, when present, is our ACS URL          → wrong_destination
 *  5. signature by one of the connection's IdP certificates, over the assertion or over the
 *     response containing it; audience; NotBefore/NotOnOrAfter with 60 s skew; InResponseTo
 *     of a request we sent (always, unless the connection allows IdP-initiated sign-in)
 *  6. the assertion's Issuer is the IdP's entity ID      → wrong_issuer
 *  7. a bearer SubjectConfirmation whose Recipient is our ACS URL → wrong_recipient
 *  8. the assertion ID was not seen before (replay cache in Postgres until it expires) → replayed_assertion
 *
 * SP-initiated requests are stored in `sso_requests` (node-saml's cache
 * provider) and used once. AuthnRequests are signed (HTTP-Redirect binding,
 * RSA-SHA256) with the active SP key when the connection asks for it.
 */
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import { decrypt as xmlDecrypt } from "xml-encryption";
import type { Db } from "@atrium/db";
import type { RequestMeta } from "../actor.ts";
import { loadConnection, serviceProviderValues, type ConnectionRecord } from "./connections.ts";
import { completeSsoLogin, recordSsoFailure, SsoLoginError, type SsoOutcome } from "./sign-in.ts";
import { serviceProviderMetadata } from "./sp-metadata.ts";
import { loadSpKeys, publishedSpCertificates, type SpKeys } from "./sp-certificates.ts";

export const SAML_CLOCK_SKEW_MS = 60_000;
export const SSO_REQUEST_TTL_MS = 10 * 60_000;
const MAX_RESPONSE_BYTES = 256 * 1024;
const REPLAY_MAX_MS = 24 * 3_600_000;
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

/** node-saml's request cache, in Postgres and scoped to one connection. */
function requestCache(db: Db, connectionId: string, testByUserId: string | null): CacheProvider {
  return {
    async saveAsync(key, value) {
      const createdAt = new Date();
      await db.ssoRequest.create({
        data: { id: key, connectionId, testByUserId, createdAt, expiresAt: new Date(createdAt.getTime() + SSO_REQUEST_TTL_MS) },
        select: { id: true },
      });
      return { value, createdAt: createdAt.getTime() };
    },
    async getAsync(key) {
      const row = await db.ssoRequest.findFirst({ where: { id: key, connectionId, expiresAt: { gt: new Date() } }, select: { createdAt: true } });
      return row ? row.createdAt.toISOString() : null;
    },
    async removeAsync(key) {
      if (!key) return null;
      const { count } = await db.ssoRequest.deleteMany({ where: { id: key, connectionId } });
      return count ? key : null;
    },
  };
}

function samlFor(db: Db, connection: ConnectionRecord, publicUrl: string, keys: { signingKey?: string | null; decryptionKey?: string | null }, testByUserId: string | null = null): SAML {
  const sp = serviceProviderValues(publicUrl, connection.id);
  return new SAML({
    ...(keys.signingKey ? { privateKey: keys.signingKey } : {}),
    ...(keys.decryptionKey ? { decryptionPvk: keys.decryptionKey } : {}),
    callbackUrl: sp.acsUrl,
    entryPoint: connection.idpSsoUrl ?? undefined,
    issuer: sp.entityId,
    audience: sp.entityId,
    idpCert: connection.idpCertificates.length ? connection.idpCertificates : ["-"],
    idpIssuer: connection.idpEntityId ?? undefined,
    // Either signature is enough, but one is required (node-saml checks the assertion's when the response is unsigned).
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    validateInResponseTo: connection.allowIdpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SSO_REQUEST_TTL_MS,
    cacheProvider: requestCache(db, connection.id, testByUserId),
    identifierFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    disableRequestedAuthnContext: true,
    signatureAlgorithm: "sha256",
  });
}

/** The IdP URL to send the browser to (HTTP-Redirect binding). */
export async function startSamlLogin(db: Db, connectionId: string, publicUrl: string, options: { testByUserId?: string | null; relayState?: string } = {}): Promise<string> {
  const connection = await loadConnection(db, connectionId);
  if (connection.protocol !== "saml" || !connection.idpSsoUrl) throw new SsoLoginError("not_configured", "The connection is not a configured SAML connection.");
  const signingKey = connection.signAuthnRequests ? (await loadSpKeys(db, connection)).active.privateKey : null;
  return samlFor(db, connection, publicUrl, { signingKey }, options.testByUserId ?? null).getAuthorizeUrlAsync(options.relayState ?? "", undefined, {});
}

/** Our SP metadata: entity ID, ACS URL, and the active (and, during a rotation, next) certificate for signing and encryption. */
export async function samlMetadata(db: Db, connectionId: string, publicUrl: string): Promise<string> {
  const connection = await loadConnection(db, connectionId);
  const certificates = connection.protocol === "saml" ? await publishedSpCertificates(db, connection) : [];
  const sp = serviceProviderValues(publicUrl, connection.id);
  return serviceProviderMetadata({ entityId: sp.entityId, acsUrl: sp.acsUrl, certificates, authnRequestsSigned: connection.signAuthnRequests });
}

interface Parsed {
  xml: string;
  inResponseTo: string | null;
  /** The EncryptedAssertion element, when the assertion is encrypted. */
  encrypted: string | null;
}

function parseDom(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (e: string) => errors.push(e), fatalError: (e: string) => errors.push(e) } }).parseFromString(xml, "text/xml");
  if (errors.length || !doc?.documentElement) throw new SsoLoginError("malformed_response", "The SAMLResponse is not well-formed XML.");
  return doc;
}

/** Step 2, for the response and for a decrypted assertion alike. */
function lexicalChecks(xml: string, what: string) {
  if (/<!DOCTYPE/i.test(xml)) throw new SsoLoginError("xml_doctype", `The ${what} declares a DOCTYPE.`);
  if (xml.includes("<!--")) throw new SsoLoginError("xml_comment", `The ${what} contains an XML comment (a NameID comment-injection attempt is refused).`);
  if (/<\?(?!xml\s)/.test(xml) || (xml.match(/<\?/g)?.length ?? 0) > 1) throw new SsoLoginError("xml_processing_instruction", `The ${what} contains a processing instruction.`);
}

/** Steps 1–4: what must hold before any signature is looked at. */
function structuralChecks(samlResponse: string, acsUrl: string): Parsed {
  if (samlResponse.length > MAX_RESPONSE_BYTES * 1.4 || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) {
    throw new SsoLoginError("malformed_response", "The SAMLResponse is missing, too large or not base64.");
  }
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  lexicalChecks(xml, "response");
  const doc = parseDom(xml);
  const root = doc.documentElement;
  if (root.localName !== "Response") throw new SsoLoginError("malformed_response", `The document is a ${root.localName}, not a Response.`);
  const assertions = doc.getElementsByTagNameNS(ASSERTION_NS, "Assertion").length;
  const encrypted = doc.getElementsByTagNameNS(ASSERTION_NS, "EncryptedAssertion");
  if (assertions + encrypted.length !== 1) {
    throw new SsoLoginError("multiple_assertions", `The response holds ${assertions + encrypted.length} assertions; exactly one is accepted (signature wrapping is refused).`);
  }
  const destination = root.getAttribute("Destination");
  if (destination && destination !== acsUrl) throw new SsoLoginError("wrong_destination", `Destination ${destination} is not our ACS URL ${acsUrl}.`);
  return { xml, inResponseTo: root.getAttribute("InResponseTo") || null, encrypted: encrypted.length ? encrypted.item(0)!.toString() : null };
}

const decryptWith = (xml: string, key: string) =>
  new Promise<string>((resolve, reject) => xmlDecrypt(xml, { key, disallowDecryptionWithInsecureAlgorithm: true }, (error, result) => (error ? reject(error) : resolve(result))));

/**
 * Step 3 for an encrypted assertion: the first of our keys that opens it (active, next, retired
 * within the grace period), after the plaintext passes the same lexical and structural checks.
 */
async function decryptionKeyFor(encrypted: string, keys: SpKeys): Promise<string> {
  for (const key of keys.decryption) {
    let plaintext: string;
    try {
      plaintext = await decryptWith(encrypted, key.privateKey);
    } catch {
      continue;
    }
    lexicalChecks(plaintext, "decrypted assertion");
    const doc = parseDom(plaintext);
    const nested = doc.getElementsByTagNameNS(ASSERTION_NS, "Assertion").length + doc.getElementsByTagNameNS(ASSERTION_NS, "EncryptedAssertion").length;
    if (doc.documentElement.localName !== "Assertion" || nested !== 1) {
      throw new SsoLoginError("multiple_assertions", "The encrypted assertion does not hold exactly one assertion (signature wrapping is refused).");
    }
    return key.privateKey;
  }
  throw new SsoLoginError(
    "undecryptable_assertion",
    `The assertion is encrypted for a key this connection does not hold (tried ${keys.decryption.length}: ${keys.decryption.map((k) => k.status).join(", ")}); configure the IdP with the encryption certificate in our SP metadata.`,
  );
}

/** Step 5's errors, named. */
function reasonOf(error: Error): SsoLoginError {
  const m = error.message;
  const reason = /signature/i.test(m)
    ? "invalid_signature"
    : /audience/i.test(m)
      ? "wrong_audience"
      : /not yet valid/i.test(m)
        ? "not_yet_valid"
        : /expired|No valid subject confirmation/i.test(m)
          ? "expired"
          : /InResponseTo/i.test(m)
            ? "in_response_to_mismatch"
            : /issuer/i.test(m)
              ? "wrong_issuer"
              : /status|Responder|Requester/i.test(m)
                ? "idp_error"
                : "invalid_response";
  return new SsoLoginError(reason, m.slice(0, 500));
}

/** Steps 6–8 over the verified assertion XML. */
async function assertionChecks(db: Db, connection: ConnectionRecord, profile: Profile, acsUrl: string, now: Date) {
  if (profile.issuer !== connection.idpEntityId) throw new SsoLoginError("wrong_issuer", `Issuer ${profile.issuer ?? "(none)"} is not ${connection.idpEntityId}.`);
  const assertion = parseDom(profile.getAssertionXml!()).documentElement;
  const confirmations = assertion.getElementsByTagNameNS(ASSERTION_NS, "SubjectConfirmationData");
  let recipientOk = false;
  let expiresAt = 0;
  for (let i = 0; i < confirmations.length; i++) {
    const data = confirmations.item(i)!;
    if ((data.parentNode as Element | null)?.getAttribute("Method") !== "urn:oasis:names:tc:SAML:2.0:cm:bearer") continue;
    if (data.getAttribute("Recipient") === acsUrl) recipientOk = true;
    expiresAt = Math.max(expiresAt, Date.parse(data.getAttribute("NotOnOrAfter") ?? "") || 0);
  }
  if (!recipientOk) throw new SsoLoginError("wrong_recipient", `No bearer SubjectConfirmation has our ACS URL ${acsUrl} as Recipient.`);
  const conditions = assertion.getElementsByTagNameNS(ASSERTION_NS, "Conditions").item(0);
  expiresAt = Math.max(expiresAt, Date.parse(conditions?.getAttribute("NotOnOrAfter") ?? "") || 0);
  const assertionId = assertion.getAttribute("ID");
  if (!assertionId) throw new SsoLoginError("malformed_response", "The assertion has no ID.");
  const keepUntil = new Date(Math.min(Math.max(expiresAt, now.getTime()) + SAML_CLOCK_SKEW_MS, now.getTime() + REPLAY_MAX_MS));
  await db.ssoReplayCache.deleteMany({ where: { connectionId: connection.id, expiresAt: { lt: now } } });
  const { count } = await db.ssoReplayCache.createMany({ data: [{ connectionId: connection.id, assertionId, expiresAt: keepUntil }], skipDuplicates: true });
  if (count === 0) throw new SsoLoginError("replayed_assertion", `Assertion ${assertionId} was already used.`);
}

export interface AcsResult {
  outcome: SsoOutcome | null;
  error: SsoLoginError | null;
  /** For a failed admin test: where its details are shown. */
  testResultId: string | null;
  organizationId: string | null;
  relayState: string | null;
}

/** Handles a POST to the ACS URL: every check above, then sign-in (or the admin's test result). */
export async function consumeSamlResponse(
  db: Db,
  input: { connectionId: string; samlResponse: unknown; relayState: unknown; publicUrl: string; meta: RequestMeta },
): Promise<AcsResult> {
  let connection: ConnectionRecord | null = null;
  let testByUserId: string | null = null;
  const relayState = typeof input.relayState === "string" ? input.relayState : null;
  try {
    connection = await loadConnection(db, input.connectionId).catch(() => {
      throw new SsoLoginError("unknown_connection", `No SSO connection ${input.connectionId}.`);
    });
    if (connection.protocol !== "saml") throw new SsoLoginError("unknown_connection", "The connection is not a SAML connection.");
    if (typeof input.samlResponse !== "string") throw new SsoLoginError("malformed_response", "No SAMLResponse was posted.");
    const { acsUrl } = serviceProviderValues(input.publicUrl, connection.id);
    const parsed = structuralChecks(input.samlResponse, acsUrl);
    if (parsed.inResponseTo) {
      const request = await db.ssoRequest.findFirst({ where: { id: parsed.inResponseTo, connectionId: connection.id }, select: { testByUserId: true } });
      testByUserId = request?.testByUserId ?? null;
    }
    const decryptionKey = parsed.encrypted ? await decryptionKeyFor(parsed.encrypted, await loadSpKeys(db, connection)) : null;
    let profile: Profile | null;
    try {
      ({ profile } = await samlFor(db, connection, input.publicUrl, { decryptionKey }).validatePostResponseAsync({ SAMLResponse: input.samlResponse }));
    } catch (error) {
      throw reasonOf(error as Error);
    }
    if (!profile) throw new SsoLoginError("invalid_response", "The response carries no assertion.");
    if (!parsed.inResponseTo && !connection.allowIdpInitiated) throw new SsoLoginError("idp_initiated_not_allowed", "IdP-initiated sign-in is off for this connection.");
    await assertionChecks(db, connection, profile, acsUrl, new Date());
    const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
    const outcome = await completeSsoLogin(db, connection, { subject: profile.nameID, subjectFormat: profile.nameIDFormat, attributes }, { testByUserId, meta: input.meta });
    return { outcome, error: null, testResultId: outcome.kind === "test" ? outcome.resultId : null, organizationId: connection.organizationId, relayState };
  } catch (error) {
    if (!(error instanceof SsoLoginError)) throw error;
    const { testResultId } = await recordSsoFailure(db, connection, error, { testByUserId, meta: input.meta });
    return { outcome: null, error, testResultId, organizationId: connection?.organizationId ?? null, relayState };
  }
}
