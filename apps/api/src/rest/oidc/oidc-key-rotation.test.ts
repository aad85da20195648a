/**
 * Signing-key rotation without a restart: two API instances on one database
 * each publish the new JWKS and sign with the new active key within seconds
 * of `rotateSigningKeys` (what `npm run oidc:rotate-keys` runs), an
 * independent relying party (openid-client, checking the id_token's
 * signature against the JWKS) accepts the new tokens, and a token signed by
 * the retired key still verifies.
 */
import { systemActor } from "@atrium/core/actor";
import { loadSigningJwks, rotateSigningKeys } from "@atrium/core/oidc-provider";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../../testing.ts";
import { startSecondInstance } from "../../testing-instances.ts";
import { DEMO_CLIENT, discover, oidc, signIn } from "./oidc-testing.ts";

const a = await startTestApi();
const b = await startSecondInstance(a); // its own key cache, the same database

/** openid-client, with the id_token's signature checked against the issuer's JWKS (its non-repudiation checks). */
const relyingParty = async (api: TestApi) => {
  const config = await discover(api);
  oidc.enableNonRepudiationChecks(config);
  return config;
};

const publishedKids = async (api: TestApi) => ((await (await fetch(`${api.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

/** Polls until `read` returns `expected` (the instances check their key set at most once a second); gives up after 5 s. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const until = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) === JSON.stringify(expected) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("OpenID Provider signing-key rotation", () => {
  it("both instances publish and sign with the new key within seconds, without a restart", async () => {
    const [rpA, rpB] = [await relyingParty(a), await relyingParty(b)];
    const [active, next] = (await loadSigningJwks(a.db)).keys.map((k) => k.kid);
    const before = await signIn(a, rpA, await a.signedIn("sam.patel@acme.example"));
    expect(decodeProtectedHeader(before.id_token!).kid).toBe(active);
    expect(decodeProtectedHeader((await signIn(b, rpB, await b.signedIn("lee.chen@acme.example"))).id_token!).kid).toBe(active);
    expect(await publishedKids(b)).toEqual([active, next]);

    const { activeKid } = await rotateSigningKeys(a.db, systemActor("test"));
    expect(activeKid).toBe(next);
    const published = (await loadSigningJwks(a.db)).keys.map((k) => k.kid);
    expect(published).toEqual([next, expect.stringMatching(/^atrium-rs256-/), active]);

    expect(await eventually(() => publishedKids(a), published)).toEqual(published);
    expect(await eventually(() => publishedKids(b), published)).toEqual(published);
    for (const [api, rp, email] of [[a, rpA, "sam.patel@acme.example"], [b, rpB, "lee.chen@acme.example"]] as const) {
      const tokens = await signIn(api, rp, await api.signedIn(email));
      expect(decodeProtectedHeader(tokens.id_token!).kid).toBe(next);
      expect(tokens.claims()).toMatchObject({ iss: `${api.url}/oidc`, aud: DEMO_CLIENT.id });
    }

    // What the retired key signed still verifies against the published keys.
    const { protectedHeader } = await jwtVerify(before.id_token!, createRemoteJWKSet(new URL(`${a.url}/oidc/jwks`)), { issuer: `${a.url}/oidc`, audience: DEMO_CLIENT.id });
    expect(protectedHeader.kid).toBe(active);
  });
});
