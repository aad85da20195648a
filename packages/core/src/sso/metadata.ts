/**
 * Reading an IdP's SAML metadata XML: its entity id, its single sign-on URL
 * (HTTP-Redirect preferred, else HTTP-POST) and its signing certificates (at
 * most two are kept: the current and the next one during a rollover).
 */
import { DOMParser } from "@xmldom/xmldom";
import { AppError } from "../errors.ts";
import { normalizeCertificate } from "./certificates.ts";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  certificates: string[];
  /** The IdP's WantAuthnRequestsSigned: our requests should then be signed. */
  wantAuthnRequestsSigned: boolean;
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  if (xml.length > 512 * 1024 || /<!DOCTYPE/i.test(xml)) throw invalid("it is too large or declares a DOCTYPE");
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (e: string) => errors.push(e), fatalError: (e: string) => errors.push(e) } }).parseFromString(xml, "text/xml");
  if (errors.length || !doc?.documentElement) throw invalid("it is not well-formed XML");
  const root = doc.documentElement;
  const entity = root.localName === "EntityDescriptor" ? root : root.getElementsByTagNameNS(MD, "EntityDescriptor").item(0);
  const entityId = entity?.getAttribute("entityID");
  const idp = entity?.getElementsByTagNameNS(MD, "IDPSSODescriptor").item(0);
  if (!entity || !entityId || !idp) throw invalid("it has no EntityDescriptor with an IDPSSODescriptor");

  const services = Array.from({ length: idp.getElementsByTagNameNS(MD, "SingleSignOnService").length }, (_, i) => idp.getElementsByTagNameNS(MD, "SingleSignOnService").item(i)!);
  const service = services.find((s) => s.getAttribute("Binding") === REDIRECT) ?? services.find((s) => s.getAttribute("Binding") === POST);
  const ssoUrl = service?.getAttribute("Location");
  if (!ssoUrl) throw invalid("it has no HTTP-Redirect or HTTP-POST SingleSignOnService");

  const certificates: string[] = [];
  const keys = idp.getElementsByTagNameNS(MD, "KeyDescriptor");
  for (let i = 0; i < keys.length; i++) {
    const key = keys.item(i)!;
    const use = key.getAttribute("use");
    if (use && use !== "signing") continue;
    const cert = key.getElementsByTagNameNS(DS, "X509Certificate").item(0)?.textContent;
    if (cert) {
      const pem = normalizeCertificate(cert);
      if (!certificates.includes(pem)) certificates.push(pem);
    }
  }
  if (certificates.length === 0) throw invalid("it has no signing certificate");
  return { entityId, ssoUrl, certificates: certificates.slice(0, 2), wantAuthnRequestsSigned: idp.getAttribute("WantAuthnRequestsSigned") === "true" };
}

const invalid = (why: string) => new AppError("BAD_REQUEST", { message: `metadata rejected: ${why}`, userMessage: `The IdP metadata could not be read: ${why}.` });
