/**
 * Our key pair per SAML connection: an RSA-2048 key (node's crypto) and a
 * self-signed X.509 certificate (node-forge), the private key sealed with the
 * SecretBox and bound to its row. The active certificate signs AuthnRequests
 * and decrypts assertions; rotation publishes a `next` certificate in the SP
 * metadata first, then activates it (the old one is `retired`: it still
 * decrypts for RETIRED_GRACE_MS, until an admin removes it).
 *
 * Connections made before this existed get their first certificate lazily,
 * the first time their metadata, a login or an assertion needs it.
 */
import { generateKeyPair as generateKeyPairCb, randomBytes, randomUUID, X509Certificate } from "node:crypto";
import { promisify } from "node:util";
import { isUniqueViolation, type Db, type DbOrTx } from "@atrium/db";
import forge from "node-forge";
import { systemActor, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { secrets } from "../secrets/box.ts";
import { certificateInfo, type CertificateInfo } from "./certificates.ts";
import { loadConnection } from "./connection-record.ts";

const generateKeyPair = promisify(generateKeyPairCb);

export const SP_CERT_VALIDITY_DAYS = 730;
/** How long a retired certificate still decrypts (IdPs that have not refreshed our metadata yet). */
export const RETIRED_GRACE_MS = 7 * 86_400_000;

export type SpCertificateStatus = "next" | "active" | "retired";

export const spKeyContext = (certificateId: string) => `sso_sp_certificates.private_key:${certificateId}`;

export interface SpCertificateRow extends CertificateInfo {
  id: string;
  /** next | active | retired (`status` is the expiry, as for IdP certificates). */
  state: SpCertificateStatus;
  notBefore: Date;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
  /** Retired and past the grace period: no longer decrypts. */
  graceOver: boolean;
}

/** A fresh RSA-2048 key (PKCS#8 PEM) and its self-signed certificate (PEM). */
export async function generateSpKeyPair(commonName: string, now = new Date()): Promise<{ privateKey: string; certificate: string; notBefore: Date; notAfter: Date }> {
  const { privateKey, publicKey } = await generateKeyPair("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString("hex");
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
  const notAfter = new Date(notBefore.getTime() + SP_CERT_VALIDITY_DAYS * 86_400_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const name = [{ name: "commonName", value: commonName.slice(0, 64) }, { name: "organizationName", value: "Atrium" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, dataEncipherment: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { privateKey, certificate: forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n"), notBefore, notAfter };
}

type SpKeyPair = Awaited<ReturnType<typeof generateSpKeyPair>>;

/** A key pair for a connection's certificate, made before any transaction opens: RSA generation can take seconds on a busy machine. */
export const spKeyPairFor = (connectionId: string) => generateSpKeyPair(`Atrium SP ${connectionId}`);

async function insertCertificate(tx: DbOrTx, connection: { id: string; organizationId: string }, status: "next" | "active", pair: SpKeyPair) {
  const id = randomUUID();
  const now = new Date();
  await tx.ssoSpCertificate.create({
    data: {
      id,
      organizationId: connection.organizationId,
      connectionId: connection.id,
      certificate: pair.certificate,
      privateKey: secrets().encrypt(pair.privateKey, spKeyContext(id)),
      fingerprint: new X509Certificate(pair.certificate).fingerprint256,
      notBefore: pair.notBefore,
      notAfter: pair.notAfter,
      status,
      activatedAt: status === "active" ? now : null,
    },
    select: { id: true },
  });
  return { id, fingerprint: new X509Certificate(pair.certificate).fingerprint256, notAfter: pair.notAfter };
}

/** The connection's first (active) certificate, inside the transaction that creates the connection. */
export async function createInitialSpCertificate(tx: DbOrTx, connection: { id: string; organizationId: string }, pair: SpKeyPair) {
  return insertCertificate(tx, connection, "active", pair);
}

/** Gives a SAML connection made before SP keys existed its first certificate (audited as the system). */
export async function ensureSpCertificate(db: Db, connection: { id: string; organizationId: string; protocol: string }): Promise<void> {
  if (connection.protocol !== "saml") return;
  if (await db.ssoSpCertificate.count({ where: { connectionId: connection.id, status: "active" } })) return;
  const pair = await spKeyPairFor(connection.id);
  try {
    await db.$transaction(async (tx) => {
      const created = await insertCertificate(tx, connection, "active", pair);
      await recordAudit(tx, systemActor("sso-sp-keys"), {
        action: "sso.sp_certificate_generate",
        organizationId: connection.organizationId,
        resource: { type: "sso_connection", id: connection.id },
        details: { certificateId: created.id, fingerprint: created.fingerprint, status: "active", backfill: true },
      });
    });
  } catch (error) {
    // Another request created it first.
    if (!isUniqueViolation(error)) throw error;
  }
}

export interface SpKeys {
  /** The active certificate and key: signs requests, decrypts first. */
  active: { id: string; certificate: string; privateKey: string };
  next: { id: string; certificate: string; privateKey: string } | null;
  /** Keys that decrypt, in the order they are tried: active, next, retired within the grace period (newest first). */
  decryption: { id: string; status: SpCertificateStatus; privateKey: string }[];
}

/** The connection's keys, unsealed, for the protocol code. */
export async function loadSpKeys(db: Db, connection: { id: string; organizationId: string; protocol: string }, now = new Date()): Promise<SpKeys> {
  await ensureSpCertificate(db, connection);
  const rows = await db.ssoSpCertificate.findMany({
    where: { connectionId: connection.id },
    select: { id: true, status: true, certificate: true, privateKey: true, retiredAt: true },
    orderBy: { createdAt: "desc" },
  });
  const open = (r: (typeof rows)[number]) => ({ id: r.id, certificate: r.certificate, status: r.status as SpCertificateStatus, privateKey: secrets().decrypt(r.privateKey, spKeyContext(r.id)) });
  const active = rows.find((r) => r.status === "active");
  if (!active) throw new Error(`SAML connection ${connection.id} has no active SP certificate`);
  const next = rows.find((r) => r.status === "next");
  const retired = rows.filter((r) => r.status === "retired" && r.retiredAt && now.getTime() - r.retiredAt.getTime() < RETIRED_GRACE_MS);
  const decryption = [active, ...(next ? [next] : []), ...retired].map(open);
  return { active: open(active), next: next ? open(next) : null, decryption };
}

/** The certificates our SP metadata publishes: the active one, then the next one during a rotation. */
export async function publishedSpCertificates(db: Db, connection: { id: string; organizationId: string; protocol: string }): Promise<string[]> {
  await ensureSpCertificate(db, connection);
  const rows = await db.ssoSpCertificate.findMany({ where: { connectionId: connection.id, status: { in: ["active", "next"] } }, select: { status: true, certificate: true } });
  return ["active", "next"].flatMap((status) => rows.filter((r) => r.status === status).map((r) => r.certificate));
}

async function samlConnectionOf(db: DbOrTx, organizationId: string, connectionId: string) {
  const connection = await loadConnection(db, connectionId);
  if (connection.organizationId !== organizationId) throw notFound("The SSO connection");
  if (connection.protocol !== "saml") throw new AppError("BAD_REQUEST", { userMessage: "Only SAML connections have SP certificates." });
  return connection;
}

export async function listSpCertificates(db: Db, organizationId: string, connectionId: string, now = new Date()): Promise<SpCertificateRow[]> {
  const connection = await samlConnectionOf(db, organizationId, connectionId);
  await ensureSpCertificate(db, connection);
  const rows = await db.ssoSpCertificate.findMany({
    where: { organizationId, connectionId },
    select: { id: true, status: true, certificate: true, notBefore: true, createdAt: true, activatedAt: true, retiredAt: true },
  });
  const order = { next: 0, active: 1, retired: 2 } as const;
  return rows
    .map((r) => ({
      ...certificateInfo(r.certificate, now),
      id: r.id,
      state: r.status as SpCertificateStatus,
      notBefore: r.notBefore,
      createdAt: r.createdAt,
      activatedAt: r.activatedAt,
      retiredAt: r.retiredAt,
      graceOver: r.status === "retired" && r.retiredAt !== null && now.getTime() - r.retiredAt.getTime() >= RETIRED_GRACE_MS,
    }))
    .sort((a, b) => order[a.state] - order[b.state] || b.createdAt.getTime() - a.createdAt.getTime());
}

/** Step 1 of a rotation: a `next` certificate, published in the metadata next to the active one. */
export async function generateNextSpCertificate(db: Db, actor: Actor, organizationId: string, connectionId: string): Promise<SpCertificateRow[]> {
  const connection = await samlConnectionOf(db, organizationId, connectionId);
  await ensureSpCertificate(db, connection);
  const pair = await spKeyPairFor(connectionId);
  try {
    await db.$transaction(async (tx) => {
      if (await tx.ssoSpCertificate.count({ where: { connectionId, status: "next" } })) throw nextExists();
      const created = await insertCertificate(tx, connection, "next", pair);
      await recordAudit(tx, actor, {
        action: "sso.sp_certificate_generate",
        organizationId,
        resource: { type: "sso_connection", id: connectionId },
        details: { certificateId: created.id, fingerprint: created.fingerprint, status: "next", notAfter: created.notAfter.toISOString() },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nextExists();
    throw error;
  }
  return listSpCertificates(db, organizationId, connectionId);
}

const nextExists = () => new AppError("CONFLICT", { userMessage: "A next certificate already exists: activate it or wait." });

/** Step 2: next → active; the old active certificate → retired (it still decrypts during the grace period). */
export async function activateSpCertificate(db: Db, actor: Actor, organizationId: string, connectionId: string, certificateId: string): Promise<SpCertificateRow[]> {
  await samlConnectionOf(db, organizationId, connectionId);
  await db.$transaction(async (tx) => {
    const target = await tx.ssoSpCertificate.findFirst({ where: { id: certificateId, connectionId, organizationId }, select: { status: true, fingerprint: true } });
    if (!target) throw notFound("The SP certificate");
    if (target.status !== "next") throw new AppError("CONFLICT", { userMessage: "Only the next certificate can be activated." });
    const now = new Date();
    const previous = await tx.ssoSpCertificate.findFirst({ where: { connectionId, status: "active" }, select: { id: true, fingerprint: true } });
    if (previous) await tx.ssoSpCertificate.update({ where: { id: previous.id }, data: { status: "retired", retiredAt: now }, select: { id: true } });
    await tx.ssoSpCertificate.update({ where: { id: certificateId }, data: { status: "active", activatedAt: now }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.sp_certificate_activate",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { certificateId, fingerprint: target.fingerprint, retired: previous ? { certificateId: previous.id, fingerprint: previous.fingerprint } : null },
    });
  });
  return listSpCertificates(db, organizationId, connectionId);
}

/** Step 3: a retired certificate is deleted; assertions encrypted to it are refused from then on. */
export async function removeSpCertificate(db: Db, actor: Actor, organizationId: string, connectionId: string, certificateId: string): Promise<SpCertificateRow[]> {
  await samlConnectionOf(db, organizationId, connectionId);
  await db.$transaction(async (tx) => {
    const target = await tx.ssoSpCertificate.findFirst({ where: { id: certificateId, connectionId, organizationId }, select: { status: true, fingerprint: true } });
    if (!target) throw notFound("The SP certificate");
    if (target.status !== "retired") throw new AppError("CONFLICT", { userMessage: "Only retired certificates can be removed." });
    await tx.ssoSpCertificate.delete({ where: { id: certificateId }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "sso.sp_certificate_remove",
      organizationId,
      resource: { type: "sso_connection", id: connectionId },
      details: { certificateId, fingerprint: target.fingerprint },
    });
  });
  return listSpCertificates(db, organizationId, connectionId);
}
