/**
 * An access token from Atrium's OpenID Provider for the benchmark, obtained
 * as a relying party would: the person signs in to Atrium (session cookie),
 * the browser follows the authorization request (code, PKCE S256, the
 * `organization` parameter) to the application's redirect URI, and the
 * application redeems the code at the token endpoint with its secret key.
 */
import { createHash, randomBytes } from "node:crypto";
import { DEMO_APPLICATION } from "@atrium/core/seed";

const REDIRECT_URI = "http://localhost:3100/callback";

export const clientBasic = () =>
  `Basic ${Buffer.from(`${encodeURIComponent(DEMO_APPLICATION.slug)}:${encodeURIComponent(DEMO_APPLICATION.secretKey)}`).toString("base64")}`;

export async function demoAccessToken(apiUrl: string, sessionCookie: string, organization: string): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const query = new URLSearchParams({
    client_id: DEMO_APPLICATION.slug,
    response_type: "code",
    scope: "openid organization",
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: randomBytes(8).toString("hex"),
    organization,
  });
  const jar = new Map<string, string>([sessionCookie.split("=", 2) as [string, string]]);
  let next = `${apiUrl}/oidc/auth?${query}`;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(next, { redirect: "manual", headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get("location");
    if (!location) throw new Error(`the authorization request stopped at ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const target = new URL(location, next);
    if (target.href.startsWith(REDIRECT_URI)) {
      const code = target.searchParams.get("code");
      if (!code) throw new Error(`the provider answered ${target.search}`);
      return redeem(apiUrl, code, verifier);
    }
    next = target.href;
  }
  throw new Error("too many redirects in the authorization request");
}

async function redeem(apiUrl: string, code: string, verifier: string): Promise<string> {
  const response = await fetch(`${apiUrl}/oidc/token`, {
    method: "POST",
    headers: { authorization: clientBasic(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: REDIRECT_URI }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || !body.access_token) throw new Error(`the token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}
