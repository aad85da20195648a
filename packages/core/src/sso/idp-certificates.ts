/**
 * The rotation screen's IdP side, one certificate at a time: add the IdP's
 * next signing certificate (both verify during the rollover, at most two),
 * then remove the old one (never the last). And the per-connection switch for
 * signing our AuthnRequests.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { certificateInfo, normalizeCertificate, type CertificateInfo } from "./certificates.ts";
import { loadConnection } from "./connection-record.ts";

async function samlConnection(db: DbOrTx, organizationId: string, connectionId: string) {
  const connection = await loadConnection(db, connectionId);
  if (connection.organizationId !== organizationId) throw notFound("The SSO connection");
  if (connection.protocol !== "saml") throw new AppError("BAD_REQUEST", { userMessage: "Only SAML connections have certificates." });
  return connection;
}

export async function listIdpCertificates(db: Db, organizationId: string, connectionId: string): Promise<CertificateInfo[]> {
  const connection = await samlConnection(db, organizationId, connectionId);
  return connection.idpCertificates.map((pem) => certificateInfo(pem));
}

export async function addIdpCertificate(db: Db, actor: Actor, organizationId: string, connectionId: string, certificate: string): Promise<CertificateInfo[]> {
  const pem = normalizeCertificate(certificate);
  const info = certificateInfo(pem);
  return db.$transaction(async (tx) => {
    const connection = await samlConnection(tx, organizationId, connectionId);
    if (connection.idpCertificates.some((c) => certificateInfo(c).fingerprint === info.fingerprint)) {
      throw new AppError("CONFLICT", { userMessage: "This certificate is already trusted." });
    }
    if (connection.idpCertificates.length >= 2) throw new AppError("CONFLICT", { userMessage: "Two certificates are already trusted: remove the old one first." });
    const after = [...connection.idpCertificates, pem];
    await tx.ssoConnection.update({ where: { id: connectionId }, data: { idpCertificates: after }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.idp_certificate_add",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { fingerprint: info.fingerprint, subject: info.subject, notAfter: info.notAfter.toISOString() },
    });
    return after.map((c) => certificateInfo(c));
  });
}

export async function removeIdpCertificate(db: Db, actor: Actor, organizationId: string, connectionId: string, fingerprint: string): Promise<CertificateInfo[]> {
  return db.$transaction(async (tx) => {
    const connection = await samlConnection(tx, organizationId, connectionId);
    const after = connection.idpCertificates.filter((c) => certificateInfo(c).fingerprint !== fingerprint);
    if (after.length === connection.idpCertificates.length) throw notFound("The certificate");
    if (after.length === 0) throw new AppError("CONFLICT", { userMessage: "The last IdP certificate cannot be removed: add the new one first." });
    await tx.ssoConnection.update({ where: { id: connectionId }, data: { idpCertificates: after }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.idp_certificate_remove",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { fingerprint },
    });
    return after.map((c) => certificateInfo(c));
  });
}

/** Sign AuthnRequests with the active SP key (for IdPs that set WantAuthnRequestsSigned). */
export async function setRequestSigning(db: Db, actor: Actor, organizationId: string, connectionId: string, enabled: boolean): Promise<{ signAuthnRequests: boolean }> {
  return db.$transaction(async (tx) => {
    const connection = await samlConnection(tx, organizationId, connectionId);
    await tx.ssoConnection.update({ where: { id: connectionId }, data: { signAuthnRequests: enabled }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.connection_update",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { signAuthnRequests: { before: connection.signAuthnRequests, after: enabled } },
    });
    return { signAuthnRequests: enabled };
  });
}
