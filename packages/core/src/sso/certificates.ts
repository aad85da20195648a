/**
 * IdP signing certificates: accepted as PEM or bare base64 (as metadata XML
 * carries them), stored as PEM, and described for the admin (subject,
 * expiry, fingerprint) so expiring certificates are warned about.
 */
import { X509Certificate } from "node:crypto";
import { AppError } from "../errors.ts";

/** Certificates expiring within this many days are flagged. */
export const CERT_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface CertificateInfo {
  subject: string;
  notAfter: Date;
  fingerprint: string;
  daysLeft: number;
  status: "ok" | "expiring" | "expired";
}

export function normalizeCertificate(input: string): string {
  const body = input
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")
    .replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) throw badCertificate();
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
  } catch {
    throw badCertificate();
  }
  return pem;
}

export function certificateInfo(pem: string, now = new Date()): CertificateInfo {
  const cert = new X509Certificate(pem);
  const notAfter = new Date(cert.validTo);
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    notAfter,
    fingerprint: cert.fingerprint256,
    daysLeft,
    status: notAfter <= now ? "expired" : daysLeft < CERT_WARNING_DAYS ? "expiring" : "ok",
  };
}

const badCertificate = () => new AppError("BAD_REQUEST", { userMessage: "The certificate is not a valid X.509 certificate (PEM or base64)." });
