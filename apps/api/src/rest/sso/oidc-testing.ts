/**
 * Test helpers for the OIDC surface: oidc-provider (through the sandbox's
 * createOidcProvider) served in-process on its own port, replaceable under the
 * same issuer (to roll its signing key over), and a browser that signs in
 * through our endpoints and the provider's login page.
 */
import { createServer, type Server } from "node:http";
import type { Db } from "@atrium/db";
import { createOidcProvider, HttpBrowser, type OidcProviderOptions } from "@atrium/sso-sandbox";
import { afterAll, expect } from "vitest";

export const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));

/** A confidential client registered at the provider (secret `<id>-secret`). */
export const opClient = (apiUrl: string, client_id: string) => ({
  client_id,
  client_secret: `${client_id}-secret`,
  redirect_uris: [`${apiUrl}/auth/oidc/registered-later/callback`],
  grant_types: ["authorization_code"],
  response_types: ["code"] as ["code"],
  token_endpoint_auth_method: "client_secret_basic" as const,
});

export interface TestOp {
  /** http://127.0.0.1:<port> */
  url: string;
  issuer: string;
  discoveryUrl: string;
  /** Serves a new provider under the same issuer from now on (e.g. with another signing key). */
  replace(options: Omit<OidcProviderOptions, "issuer" | "allowLoopbackRedirects">): void;
}

/** Starts an OpenID Provider (oidc-provider, its defaults unless options say otherwise) at `<url>/oidc`; closed after the file's tests. */
export async function startTestOp(options: Omit<OidcProviderOptions, "issuer" | "allowLoopbackRedirects">): Promise<TestOp> {
  let current: ReturnType<typeof createOidcProvider> | undefined;
  const server = createServer((req, res) => {
    void current!.handle(req, res).then((handled) => handled || res.writeHead(404).end());
  });
  const url = await listen(server);
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const issuer = `${url}/oidc`;
  const replace = (next: Omit<OidcProviderOptions, "issuer" | "allowLoopbackRedirects">) => {
    current = createOidcProvider({ ...next, issuer, allowLoopbackRedirects: true });
  };
  replace(options);
  return { url, issuer, discoveryUrl: `${issuer}/.well-known/openid-configuration`, replace };
}

/** Our login → the provider's login page → choose a person → back to our callback; returns our callback's answer. */
export async function oidcSignIn(apiUrl: string, op: { url: string }, connectionId: string, sub: string, browser = new HttpBrowser()) {
  const start = await browser.follow(`${apiUrl}/auth/oidc/${connectionId}/login`);
  expect(start.response.status).toBe(200);
  expect(start.url).toMatch(new RegExp(`^${op.url}/oidc/interaction/`));
  await start.response.text();
  const done = await browser.follow(
    start.url,
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `sub=${sub}` },
    (next) => next.pathname.startsWith("/admin"),
  );
  return { browser, response: done.response, callbackUrl: done.url, session: browser.cookie(new URL(apiUrl).host, "atrium_session") };
}

export async function lastRefusal(db: Db) {
  const event = await db.auditEvent.findFirst({ where: { action: "sso.login", status: "denied" }, orderBy: { occurredAt: "desc" }, select: { details: true } });
  return event?.details as { reason: string; detail: string } | undefined;
}

/** The generic 401 page for the person, the exact reason in the audit log. */
export async function expectRefused(db: Db, response: Response, reason: string) {
  expect(response.status).toBe(401);
  const page = await response.text();
  expect(page).toContain("Sign-in failed");
  expect(page).not.toContain(reason);
  const refusal = await lastRefusal(db);
  expect(refusal?.reason, refusal?.detail).toBe(reason);
}

/** The e-mail of the account a session cookie belongs to (auth.me). */
export async function whoIs(apiUrl: string, session: string): Promise<string> {
  const me = await fetch(`${apiUrl}/trpc/auth.me`, { headers: { cookie: `atrium_session=${session}` } });
  return ((await me.json()) as { result: { data: { json: { user: { email: string } } } } }).result.data.json.user.email;
}
