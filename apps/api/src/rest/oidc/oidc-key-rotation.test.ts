/**
 * Signing-key rotation without a restart: two API instances on one database
 * each publish the new JWKS and sign with the new active key within seconds
 * of `rotateSigningKeys` (what `npm run oidc:rotate-keys` runs), an
 * independent relying party (openid-client, checking the id_token's
 * signature against the JWKS) accepts the new tokens, and a token signed by
 * the retired key still verifies.
 */
import { freePort } from "@atrium/db/embedded";
import { systemActor } from "@atrium/core/actor";
import { loadSigningJwks, rotateSigningKeys } from "@atrium/core/oidc-provider";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiEnv } from "../../env.ts";
import { buildServer } from "../../server.ts";
import { startTestApi, type TestApi, type TestClient } from "../../testing.ts";
import { DEMO_CLIENT, discover, oidc, signIn } from "./oidc-testing.ts";

const a = await startTestApi();
const b = await secondInstance(a);

/** Another API process on the same database (its own port and public URL), with a cookie-keeping client like the test API's. */
async function secondInstance(first: TestApi): Promise<TestApi> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await buildServer({ db: first.db, env: loadApiEnv({ NODE_ENV: "test", DATABASE_URL: first.databaseUrl, PORT: String(port), ATRIUM_PUBLIC_URL: url, LOG_LEVEL: "error" }) });
  await server.listen({ host: "127.0.0.1", port });
  afterAll(() => server.close());
  const client = (): TestClient => {
    const cookies = new Map<string, string>();
    const fetchWithCookies = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set("origin", url);
      if (cookies.size) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
      const response = await fetch(`${url}${path}`, { ...init, headers });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair, ...attributes] = cookie.split(";");
        const [name, value] = pair!.split("=") as [string, string];
        if (value === "" || attributes.some((x) => /^\s*max-age=0$/i.test(x))) cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    };
    return { trpc: null as never, cookies, fetch: fetchWithCookies };
  };
  return {
    ...first,
    url,
    app: server,
    client,
    async signedIn(email) {
      const c = client();
      const login = await c.fetch("/trpc/auth.login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { email, password: DEMO_PASSWORD } }) });
      expect(login.status).toBe(200);
      return c;
    },
  };
}

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
