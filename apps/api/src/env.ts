/**
 * The API's configuration, validated once at start. In production it refuses
 * to start with a development secret or without HTTPS, saying what to set.
 */
import { resolve } from "node:path";
import { DEV_ENCRYPTION_KEY } from "@atrium/core/secrets";
import { ZStripeEnv } from "@atrium/core/billing";
import type { LicensePublicKey } from "@atrium/license";
import { REPO_ROOT } from "@atrium/db/env";
import { z } from "zod";

export { DEV_ENCRYPTION_KEY };

const ZJwks = z.object({ keys: z.array(z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().min(1), kid: z.string().min(1) })).min(1) });

const ZApiEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  ATRIUM_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  ATRIUM_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded (openssl rand -base64 32)")
    .default(DEV_ENCRYPTION_KEY),
  ATRIUM_METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ATRIUM_DATA_DIR: z.string().min(1).default(".data"),
  /** A licence key (docs/LICENSING.md): installed at start for the organization it names. */
  ATRIUM_LICENSE: z.string().trim().min(1).optional(),
  /** The vendor's licence public keys (a JWKS, `{"keys":[…]}`), besides this installation's own signing keys. */
  ATRIUM_LICENSE_PUBLIC_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return [];
      try {
        const parsed = ZJwks.parse(JSON.parse(value));
        return parsed.keys.map((k): LicensePublicKey => ({ kty: k.kty, crv: k.crv, x: k.x, kid: k.kid, alg: "EdDSA", use: "sig" }));
      } catch {
        ctx.addIssue({ code: "custom", message: 'must be a JWKS: {"keys":[{"kty":"OKP","crv":"Ed25519","x":"…","kid":"…"}]}' });
        return z.NEVER;
      }
    }),
  ...ZStripeEnv.shape,
});

export type ApiEnv = Omit<z.infer<typeof ZApiEnv>, "ATRIUM_PUBLIC_URL"> & {
  ATRIUM_PUBLIC_URL: string;
  /** Where the worker writes mail when no SMTP server is configured (shown at /dev/mail). */
  mailDir: string;
};

export function loadApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const parsed = ZApiEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid API configuration:\n${z.prettifyError(parsed.error)}`);
  const base = source["ATRIUM_DATA_DIR"] ? (source["INIT_CWD"] ?? process.cwd()) : REPO_ROOT;
  const env = {
    ...parsed.data,
    ATRIUM_PUBLIC_URL: parsed.data.ATRIUM_PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`,
    mailDir: resolve(base, parsed.data.ATRIUM_DATA_DIR, "mail"),
  };
  if (env.NODE_ENV === "production") {
    const problems: string[] = [];
    if (!source["ATRIUM_ENCRYPTION_KEY"] || env.ATRIUM_ENCRYPTION_KEY === DEV_ENCRYPTION_KEY) {
      problems.push("ATRIUM_ENCRYPTION_KEY: set a secret key (openssl rand -base64 32); the development key is public.");
    }
    if (!env.ATRIUM_PUBLIC_URL.startsWith("https://")) {
      problems.push("ATRIUM_PUBLIC_URL: set the https:// address users reach Atrium at (cookies are Secure in production).");
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      problems.push("STRIPE_WEBHOOK_SECRET: set the signing secret of the /webhooks/stripe endpoint (whsec_…) to accept Stripe events.");
    }
    if (problems.length) throw new Error(`Refusing to start in production:\n- ${problems.join("\n- ")}`);
  }
  return env;
}
