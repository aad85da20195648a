/**
 * Our SAML SP metadata. Written here rather than by node-saml because during a
 * rotation it lists two certificates for each use: the active one first, then
 * the next one, so IdPs that refresh metadata pick the new key up before it is
 * activated.
 */
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const base64Of = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");

export interface SpMetadataInput {
  entityId: string;
  acsUrl: string;
  /** PEM, active first. */
  certificates: string[];
  authnRequestsSigned: boolean;
  /** What the ACS enforces: with true, an assertion without its own signature is refused (assertion_not_signed). */
  wantAssertionsSigned: boolean;
}

export function serviceProviderMetadata(input: SpMetadataInput): string {
  const keyInfo = (pem: string) => `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${base64Of(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
  const keys = [
    ...input.certificates.map((pem) => `    <md:KeyDescriptor use="signing">${keyInfo(pem)}</md:KeyDescriptor>`),
    ...input.certificates.map(
      (pem) =>
        `    <md:KeyDescriptor use="encryption">${keyInfo(pem)}` +
        `<md:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>` +
        `<md:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>` +
        `<md:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/></md:KeyDescriptor>`,
    ),
  ];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXml(input.entityId)}">`,
    `  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="${input.authnRequestsSigned}" WantAssertionsSigned="${input.wantAssertionsSigned}">`,
    ...keys,
    `    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>`,
    `    <md:AssertionConsumerService index="1" isDefault="true" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(input.acsUrl)}"/>`,
    `  </md:SPSSODescriptor>`,
    `</md:EntityDescriptor>`,
    ``,
  ].join("\n");
}
