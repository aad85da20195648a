/**
 * POST /v1/authorize with access tokens as principals, over real HTTP: the
 * tokens come from Atrium's OpenID Provider through an independent relying
 * party (openid-client) signing a person in, as the product would. A token
 * counts only while the provider holds it active, only for the application
 * it was issued to, and only for the organization its grant was given for.
 */
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { discover, oidc, signIn } from "../oidc/oidc-testing.ts";
import { newApplication, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const config = await discover(api);
const call = v1Caller(api);
const org = api.demo.organizations;
const acme = org["acme"]!;
const avery = api.demo.users["admin@acme.example"]!;
const lee = api.demo.users["lee.chen@acme.example"]!;

type TResult = { allowed: boolean; reason: string; explanation: string };
const tokenCheck = (token: string, organizationId: string, permission: string) => ({ principal: { type: "access_token", token }, organizationId, permission });

async function decide(checks: unknown[], caller = call, requestId?: string): Promise<TResult[]> {
  const response = await caller("POST", "/v1/authorize", { checks }, requestId ? { "x-request-id": requestId } : {});
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { results: TResult[] }).results;
}

/** An access token of demo-product for the person, issued for the organization named. */
async function accessToken(email: string, organization: string) {
  const browser = await api.signedIn(email);
  return (await signIn(api, config, browser, { organization })).access_token;
}

const INACTIVE = { allowed: false, reason: "token_inactive", explanation: "the access token is not active: unknown, expired or revoked" };

describe("POST /v1/authorize with an access token as principal", () => {
  it("decides as for the token's person, in the token's organization", async () => {
    const token = await accessToken("lee.chen@acme.example", acme);
    expect(await decide([tokenCheck(token, acme, "org:read"), tokenCheck(token, acme, "members:invite"), { principal: { type: "user", id: lee }, organizationId: acme, permission: "org:read" }])).toEqual([
      { allowed: true, reason: "granted", explanation: `role "member" in organization ${acme} grants org:read` },
      { allowed: false, reason: "not_granted", explanation: `role "member" in organization ${acme} does not grant members:invite` },
      { allowed: true, reason: "granted", explanation: `role "member" in organization ${acme} grants org:read` },
    ]);
  });

  it("a token issued for one organization is denied in another, even one where its person is owner", async () => {
    const acmeEmea = org["acmeEmea"]!;
    const token = await accessToken("admin@acme.example", acme);
    expect(await decide([tokenCheck(token, acmeEmea, "org:read"), tokenCheck(token, acme, "org:read")])).toEqual([
      { allowed: false, reason: "token_organization_mismatch", explanation: `the access token was issued for organization ${acme}, not ${acmeEmea}` },
      { allowed: true, reason: "granted", explanation: `role "owner" in organization ${acme} grants org:read` },
    ]);
    // The same person by user id is an owner there: only the token is bound.
    expect(await decide([{ principal: { type: "user", id: avery }, organizationId: acmeEmea, permission: "org:read" }])).toEqual([
      { allowed: true, reason: "granted", explanation: `role "owner" in organization ${acmeEmea} grants org:read` },
    ]);
  });

  it("a revoked token, an expired token and a string Atrium never issued are token_inactive", async () => {
    const revoked = await accessToken("lee.chen@acme.example", acme);
    expect((await decide([tokenCheck(revoked, acme, "org:read")]))[0]!.allowed).toBe(true);
    await oidc.tokenRevocation(config, revoked);
    expect(await decide([tokenCheck(revoked, acme, "org:read")])).toEqual([INACTIVE]);

    const expired = await accessToken("lee.chen@acme.example", acme);
    expect((await decide([tokenCheck(expired, acme, "org:read")]))[0]!.allowed).toBe(true);
    // As ten minutes would leave it: its exp and the row's expiry in the past.
    const updated = await api.db.$executeRaw`
      UPDATE oidc_provider_records SET payload = jsonb_set(payload, '{exp}', to_jsonb(extract(epoch FROM now())::int - 1)), expires_at = now() - interval '1 second'
       WHERE model = 'AccessToken' AND id = ${expired}`;
    expect(updated).toBe(1);
    expect(await decide([tokenCheck(expired, acme, "org:read")])).toEqual([INACTIVE]);

    expect(await decide([tokenCheck("x".repeat(43), acme, "org:read")])).toEqual([INACTIVE]);
  });

  it("another application's call with this application's token is token_not_for_application", async () => {
    const other = await newApplication(api, "token-bench-other");
    const token = await accessToken("lee.chen@acme.example", acme);
    expect(await decide([tokenCheck(token, acme, "org:read")], v1Caller(api, other.key.token))).toEqual([
      { allowed: false, reason: "token_not_for_application", explanation: "the access token was issued to another application" },
    ]);
    expect((await decide([tokenCheck(token, acme, "org:read")]))[0]!.allowed).toBe(true);
  });

  it("records each token denial with the token's person and never the token", async () => {
    const token = await accessToken("lee.chen@acme.example", acme);
    const requestId = "authorize-token-audit-1";
    await decide([tokenCheck(token, org["globex"]!, "org:read"), tokenCheck("never-issued", acme, "org:read")], call, requestId);
    await api.app.v1.flushAudit();
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { requestId }, select: { details: true } });
    expect(event.details).toEqual({
      checks: 2,
      allowed: 0,
      denied: 2,
      organizations: [org["globex"], acme],
      denials: [
        { organizationId: org["globex"], userId: lee, principal: "access_token", permission: "org:read", reason: "token_organization_mismatch" },
        { organizationId: acme, userId: null, principal: "access_token", permission: "org:read", reason: "token_inactive" },
      ],
    });
    expect(JSON.stringify(event.details)).not.toContain(token);
  });
});
