import { describe, expect, it } from "vitest";
import { DEV_ENCRYPTION_KEY, loadApiEnv } from "./env.ts";

const base = { DATABASE_URL: "postgresql://localhost/atrium" };

describe("API configuration", () => {
  it("refuses to start in production with the development key or without HTTPS, saying what to set", () => {
    expect(() => loadApiEnv({ ...base, NODE_ENV: "production", ATRIUM_ENCRYPTION_KEY: DEV_ENCRYPTION_KEY })).toThrow(
      /ATRIUM_ENCRYPTION_KEY: set a secret key[\s\S]*ATRIUM_PUBLIC_URL: set the https:\/\//,
    );
  });

  it("starts in production with a real key and an https address", () => {
    const env = loadApiEnv({
      ...base,
      NODE_ENV: "production",
      ATRIUM_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      ATRIUM_PUBLIC_URL: "https://atrium.example.com",
    });
    expect(env.ATRIUM_PUBLIC_URL).toBe("https://atrium.example.com");
  });

  it("rejects a key that is not 32 bytes", () => {
    expect(() => loadApiEnv({ ...base, ATRIUM_ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(/must be 32 bytes/);
  });
});

describe("licence configuration", () => {
  it("reads the vendor's public keys from a JWKS and refuses anything else, saying what it expects", () => {
    const env = loadApiEnv({ ...base, ATRIUM_LICENSE: " eyJ.a.b ", ATRIUM_LICENSE_PUBLIC_KEYS: JSON.stringify({ keys: [{ kty: "OKP", crv: "Ed25519", x: "abc", kid: "kid-12345678" }] }) });
    expect(env.ATRIUM_LICENSE).toBe("eyJ.a.b");
    expect(env.ATRIUM_LICENSE_PUBLIC_KEYS).toEqual([{ kty: "OKP", crv: "Ed25519", x: "abc", kid: "kid-12345678", alg: "EdDSA", use: "sig" }]);
    expect(loadApiEnv(base).ATRIUM_LICENSE_PUBLIC_KEYS).toEqual([]);
    expect(() => loadApiEnv({ ...base, ATRIUM_LICENSE_PUBLIC_KEYS: "not json" })).toThrow(/must be a JWKS/);
  });
});
