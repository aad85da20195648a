/**
 * The vendor's licence signing keys (Ed25519), in the pattern of the OpenID
 * Provider's (oidc-provider/signing-keys.ts): private JWKs sealed with the
 * SecretBox and bound to their row ("license_signing_keys.private_jwk:<id>"),
 * the key id (the public key's JWK thumbprint) in each licence's JWS header.
 *
 * Lifecycle:
 *  - `active` signs new licences (one at a time);
 *  - `rotateLicenseKeys` generates a new active key and moves the old one to
 *    `verifying`: it signs nothing more, but licences it signed keep
 *    verifying (here, and wherever its public key was shipped);
 *  - `retireLicenseKey` moves a verifying key to `retired`: licences it
 *    signed no longer verify here (unknown_kid). Renew them first.
 * The first licence issued generates the first key.
 */
import { randomUUID } from "node:crypto";
import { generateLicenseKey, publicKeyOf, type LicensePrivateKey, type LicensePublicKey } from "@atrium/license";
import { isUniqueViolation, type Db, type DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { secrets } from "../secrets/box.ts";

export const licenseKeyContext = (id: string) => `license_signing_keys.private_jwk:${id}`;

export type LicenseKeyStatus = "active" | "verifying" | "retired";

export interface LicenseKeyRow {
  id: string;
  kid: string;
  status: LicenseKeyStatus;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

async function insertKey(tx: DbOrTx, actor: Actor): Promise<{ id: string; kid: string }> {
  const key = await generateLicenseKey();
  const id = randomUUID();
  await tx.licenseSigningKey.create({
    data: { id, kid: key.kid, status: "active", publicJwk: { ...publicKeyOf(key) }, privateJwk: secrets().encrypt(JSON.stringify(key), licenseKeyContext(id)), activatedAt: new Date() },
    select: { id: true },
  });
  await recordAudit(tx, actor, { action: "license.signing_key_create", organizationId: null, resource: { type: "license_signing_key", id }, details: { kid: key.kid } });
  return { id, kid: key.kid };
}

/** The key that signs, generated (audited, as `actor`) when there is none; two callers racing cannot both create one. */
export async function activeLicenseKey(db: Db, actor: Actor): Promise<LicensePrivateKey> {
  let row = await db.licenseSigningKey.findFirst({ where: { status: "active" }, select: { id: true, privateJwk: true } });
  if (!row) {
    try {
      await db.$transaction((tx) => insertKey(tx, actor));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    row = await db.licenseSigningKey.findFirstOrThrow({ where: { status: "active" }, select: { id: true, privateJwk: true } });
  }
  return JSON.parse(secrets().decrypt(row.privateJwk, licenseKeyContext(row.id))) as LicensePrivateKey;
}

/** The public keys licences verify with here: the active key, then verifying ones (never retired ones). */
export async function licensePublicKeys(db: DbOrTx): Promise<LicensePublicKey[]> {
  const rows = await db.licenseSigningKey.findMany({ where: { status: { in: ["active", "verifying"] } }, orderBy: { createdAt: "desc" }, select: { publicJwk: true } });
  return rows.map((r) => r.publicJwk as unknown as LicensePublicKey);
}

export async function listLicenseKeys(db: DbOrTx): Promise<(LicenseKeyRow & { publicJwk: LicensePublicKey })[]> {
  const rows = await db.licenseSigningKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, kid: true, status: true, createdAt: true, activatedAt: true, retiredAt: true, publicJwk: true },
  });
  return rows.map((r) => ({ ...r, status: r.status as LicenseKeyStatus, publicJwk: r.publicJwk as unknown as LicensePublicKey }));
}

/** A new active key; the old active key keeps verifying. Audited. */
export async function rotateLicenseKeys(db: Db, actor: Actor): Promise<{ activeKid: string; previousKid: string | null }> {
  return db.$transaction(async (tx) => {
    const active = await tx.licenseSigningKey.findFirst({ where: { status: "active" }, select: { id: true, kid: true } });
    if (active) await tx.licenseSigningKey.update({ where: { id: active.id }, data: { status: "verifying" }, select: { id: true } });
    const created = await insertKey(tx, actor);
    await recordAudit(tx, actor, { action: "license.signing_key_rotate", organizationId: null, resource: { type: "license_signing_key", id: created.id }, details: { activeKid: created.kid, previousKid: active?.kid ?? null } });
    return { activeKid: created.kid, previousKid: active?.kid ?? null };
  });
}

/** Retires a verifying key: licences it signed stop verifying here. The active key cannot be retired (rotate first). */
export async function retireLicenseKey(db: Db, actor: Actor, kid: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = await tx.licenseSigningKey.findUnique({ where: { kid }, select: { id: true, status: true } });
    if (!key) throw new AppError("NOT_FOUND", { userMessage: "The signing key was not found." });
    if (key.status === "active") throw new AppError("CONFLICT", { userMessage: "The active key signs new licences: rotate first, then retire it." });
    if (key.status === "retired") throw new AppError("CONFLICT", { userMessage: "This key is already retired." });
    const licences = await tx.license.count({ where: { keyId: kid, revokedAt: null, expiresAt: { gt: new Date() } } });
    await tx.licenseSigningKey.update({ where: { id: key.id }, data: { status: "retired", retiredAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, { action: "license.signing_key_retire", organizationId: null, resource: { type: "license_signing_key", id: key.id }, details: { kid, unexpiredLicencesStillSignedByIt: licences } });
  });
}
