/**
 * The OpenID Provider's signing keys, RS256, private JWKs sealed with the
 * SecretBox and bound to their row ("oidc_signing_keys.private_jwk:<id>").
 *
 * Rotation without downtime, in the order of SP certificates:
 *  - a `next` key is published in the JWKS before it signs anything, so
 *    relying parties have cached it by the time it does;
 *  - `rotateSigningKeys` makes `next` the `active` key (which signs), retires
 *    the old active one and generates a new `next`;
 *  - a `retired` key stays in the JWKS for RETIRED_GRACE_MS, so tokens it
 *    signed (id_tokens, logout tokens) still verify.
 * The first start generates an active and a next key.
 */
import { generateKeyPair as generateKeyPairCb, randomBytes, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { isUniqueViolation, type Db, type DbOrTx } from "@atrium/db";
import { systemActor, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { secrets } from "../secrets/box.ts";

const generateKeyPair = promisify(generateKeyPairCb);

/** How long a retired key stays published (longer than any token it signed lives). */
export const RETIRED_GRACE_MS = 7 * 86_400_000;

export const signingKeyContext = (id: string) => `oidc_signing_keys.private_jwk:${id}`;

export interface SigningKeyJwk {
  kid: string;
  alg: "RS256";
  use: "sig";
  [member: string]: unknown;
}

interface KeyRow {
  id: string;
  kid: string;
  status: "next" | "active" | "retired";
  privateJwk: string;
}

/** A new RSA key pair's private key, generated before any transaction opens (generation can take seconds on a busy machine). */
const newPrivateKey = async () => (await generateKeyPair("rsa", { modulusLength: 2048 })).privateKey;

async function insertKey(tx: DbOrTx, status: "next" | "active", actor: Actor, privateKey: Awaited<ReturnType<typeof newPrivateKey>>): Promise<void> {
  const id = randomUUID();
  const kid = `atrium-rs256-${randomBytes(8).toString("hex")}`;
  const jwk = { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  await tx.oidcSigningKey.create({
    data: { id, kid, alg: "RS256", status, privateJwk: secrets().encrypt(JSON.stringify(jwk), signingKeyContext(id)), activatedAt: status === "active" ? new Date() : null },
  });
  await recordAudit(tx, actor, { action: "oidc.signing_key_create", organizationId: null, resource: { type: "oidc_signing_key", id }, details: { kid, status } });
}

/** Generates the first active and next keys when there are none; two instances starting together cannot both succeed. */
export async function ensureSigningKeys(db: Db): Promise<void> {
  if ((await db.oidcSigningKey.count({ where: { status: "active" } })) > 0) return;
  const actor = systemActor("oidc-provider");
  const [active, next] = await Promise.all([newPrivateKey(), newPrivateKey()]);
  try {
    await db.$transaction(async (tx) => {
      await insertKey(tx, "active", actor, active);
      await insertKey(tx, "next", actor, next);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/**
 * The JWKS oidc-provider signs with and publishes: the active key first
 * (oidc-provider signs with the first key of an algorithm), then next, then
 * retired keys still in their grace period.
 */
export async function loadSigningJwks(db: Db, now = new Date()): Promise<{ keys: SigningKeyJwk[] }> {
  await ensureSigningKeys(db);
  const rows = await db.oidcSigningKey.findMany({
    where: { OR: [{ status: { in: ["active", "next"] } }, { status: "retired", retiredAt: { gt: new Date(now.getTime() - RETIRED_GRACE_MS) } }] },
    select: { id: true, kid: true, status: true, privateJwk: true },
  });
  const order = { active: 0, next: 1, retired: 2 } as const;
  const sorted = (rows as KeyRow[]).sort((a, b) => order[a.status] - order[b.status]);
  return { keys: sorted.map((r) => JSON.parse(secrets().decrypt(r.privateJwk, signingKeyContext(r.id))) as SigningKeyJwk) };
}

/**
 * Rotates: next → active, active → retired, a new next. Audited. API and
 * worker instances follow the key set (key-following.ts) and sign with the
 * new key within about a second; until then they sign with the old one,
 * which stays published, and relying parties already hold the new one (it
 * was `next`). `npm run oidc:rotate-keys -w @atrium/core`.
 */
export async function rotateSigningKeys(db: Db, actor: Actor = systemActor("oidc-provider")): Promise<{ activeKid: string }> {
  await ensureSigningKeys(db);
  const nextKey = await newPrivateKey();
  return db.$transaction(async (tx) => {
    const next = await tx.oidcSigningKey.findFirst({ where: { status: "next" }, orderBy: { createdAt: "asc" }, select: { id: true, kid: true } });
    const active = await tx.oidcSigningKey.findFirst({ where: { status: "active" }, select: { id: true, kid: true } });
    if (!next || !active) throw new Error("The signing keys are not initialised");
    const now = new Date();
    await tx.oidcSigningKey.update({ where: { id: active.id }, data: { status: "retired", retiredAt: now } });
    await tx.oidcSigningKey.update({ where: { id: next.id }, data: { status: "active", activatedAt: now } });
    await insertKey(tx, "next", actor, nextKey);
    await recordAudit(tx, actor, { action: "oidc.signing_key_rotate", organizationId: null, resource: { type: "oidc_signing_key", id: next.id }, details: { activeKid: next.kid, retiredKid: active.kid } });
    return { activeKid: next.kid };
  });
}
