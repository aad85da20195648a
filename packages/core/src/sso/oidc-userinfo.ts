/**
 * UserInfo (OpenID Connect Core §5.3, §5.4): in the code flow an OP may put
 * the profile claims (email, name, groups …) only at its UserInfo endpoint, so
 * the id_token holds little more than `sub`. When the id_token lacks a mapped
 * claim and the connection knows the endpoint, we call it with the access
 * token, in this order:
 *
 *  1. an access token was issued                        → userinfo_failed
 *  2. HTTP 200 with a JSON object (not a JWT)           → userinfo_failed
 *  3. its `sub` equals the id_token's (§5.3.2)          → userinfo_sub_mismatch
 *
 * A UserInfo answered as a JWT (`application/jwt`, signed and/or encrypted,
 * sent only when the client is registered for it) is refused with a reason
 * saying so: Atrium never registers for it, and one format means one
 * verification path to get right.
 *
 * Claims are merged: UserInfo's win, the id_token's fill what UserInfo lacks;
 * groups may come from either. `email_verified` is read from the same source
 * as the e-mail it speaks about.
 */
import type { JWTPayload } from "jose";
import type { AttributeMapping } from "./presets.ts";
import { SsoLoginError } from "./login-error.ts";

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 256 * 1024;

/** Whether the id_token lacks a claim the mapping reads (e-mail, name or groups). */
export function lacksMappedClaims(claims: Record<string, unknown>, mapping: AttributeMapping): boolean {
  return [mapping.email, mapping.name, mapping.groups].some((key) => key !== undefined && key !== "" && claims[key] === undefined);
}

/** Calls the UserInfo endpoint with the access token; the claims it returns, checked against the id_token's sub. */
export async function readUserInfo(url: string, accessToken: string | null, sub: string): Promise<Record<string, unknown>> {
  if (!accessToken) throw new SsoLoginError("userinfo_failed", "The id_token lacks the mapped claims and the provider issued no access token to read UserInfo with.");
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new SsoLoginError("userinfo_failed", `The UserInfo endpoint ${url} could not be reached: ${(error as Error).message}`.slice(0, 500));
  }
  const text = await response.text();
  if (!response.ok) throw new SsoLoginError("userinfo_failed", `The UserInfo endpoint answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/jwt") {
    throw new SsoLoginError(
      "userinfo_failed",
      "The UserInfo endpoint answered a JWT (application/jwt); Atrium reads UserInfo as plain JSON. Set the client's UserInfo response to unsigned JSON at the provider.",
    );
  }
  let body: unknown;
  try {
    if (text.length > MAX_BYTES) throw new Error("too large");
    body = JSON.parse(text);
  } catch {
    throw new SsoLoginError("userinfo_failed", "The UserInfo endpoint did not answer a JSON object.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new SsoLoginError("userinfo_failed", "The UserInfo endpoint did not answer a JSON object.");
  const claims = body as Record<string, unknown>;
  if (claims["sub"] !== sub) {
    throw new SsoLoginError("userinfo_sub_mismatch", `UserInfo is about sub ${JSON.stringify(claims["sub"] ?? null).slice(0, 200)}, the id_token about ${sub.slice(0, 200)}.`);
  }
  return claims;
}

/**
 * Whether the source vouches for its `email`: `email_verified` true (the
 * string "true" too, as some OPs send it), or Entra ID's `xms_edov` (the
 * domain owner verified the address's domain). A mapping that reads the
 * e-mail from another claim than `email` (a UPN, a username) has no such
 * statement: unverified.
 */
function emailVerifiedIn(source: Record<string, unknown>, emailKey: string | undefined): boolean {
  if (emailKey !== "email") return false;
  const verified = source["email_verified"];
  return verified === true || verified === "true" || (verified === undefined && source["xms_edov"] === true);
}

/** The id_token's claims merged with UserInfo's (UserInfo wins), and whether the mapped e-mail is verified. */
export function mergeClaims(idToken: JWTPayload, userinfo: Record<string, unknown> | null, mapping: AttributeMapping): { attributes: Record<string, unknown>; emailVerified: boolean } {
  const fromIdToken = idToken as Record<string, unknown>;
  if (!userinfo) return { attributes: fromIdToken, emailVerified: emailVerifiedIn(fromIdToken, mapping.email) };
  const emailSource = mapping.email && userinfo[mapping.email] !== undefined ? userinfo : fromIdToken;
  return { attributes: { ...fromIdToken, ...userinfo }, emailVerified: emailVerifiedIn(emailSource, mapping.email) };
}
