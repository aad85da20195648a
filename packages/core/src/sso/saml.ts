/**
 * The SAML 2.0 service provider (@node-saml/node-saml does the XML
 * signature and the standard condition checks; our own are in saml-checks.ts).
 * A response is accepted only after every check below passes, in this order:
 *
 *  1. size and base64                                  → malformed_response
 *  2. no DOCTYPE, comments or processing instructions  → xml_comment / xml_doctype / …
 *     (comments are how `user@evil.com<!---->.acme.com` NameIDs trick parsers)
 *  3. the top-level StatusCode is Success (SAML profiles §4.1.4.2: only Success may carry an
 *     assertion; the codes and StatusMessage are audited) → idp_error
 *  4. exactly one Assertion or EncryptedAssertion element anywhere → multiple_assertions (signature wrapping)
 *  5. Destination, when present, is our ACS URL          → wrong_destination
 *  6. an EncryptedAssertion uses AES (GCM or CBC) with an RSA-OAEP key, checked before any key is
 *     tried → weak_encryption_algorithm (3DES, RSA 1.5) / unsupported_encryption_algorithm
 *  7. it is decrypted with our keys in order (active, next, retired within the grace period)
 *     → undecryptable_assertion; its plaintext gets check 2 again and is parsed in the context of
 *     the EncryptedAssertion (namespace prefixes declared on the Response stay bound), then must be
 *     exactly one Assertion → multiple_assertions
 *  8. every XML signature uses SHA-256 or better, for its SignatureMethod and its digests, unless the
 *     connection opted in to SHA-1 → weak_signature_algorithm
 *  9. a signed response does not stand in for the assertion's own signature when the connection
 *     wants assertions signed (what our metadata's WantAssertionsSigned says) → assertion_not_signed
 * 10. the assertion has a Conditions element            → missing_conditions
 * 11. signature by one of the connection's IdP certificates, over the assertion, or (when the
 *     connection does not want assertions signed) over the response containing it; audience;
 *     NotBefore/NotOnOrAfter with 60 s skew; InResponseTo of a request we sent (always, unless the
 *     connection allows IdP-initiated sign-in) → invalid_signature / wrong_audience / expired / …
 * 12. the assertion's Issuer is the IdP's entity ID      → wrong_issuer
 * 13. a bearer SubjectConfirmation whose Recipient is our ACS URL → wrong_recipient
 * 14. the assertion ID was not seen before (replay cache in Postgres until it expires) → replayed_assertion
 *
 * An encrypted assertion is handed to node-saml decrypted in place (XML Encryption's
 * decrypt-and-replace), so its own signature is verified in context. A response signature covers
 * the ciphertext instead, so when it is the only signature (a connection that does not want
 * assertions signed) node-saml gets the response as received and decrypts it itself.
 *
 * SP-initiated requests are stored in `sso_requests` (node-saml's cache
 * provider) and used once. AuthnRequests are signed (HTTP-Redirect binding,
 * RSA-SHA256) with the active SP key when the connection asks for it.
 */
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import type { Db } from "@atrium/db";
import type { RequestMeta } from "../actor.ts";
import { loadConnection, type ConnectionRecord } from "./connection-record.ts";
import { serviceProviderValues } from "./connections.ts";
import {
  ASSERTION_NS,
  assertionSignedCheck,
  conditionsCheck,
  decodeResponse,
  decryptAssertion,
  destinationCheck,
  encryptionAlgorithmCheck,
  exactlyOneAssertion,
  lexicalChecks,
  parseDom,
  responseElement,
  responseIsSigned,
  signatureAlgorithmCheck,
  statusCheck,
} from "./saml-checks.ts";
import { completeSsoLogin, recordSsoFailure, SsoLoginError, type SsoOutcome } from "./sign-in.ts";
import { serviceProviderMetadata } from "./sp-metadata.ts";
import { loadSpKeys, publishedSpCertificates } from "./sp-certificates.ts";

export const SAML_CLOCK_SKEW_MS = 60_000;
export const SSO_REQUEST_TTL_MS = 10 * 60_000;
const REPLAY_MAX_MS = 24 * 3_600_000;

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
    // With false either signature is enough, but one is required (node-saml checks the assertion's when the response is unsigned).
    wantAssertionsSigned: connection.wantAssertionsSigned,
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
  return serviceProviderMetadata({ entityId: sp.entityId, acsUrl: sp.acsUrl, certificates, authnRequestsSigned: connection.signAuthnRequests, wantAssertionsSigned: connection.wantAssertionsSigned });
}

/** Steps 1–2, and the InResponseTo that tells whether an admin's test is answered (its failures are shown to the admin). */
function readResponse(samlResponse: string) {
  const xml = decodeResponse(samlResponse);
  lexicalChecks(xml, "response");
  const doc = parseDom(xml);
  const response = responseElement(doc);
  return { doc, response, inResponseTo: response.getAttribute("InResponseTo") || null };
}

/**
 * Steps 3–10: what must hold before node-saml verifies signatures. Returns the response to give
 * node-saml (base64) and, when it must decrypt the assertion itself, the key that opens it.
 */
async function checksBeforeSignature(db: Db, connection: ConnectionRecord, samlResponse: string, read: ReturnType<typeof readResponse>, acsUrl: string) {
  const { doc, response } = read;
  statusCheck(response);
  const { assertion, encrypted } = exactlyOneAssertion(doc);
  destinationCheck(response, acsUrl);
  if (!encrypted) {
    signatureAlgorithmCheck([response], connection.allowSha1Signatures);
    assertionSignedCheck(assertion!, response, connection.wantAssertionsSigned);
    conditionsCheck(assertion!);
    return { forNodeSaml: samlResponse, decryptionKey: null };
  }
  encryptionAlgorithmCheck(encrypted);
  const decrypted = await decryptAssertion(encrypted, await loadSpKeys(db, connection));
  signatureAlgorithmCheck([response, decrypted.assertion], connection.allowSha1Signatures);
  assertionSignedCheck(decrypted.assertion, response, connection.wantAssertionsSigned);
  conditionsCheck(decrypted.assertion);
  if (responseIsSigned(response) && !connection.wantAssertionsSigned) return { forNodeSaml: samlResponse, decryptionKey: decrypted.key };
  encrypted.parentNode!.replaceChild(doc.importNode(decrypted.assertion, true), encrypted);
  return { forNodeSaml: Buffer.from(doc.toString(), "utf8").toString("base64"), decryptionKey: null };
}

/** Step 11's errors, named. */
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

/** Steps 12–14 over the verified assertion XML. */
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
    const read = readResponse(input.samlResponse);
    if (read.inResponseTo) {
      const request = await db.ssoRequest.findFirst({ where: { id: read.inResponseTo, connectionId: connection.id }, select: { testByUserId: true } });
      testByUserId = request?.testByUserId ?? null;
    }
    const checked = await checksBeforeSignature(db, connection, input.samlResponse, read, acsUrl);
    let profile: Profile | null;
    try {
      ({ profile } = await samlFor(db, connection, input.publicUrl, { decryptionKey: checked.decryptionKey }).validatePostResponseAsync({ SAMLResponse: checked.forNodeSaml }));
    } catch (error) {
      throw reasonOf(error as Error);
    }
    if (!profile) throw new SsoLoginError("invalid_response", "The response carries no assertion.");
    if (!read.inResponseTo && !connection.allowIdpInitiated) throw new SsoLoginError("idp_initiated_not_allowed", "IdP-initiated sign-in is off for this connection.");
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
