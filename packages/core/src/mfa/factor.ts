/**
 * A user's TOTP factor and recovery codes: enrolment (start → confirm with a
 * first code), checking a code, one-time recovery codes (SHA-256 only,
 * regenerable), turning MFA off. The seed is sealed with SecretBox, bound to
 * its row, and never leaves the server after enrolment.
 */
import type { DbOrTx } from "@atrium/db";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { randomToken, sha256Hex } from "../crypto.ts";
import { AppError } from "../errors.ts";
import { secrets } from "../secrets/box.ts";
import { generateTotpKey, manualEntryKey, matchTotp, totpUri } from "./totp.ts";

export const TOTP_ISSUER = "Atrium";
export const RECOVERY_CODE_COUNT = 10;

const sealContext = (userId: string) => `user_totp.secret:${userId}`;
const seal = (userId: string, key: Uint8Array) => secrets().encrypt(Buffer.from(key).toString("base64"), sealContext(userId));
const unseal = (userId: string, sealed: string) => new Uint8Array(Buffer.from(secrets().decrypt(sealed, sealContext(userId)), "base64"));

export interface MfaStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

export async function mfaStatus(db: DbOrTx, userId: string): Promise<MfaStatus> {
  const [factor, left] = await Promise.all([
    db.userTotp.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.mfaRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  const enabledAt = factor?.confirmedAt ?? null;
  return { enabled: enabledAt !== null, enabledAt, recoveryCodesLeft: enabledAt ? left : 0 };
}

export interface EnrollmentStart {
  /** otpauth:// URI for the QR code. */
  uri: string;
  /** The same key for typing in by hand. */
  manualKey: string;
}

/** Creates (or replaces) an unconfirmed factor. Refused while a confirmed one exists. */
export async function startEnrollment(db: DbOrTx, user: { id: string; email: string }): Promise<EnrollmentStart> {
  const existing = await db.userTotp.findUnique({ where: { userId: user.id }, select: { confirmedAt: true } });
  if (existing?.confirmedAt) throw new AppError("CONFLICT", { userMessage: "Two-factor authentication is already on." });
  const key = generateTotpKey();
  const secretSealed = seal(user.id, key);
  await db.userTotp.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secretSealed },
    update: { secretSealed, lastUsedStep: null, createdAt: new Date() },
    select: { userId: true },
  });
  return { uri: totpUri(TOTP_ISSUER, user.email, key), manualKey: manualEntryKey(key) };
}

/**
 * Confirms the pending factor with a first code and returns fresh recovery
 * codes (shown once). Throws BAD_REQUEST for a wrong code.
 */
export async function confirmEnrollment(tx: DbOrTx, userId: string, code: string): Promise<string[]> {
  const factor = await tx.userTotp.findUnique({ where: { userId }, select: { secretSealed: true, confirmedAt: true } });
  if (!factor) throw new AppError("PRECONDITION_FAILED", { userMessage: "Start the set-up again: no authenticator is being added." });
  if (factor.confirmedAt) throw new AppError("CONFLICT", { userMessage: "Two-factor authentication is already on." });
  const step = matchTotp(unseal(userId, factor.secretSealed), code.trim(), null);
  if (step === null) throw new AppError("BAD_REQUEST", { userMessage: "That code is not right. Check your authenticator app's clock and try the current code." });
  await tx.userTotp.update({ where: { userId }, data: { confirmedAt: new Date(), lastUsedStep: step }, select: { userId: true } });
  return replaceRecoveryCodes(tx, userId);
}

/** Ten new codes (`xxxxx-xxxxx`), replacing all earlier ones. */
export async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomToken(7).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
  return codes;
}

const hashRecoveryCode = (code: string) => sha256Hex(code.toLowerCase().replace(/[^a-z2-7]/g, ""));

export type CodeCheck = { ok: true; method: "totp" | "recovery_code"; recoveryCodesLeft?: number } | { ok: false; reason: string };

/**
 * Checks a TOTP code (six digits) or a recovery code against a confirmed
 * factor and consumes it: the TOTP step is recorded, the recovery code marked used.
 */
export async function consumeCode(tx: DbOrTx, userId: string, input: string): Promise<CodeCheck> {
  const code = input.trim().replace(/\s+/g, "");
  const factor = await tx.userTotp.findUnique({ where: { userId }, select: { secretSealed: true, confirmedAt: true, lastUsedStep: true } });
  if (!factor?.confirmedAt) return { ok: false, reason: "not_enrolled" };
  if (/^\d{6}$/.test(code)) {
    const step = matchTotp(unseal(userId, factor.secretSealed), code, factor.lastUsedStep);
    if (step === null) return { ok: false, reason: "wrong_totp_code" };
    // The conditional update makes two concurrent uses of one code succeed once.
    const { count } = await tx.userTotp.updateMany({
      where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
      data: { lastUsedStep: step },
    });
    return count === 1 ? { ok: true, method: "totp" } : { ok: false, reason: "wrong_totp_code" };
  }
  const { count } = await tx.mfaRecoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count !== 1) return { ok: false, reason: "wrong_recovery_code" };
  return { ok: true, method: "recovery_code", recoveryCodesLeft: await tx.mfaRecoveryCode.count({ where: { userId, usedAt: null } }) };
}

/** Removes the factor and every recovery code; returns whether there was a confirmed factor. */
export async function removeFactor(tx: DbOrTx, userId: string): Promise<boolean> {
  const factor = await tx.userTotp.findUnique({ where: { userId }, select: { confirmedAt: true } });
  await tx.userTotp.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  return factor?.confirmedAt != null;
}

/** For tests and tools: the raw key of a factor (never sent to clients after enrolment). */
export function keyFromManualEntry(manualKey: string): Uint8Array {
  return decodeBase32IgnorePadding(manualKey.replace(/\s+/g, ""));
}
