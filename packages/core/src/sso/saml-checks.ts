/**
 * The SAML SP's own checks, run around node-saml's signature verification in the
 * order listed in saml.ts. Each is one small function over the parsed XML that
 * throws an SsoLoginError named after what it refuses; the detail says what was
 * received and what Atrium accepts, because an admin acts on it.
 */
import { DOMParser } from "@xmldom/xmldom";
import { decrypt as xmlDecrypt } from "xml-encryption";
import { SsoLoginError } from "./login-error.ts";
import type { SpKeys } from "./sp-certificates.ts";

const MAX_RESPONSE_BYTES = 256 * 1024;
export const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const XENC_NS = "http://www.w3.org/2001/04/xmlenc#";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

/** Encryption algorithms xml-encryption decrypts without its insecure-algorithm switch. */
const ACCEPTED_DATA_ENCRYPTION = [
  "http://www.w3.org/2009/xmlenc11#aes256-gcm",
  "http://www.w3.org/2009/xmlenc11#aes128-gcm",
  "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
  "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
];
const ACCEPTED_KEY_TRANSPORT = ["http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"];
const WEAK_ENCRYPTION = ["http://www.w3.org/2001/04/xmlenc#tripledes-cbc", "http://www.w3.org/2001/04/xmlenc#rsa-1_5"];

const shortName = (uri: string) => uri.replace(/^.*#/, "");

/** An IdP-supplied string fit for an audit detail: no control characters, whitespace collapsed, at most `max` code points. */
export function sanitized(value: string, max = 200): string {
  const clean = value.replace(/[\p{Cc}\u2028\u2029]/gu, " ").replace(/\s+/g, " ").trim();
  const points = [...clean];
  return points.length > max ? `${points.slice(0, max).join("")}…` : clean;
}

export function parseDom(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (e: string) => errors.push(e), fatalError: (e: string) => errors.push(e) } }).parseFromString(xml, "text/xml");
  if (errors.length || !doc?.documentElement) throw new SsoLoginError("malformed_response", "The SAMLResponse is not well-formed XML.");
  return doc;
}

/** Element children of `parent` with the given namespace and local name (direct children only: nothing wrapped elsewhere counts). */
function children(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === localName) found.push(node as Element);
  }
  return found;
}

function descendants(root: Element | Document, ns: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, localName) as unknown as ArrayLike<Element>);
}

/** Step 1: size and base64. */
export function decodeResponse(samlResponse: string): string {
  if (samlResponse.length > MAX_RESPONSE_BYTES * 1.4 || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) {
    throw new SsoLoginError("malformed_response", "The SAMLResponse is missing, too large or not base64.");
  }
  return Buffer.from(samlResponse, "base64").toString("utf8");
}

/** Step 2, for the response and for a decrypted assertion alike. */
export function lexicalChecks(xml: string, what: string) {
  if (/<!DOCTYPE/i.test(xml)) throw new SsoLoginError("xml_doctype", `The ${what} declares a DOCTYPE.`);
  if (xml.includes("<!--")) throw new SsoLoginError("xml_comment", `The ${what} contains an XML comment (a NameID comment-injection attempt is refused).`);
  if (/<\?(?!xml\s)/.test(xml) || (xml.match(/<\?/g)?.length ?? 0) > 1) throw new SsoLoginError("xml_processing_instruction", `The ${what} contains a processing instruction.`);
}

export function responseElement(doc: Document): Element {
  const root = doc.documentElement;
  if (root.localName !== "Response" || root.namespaceURI !== PROTOCOL_NS) throw new SsoLoginError("malformed_response", `The document is a ${root.localName}, not a SAML 2.0 Response.`);
  return root;
}

/**
 * Step 3: the top-level StatusCode is Success. SAML profiles §4.1.4.2: only a successful
 * Response may carry an assertion, so any other status refuses the sign-in, whatever it carries.
 */
export function statusCheck(response: Element) {
  const [status, ...more] = children(response, PROTOCOL_NS, "Status");
  if (!status || more.length) throw new SsoLoginError("malformed_response", "The response must hold exactly one Status element.");
  const code = children(status, PROTOCOL_NS, "StatusCode")[0];
  const value = code?.getAttribute("Value") ?? "";
  if (value === SUCCESS) return;
  const nested = code ? children(code, PROTOCOL_NS, "StatusCode")[0]?.getAttribute("Value") : null;
  const message = children(status, PROTOCOL_NS, "StatusMessage")[0]?.textContent;
  throw new SsoLoginError(
    "idp_error",
    `The IdP answered with status ${sanitized(value) || "(none)"}` +
      (nested ? `, sub-status ${sanitized(nested)}` : "") +
      (message?.trim() ? `, message "${sanitized(message)}"` : ", no message") +
      ". Only a Success response signs anyone in; the IdP's sign-in log says why it refused.",
  );
}

/** Step 4: exactly one Assertion or EncryptedAssertion element anywhere (signature wrapping is refused). */
export function exactlyOneAssertion(doc: Document): { assertion: Element | null; encrypted: Element | null } {
  const assertions = descendants(doc, ASSERTION_NS, "Assertion");
  const encrypted = descendants(doc, ASSERTION_NS, "EncryptedAssertion");
  if (assertions.length + encrypted.length !== 1) {
    throw new SsoLoginError("multiple_assertions", `The response holds ${assertions.length + encrypted.length} assertions; exactly one is accepted (signature wrapping is refused).`);
  }
  return { assertion: assertions[0] ?? null, encrypted: encrypted[0] ?? null };
}

/** Step 5: Destination, when present, is our ACS URL. */
export function destinationCheck(response: Element, acsUrl: string) {
  const destination = response.getAttribute("Destination");
  if (destination && destination !== acsUrl) throw new SsoLoginError("wrong_destination", `Destination ${sanitized(destination, 500)} is not our ACS URL ${acsUrl}.`);
}

/** Step 6: the EncryptedAssertion uses algorithms we accept, checked before any key is tried. */
export function encryptionAlgorithmCheck(encrypted: Element) {
  const accepted = `accepted: ${ACCEPTED_DATA_ENCRYPTION.map(shortName).join(", ")} for the assertion and ${ACCEPTED_KEY_TRANSPORT.map(shortName).join(", ")} for its key`;
  for (const method of descendants(encrypted, XENC_NS, "EncryptionMethod")) {
    const algorithm = method.getAttribute("Algorithm") ?? "";
    const isKey = (method.parentNode as Element | null)?.localName === "EncryptedKey";
    if ((isKey ? ACCEPTED_KEY_TRANSPORT : ACCEPTED_DATA_ENCRYPTION).includes(algorithm)) continue;
    const weak = WEAK_ENCRYPTION.includes(algorithm);
    throw new SsoLoginError(
      weak ? "weak_encryption_algorithm" : "unsupported_encryption_algorithm",
      `${isKey ? "The assertion's key is encrypted" : "The assertion is encrypted"} with ${sanitized(shortName(algorithm)) || "(no algorithm)"} (${sanitized(algorithm, 300)}), which Atrium refuses${weak ? " as insecure" : ""}; ${accepted}. Change the encryption algorithm at the IdP.`,
    );
  }
}

const decryptWith = (xml: string, key: string) =>
  new Promise<string>((resolve, reject) => xmlDecrypt(xml, { key, disallowDecryptionWithInsecureAlgorithm: true }, (error, result) => (error ? reject(error) : resolve(result))));

/** The namespace declarations in scope at `element` (nearest wins), as XML Encryption's decrypt-and-replace would see them. */
function inScopeNamespaces(element: Element): Map<string, string> {
  const scope = new Map<string, string>();
  for (let node: Node | null = element; node && node.nodeType === 1; node = node.parentNode) {
    const attributes = (node as Element).attributes;
    for (let i = 0; i < attributes.length; i++) {
      const { name, value } = attributes.item(i)!;
      const prefix = name === "xmlns" ? "" : name.startsWith("xmlns:") ? name.slice(6) : null;
      if (prefix !== null && !scope.has(prefix)) scope.set(prefix, value);
    }
  }
  return scope;
}

/**
 * Step 7: the first of our keys that opens the EncryptedAssertion (active, next, retired within
 * the grace period). The plaintext gets the lexical checks, then is parsed in the context of the
 * EncryptedAssertion (with the namespace declarations of its ancestors, XML Encryption §4.5), must
 * be exactly one Assertion, and is returned standalone: those declarations are written on it.
 */
export async function decryptAssertion(encrypted: Element, keys: SpKeys): Promise<{ assertion: Element; key: string }> {
  const serialized = encrypted.toString();
  for (const key of keys.decryption) {
    let plaintext: string;
    try {
      plaintext = await decryptWith(serialized, key.privateKey);
    } catch {
      continue;
    }
    lexicalChecks(plaintext, "decrypted assertion");
    const scope = inScopeNamespaces(encrypted);
    const declarations = [...scope].map(([prefix, uri]) => ` ${prefix ? `xmlns:${prefix}` : "xmlns"}="${uri.replace(/[&<"]/g, (c) => `&#${c.charCodeAt(0)};`)}"`).join("");
    const wrapper = parseDom(`<context${declarations}>${plaintext.replace(/^<\?xml[^>]*\?>/, "")}</context>`).documentElement;
    const elements = Array.from(wrapper.childNodes as unknown as ArrayLike<Node>).filter((n) => n.nodeType === 1) as Element[];
    const root = elements[0];
    const nested = descendants(wrapper, ASSERTION_NS, "Assertion").length + descendants(wrapper, ASSERTION_NS, "EncryptedAssertion").length;
    if (elements.length !== 1 || root!.localName !== "Assertion" || root!.namespaceURI !== ASSERTION_NS || nested !== 1) {
      throw new SsoLoginError("multiple_assertions", "The encrypted assertion does not hold exactly one assertion (signature wrapping is refused).");
    }
    for (const [prefix, uri] of scope) {
      const name = prefix ? `xmlns:${prefix}` : "xmlns";
      if (!root!.hasAttribute(name)) root!.setAttributeNS(XMLNS_NS, name, uri);
    }
    return { assertion: root!, key: key.privateKey };
  }
  throw new SsoLoginError(
    "undecryptable_assertion",
    `The assertion is encrypted for a key this connection does not hold (tried ${keys.decryption.length}: ${keys.decryption.map((k) => k.status).join(", ")}); configure the IdP with the encryption certificate in our SP metadata.`,
  );
}

/** SHA-1 based signature or digest algorithms (rsa-sha1, dsa-sha1, ecdsa-sha1, hmac-sha1, sha1). */
const isSha1 = (algorithm: string) => /sha1$/i.test(algorithm);

/**
 * Step 8: every XML signature in the response and in the (decrypted) assertion uses SHA-256 or
 * better for its SignatureMethod and its DigestMethods, unless the connection opted in to SHA-1.
 */
export function signatureAlgorithmCheck(scopes: Element[], allowSha1: boolean) {
  if (allowSha1) return;
  for (const scope of scopes) {
    // By local name in any namespace, as xml-crypto finds them.
    for (const signedInfo of descendants(scope, "*", "SignedInfo")) {
      const algorithms = [
        ...descendants(signedInfo, "*", "SignatureMethod").map((m) => ["signature", m.getAttribute("Algorithm") ?? ""] as const),
        ...descendants(signedInfo, "*", "DigestMethod").map((m) => ["digest", m.getAttribute("Algorithm") ?? ""] as const),
      ];
      const weak = algorithms.find(([, algorithm]) => isSha1(algorithm));
      if (weak) {
        throw new SsoLoginError(
          "weak_signature_algorithm",
          `The IdP's XML signature uses the ${weak[0]} algorithm ${shortName(weak[1])} (${sanitized(weak[1], 300)}), which is SHA-1 based; Atrium accepts SHA-256 or better (rsa-sha256, rsa-sha512 with sha256 or sha512 digests). Set the IdP's signing algorithm to SHA-256, or, if it cannot, allow SHA-1 on this connection.`,
        );
      }
    }
  }
}

/** Whether the Response itself carries a signature (a ds:Signature child of the root). */
export const responseIsSigned = (response: Element) => children(response, DSIG_NS, "Signature").length > 0;

/**
 * Step 9: when the connection wants assertions signed (its metadata says so), a signed response
 * does not stand in for the assertion's own signature. (A response with no signature at all is
 * refused by node-saml as invalid_signature.)
 */
export function assertionSignedCheck(assertion: Element, response: Element, wantAssertionsSigned: boolean) {
  if (wantAssertionsSigned && responseIsSigned(response) && children(assertion, DSIG_NS, "Signature").length === 0) {
    throw new SsoLoginError(
      "assertion_not_signed",
      "The response is signed but the assertion is not. This connection requires a signed assertion, as our SP metadata says (WantAssertionsSigned); set the IdP to sign the assertion, or turn the requirement off on this connection.",
    );
  }
}

/** Step 10: the assertion has exactly one Conditions element (its audience and validity window). */
export function conditionsCheck(assertion: Element) {
  const conditions = children(assertion, ASSERTION_NS, "Conditions");
  if (conditions.length === 0) {
    throw new SsoLoginError(
      "missing_conditions",
      "The assertion has no Conditions element. Atrium needs one with an AudienceRestriction naming our SP entity ID and a validity window (NotBefore/NotOnOrAfter); set the audience (SP entity ID) at the IdP.",
    );
  }
  if (conditions.length > 1) throw new SsoLoginError("malformed_response", "The assertion has more than one Conditions element.");
}
