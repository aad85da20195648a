/**
 * OpenID Provider discovery: reads `.well-known/openid-configuration` and
 * keeps the values a connection needs (the UserInfo endpoint is optional in
 * the document, and read when an id_token lacks the mapped claims). The document's issuer must be
 * the URL it was served under (OpenID Connect Discovery §4.3).
 */
import { z } from "zod";
import { AppError } from "../errors.ts";

const ZDiscovery = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
});

export interface OidcEndpoints {
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  userinfoUrl: string | null;
}

export async function discoverOidc(discoveryUrl: string): Promise<OidcEndpoints> {
  const fail = (why: string) =>
    new AppError("BAD_REQUEST", { message: `OIDC discovery failed for ${discoveryUrl}: ${why}`, userMessage: `The discovery URL could not be used: ${why}.` });
  let body: unknown;
  try {
    const response = await fetch(discoveryUrl, { headers: { accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw fail(`it answered HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fail("it could not be fetched as JSON");
  }
  const parsed = ZDiscovery.safeParse(body);
  if (!parsed.success) throw fail("the document lacks issuer, authorization_endpoint, token_endpoint or jwks_uri");
  const expectedIssuer = discoveryUrl.replace(/\/\.well-known\/openid-configuration$/, "");
  if (parsed.data.issuer.replace(/\/$/, "") !== expectedIssuer.replace(/\/$/, "")) throw fail(`its issuer ${parsed.data.issuer} does not match the URL`);
  return { issuer: parsed.data.issuer, authorizationUrl: parsed.data.authorization_endpoint, tokenUrl: parsed.data.token_endpoint, jwksUrl: parsed.data.jwks_uri, userinfoUrl: parsed.data.userinfo_endpoint ?? null };
}
