/**
 * Secrets that must be read back (OIDC client secrets, TOTP seeds, SIEM and
 * webhook credentials) are stored AES-256-GCM encrypted:
 *
 *   v1.<key id>.<iv>.<ciphertext + tag>        (base64url parts)
 *
 * The key id is the first 8 hex digits of the key's SHA-256, so the ring can
 * hold old keys after a rotation: new ciphertexts use the current key, old ones
 * still open with the key they name, and `needsRotation` tells a re-encryption
 * pass which rows to rewrite. Each ciphertext is bound to its place by
 * additional data (e.g. `sso_connections.client_secret:<id>`), so a value
 * copied into another row or column does not decrypt.
 *
 * Keys: ATRIUM_ENCRYPTION_KEY (current, 32 bytes base64) and
 * ATRIUM_ENCRYPTION_KEYS_PREVIOUS (comma-separated older keys). Outside
 * production a public development key is used when none is set; the API and
 * worker refuse to start in production with it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export const DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktYXRyaXVtLWVuY3J5cHRpb24ta2V5ISE=";

export class SecretBox {
  readonly currentKeyId: string;
  readonly #keys = new Map<string, Buffer>();

  /** `keys[0]` encrypts; every key in the list decrypts. Keys are base64, 32 bytes. */
  constructor(keys: readonly string[]) {
    if (keys.length === 0) throw new Error("SecretBox needs at least one key");
    for (const encoded of keys) {
      const key = Buffer.from(encoded, "base64");
      if (key.length !== 32) throw new Error("Encryption keys must be 32 bytes, base64-encoded (openssl rand -base64 32)");
      this.#keys.set(keyIdOf(key), key);
    }
    this.currentKeyId = keyIdOf(Buffer.from(keys[0]!, "base64"));
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return ["v1", this.currentKeyId, iv.toString("base64url"), data.toString("base64url")].join(".");
  }

  decrypt(sealed: string, context: string): string {
    const [version, keyId, iv, data] = sealed.split(".");
    if (version !== "v1" || !keyId || !iv || !data) throw new Error("Not an encrypted secret");
    const key = this.#keys.get(keyId);
    if (!key) throw new Error(`Secret was encrypted with key ${keyId}, which is not configured`);
    const bytes = Buffer.from(data, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString("utf8");
  }

  /** True when `sealed` was made with an older key and should be re-encrypted. */
  needsRotation(sealed: string): boolean {
    return sealed.split(".")[1] !== this.currentKeyId;
  }
}

function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

let fromEnv: SecretBox | undefined;

/** The process-wide box built from the environment (see the module comment). */
// eslint-disable-next-line no-restricted-properties -- the keys' one reader, like an env.ts
export function secrets(source: Record<string, string | undefined> = process.env): SecretBox {
  // eslint-disable-next-line no-restricted-properties -- see above
  if (source !== process.env) return boxFrom(source);
  fromEnv ??= boxFrom(source);
  return fromEnv;
}

function boxFrom(source: Record<string, string | undefined>): SecretBox {
  const current = source["ATRIUM_ENCRYPTION_KEY"] || DEV_ENCRYPTION_KEY;
  const previous = (source["ATRIUM_ENCRYPTION_KEYS_PREVIOUS"] ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  return new SecretBox([current, ...previous]);
}
