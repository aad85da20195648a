/**
 * Test helpers for Atrium's OpenID Provider: an independent relying party
 * (openid-client) configured by discovery against /oidc, and a browser (a
 * TestClient's cookie jar) that follows the provider's redirects until the
 * application's redirect URI, a page, or another stop.
 */
import { randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import type { TestApi, TestClient } from "../../testing.ts";

export const DEMO_CLIENT = { id: "demo-product", secret: "atrium_sk_demo_product", redirectUri: "http://localhost:3100/callback", postLogout: "http://localhost:3100/" };

export async function discover(api: TestApi, clientId = DEMO_CLIENT.id, secret = DEMO_CLIENT.secret): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(`${api.url}/oidc`), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
}

export interface Stop {
  /** The last response's status. */
  status: number;
  /** Where the provider sent the browser outside Atrium (the application's redirect URI), if it did. */
  redirect?: URL;
  /** An Atrium page it stopped at (a redirect to the SPA sign-in, or HTML). */
  location?: string;
  html?: string;
}

/** Follows redirects within Atrium from `start` (absolute URL or path); stops at the first one leaving it, the SPA, or a page. */
export async function follow(api: TestApi, browser: TestClient, start: string, init?: RequestInit): Promise<Stop> {
  let next = start.startsWith(api.url) ? start.slice(api.url.length) : start;
  let request: RequestInit | undefined = init;
  for (let hop = 0; hop < 10; hop++) {
    const response = await browser.fetch(next, { redirect: "manual", ...request });
    request = undefined;
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, `${api.url}${next}`);
      if (target.origin !== api.url) return { status: response.status, redirect: target };
      if (!target.pathname.startsWith("/oidc/")) return { status: response.status, location: `${target.pathname}${target.search}` };
      next = `${target.pathname}${target.search}`;
      continue;
    }
    return { status: response.status, html: await response.text() };
  }
  throw new Error("too many redirects");
}

export interface Authorization {
  url: URL;
  verifier: string;
  state: string;
}

/** An authorization request as an RP makes it: code, PKCE S256, state, nonce. */
export async function authorizationRequest(config: oidc.Configuration, params: Record<string, string> = {}): Promise<Authorization> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: DEMO_CLIENT.redirectUri,
    scope: "openid email profile organization",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    ...params,
  });
  return { url, verifier, state };
}

/** Signs in through the provider with the browser's Atrium session and returns the tokens. */
export async function signIn(api: TestApi, config: oidc.Configuration, browser: TestClient, params: Record<string, string> = {}) {
  const request = await authorizationRequest(config, params);
  const stop = await follow(api, browser, request.url.href);
  if (!stop.redirect) throw new Error(`sign-in stopped at ${stop.status} ${stop.location ?? stop.html?.slice(0, 200)}`);
  return oidc.authorizationCodeGrant(config, stop.redirect, { pkceCodeVerifier: request.verifier, expectedState: request.state });
}

export const randomSecret = () => `atrium_sk_${randomBytes(32).toString("base64url")}`;
export { oidc };
