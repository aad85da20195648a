import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox, secrets } from "./box.ts";

const key = () => randomBytes(32).toString("base64");

describe("SecretBox", () => {
  it("round-trips a secret bound to its context, with a fresh IV each time", () => {
    const box = new SecretBox([key()]);
    const a = box.encrypt("client-secret", "sso_connections.client_secret:1");
    const b = box.encrypt("client-secret", "sso_connections.client_secret:1");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(box.decrypt(a, "sso_connections.client_secret:1")).toBe("client-secret");
  });

  it("refuses a ciphertext moved to another context or altered", () => {
    const box = new SecretBox([key()]);
    const sealed = box.encrypt("s3cret", "row:1");
    expect(() => box.decrypt(sealed, "row:2")).toThrow();
    const parts = sealed.split(".");
    const data = Buffer.from(parts[3]!, "base64url");
    data[0] = data[0]! ^ 1;
    expect(() => box.decrypt([...parts.slice(0, 3), data.toString("base64url")].join("."), "row:1")).toThrow();
  });

  it("opens old ciphertexts after a rotation and says which need re-encrypting", () => {
    const [oldKey, newKey] = [key(), key()];
    const sealed = new SecretBox([oldKey]).encrypt("token", "ctx");
    const rotated = new SecretBox([newKey, oldKey]);
    expect(rotated.decrypt(sealed, "ctx")).toBe("token");
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt("token", "ctx"))).toBe(false);
    expect(() => new SecretBox([newKey]).decrypt(sealed, "ctx")).toThrow(/not configured/);
  });

  it("reads the current and previous keys from the environment", () => {
    const [current, previous] = [key(), key()];
    const sealed = new SecretBox([previous]).encrypt("x", "ctx");
    const box = secrets({ ATRIUM_ENCRYPTION_KEY: current, ATRIUM_ENCRYPTION_KEYS_PREVIOUS: previous });
    expect(box.decrypt(sealed, "ctx")).toBe("x");
    expect(() => secrets({ ATRIUM_ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(/32 bytes/);
  });
});
