import { createServer } from "node:http";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { FORCED_REFETCH_INTERVAL_MS, jwksFor } from "./oidc-jwks.ts";

/** A JWKS endpoint whose key set can be replaced, counting its fetches. */
const served: { keys: JWK[]; fetches: number } = { keys: [], fetches: 0 };
const server = createServer((_req, res) => {
  served.fetches++;
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: served.keys }));
});
const base = await new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function signingKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }, sign: () => new SignJWT({}).setProtectedHeader({ alg: "RS256", kid }).setSubject("s").sign(privateKey) };
}
let clock = 1_000_000;
const verdict = (token: Promise<string>, url: string) =>
  token.then((t) => jwtVerify(t, jwksFor(url, () => clock))).then(
    () => "verified",
    (error: Error) => error.name,
  );

describe("the JWKS cache", () => {
  it("fetches again at once for an unknown kid: a rolled-over key verifies on the first try", async () => {
    const url = `${base}/rollover`;
    const [old, next] = [await signingKey("old"), await signingKey("next")];
    served.keys = [old.jwk];
    expect(await verdict(old.sign(), url)).toBe("verified");
    served.keys = [next.jwk];
    expect(await verdict(next.sign(), url)).toBe("verified");
  });

  it("forces at most one refetch per interval for tokens with an unknown kid, however many arrive", async () => {
    const url = `${base}/burst`;
    const [known, forged] = [await signingKey("known"), await signingKey("forged")];
    served.keys = [known.jwk];
    expect(await verdict(known.sign(), url)).toBe("verified");
    served.fetches = 0;
    const results = await Promise.all(Array.from({ length: 5 }, () => verdict(forged.sign(), url)));
    expect(results).toEqual(Array(5).fill("JWKSNoMatchingKey"));
    clock += FORCED_REFETCH_INTERVAL_MS - 1;
    expect(await verdict(forged.sign(), url)).toBe("JWKSNoMatchingKey");
    expect(served.fetches).toBe(1);
    clock += 1;
    expect(await verdict(forged.sign(), url)).toBe("JWKSNoMatchingKey");
    expect(served.fetches).toBe(2);
  });
});
