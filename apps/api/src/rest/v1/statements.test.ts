/**
 * What the product's hot calls cost in statements (every statement any
 * client of this process sends to PostgreSQL while the call runs): a
 * /v1/authorize call sends one whatever its batch (the key with its rate-limit
 * bucket, every access token it names with its grant, and every (person,
 * organization) pair's access, a token's person included); its audit record is appended later, with the others queued beside it, in one
 * statement: audit-buffer.test.ts); an introspection sends one (the client with its keys and the
 * token the request names, as an access token and as a refresh token, each with its grant and
 * session). A SCIM creation that stays unlinked (what a first sync sends per user) costs three
 * round trips: the token with its rate limit; BEGIN, the externalId lock and the checked insert;
 * the link issue, the statistics, the audit events and COMMIT. A lookup by userName costs one.
 */
import { PERMISSIONS } from "@atrium/rbac";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { newUser, scimClient, scimToken } from "../scim/scim-testing.ts";
import { DEMO_CLIENT, discover, signIn } from "../oidc/oidc-testing.ts";
import { v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const call = v1Caller(api);
const acme = api.demo.organizations["acme"]!;
const user = api.demo.users;

const sent: string[] = [];
let counting = false;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const q = args[0] as string | { text: string };
    sent.push((typeof q === "string" ? q : q.text).replace(/\s+/g, " ").trim());
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
afterAll(() => {
  pg.Client.prototype.query = query;
});

/**
 * The statements sent while `run` runs, but the background ones whose timers may fire meanwhile: the
 * audit buffer's appends (counted apart: audit-buffer.test.ts) and the provider's signing-key poll
 * (key-following.ts, once a second).
 */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  sent.length = 0;
  counting = true;
  try {
    await run();
  } finally {
    counting = false;
  }
  // The SCIM request log is written in batches on a timer too (requests.ts).
  return sent.filter((s) => !s.startsWith("INSERT INTO audit_events") && !s.startsWith("SELECT md5(coalesce(string_agg(id::text") && !s.startsWith("INSERT INTO scim_requests"));
}

const check = (email: string, permission: string) => ({ principal: { type: "user", id: user[email] }, organizationId: acme, permission });

describe("statements per hot call", () => {
  it("POST /v1/authorize with one check: one statement", async () => {
    await call("POST", "/v1/authorize", { checks: [check("admin@acme.example", "org:read")] }); // the key's last use is written once a minute
    const statements = await statementsOf(async () => {
      const response = await call("POST", "/v1/authorize", { checks: [check("admin@acme.example", "members:invite")] });
      expect(response.status).toBe(200);
    });
    expect(statements).toEqual([expect.stringMatching(/^WITH k AS/)]);
  });

  it("POST /v1/authorize with 100 checks over four people: still one statement", async () => {
    const people = ["admin@acme.example", "sam.patel@acme.example", "lee.chen@acme.example", "auditor@acme.example"];
    const checks = people.flatMap((email) => PERMISSIONS.slice(0, 25).map((p) => check(email, p.name)));
    const statements = await statementsOf(async () => {
      const response = await call("POST", "/v1/authorize", { checks });
      expect((response.body as { results: unknown[] }).results).toHaveLength(100);
    });
    expect(statements).toEqual([expect.stringMatching(/^WITH k AS/)]);
  });

  it("POST /v1/authorize naming access tokens beside user ids: still one statement, the same decisions as for the tokens' people", async () => {
    const config = await discover(api);
    const leeToken = (await signIn(api, config, await api.signedIn("lee.chen@acme.example"), { organization: acme })).access_token;
    const samToken = (await signIn(api, config, await api.signedIn("sam.patel@acme.example"), { organization: acme })).access_token;
    const byToken = (token: string, permission: string, organizationId = acme) => ({ principal: { type: "access_token", token }, organizationId, permission });
    const checks = [
      byToken(leeToken, "members:invite"),
      byToken(leeToken, "org:read"),
      byToken(samToken, "members:invite"),
      check("lee.chen@acme.example", "members:invite"),
      byToken("not-a-token-atrium-issued", "org:read"),
      byToken(leeToken, "org:read", api.demo.organizations["globex"]!),
    ];
    await call("POST", "/v1/authorize", { checks: [check("admin@acme.example", "org:read")] }); // the key's last use is written once a minute
    let results: { allowed: boolean; reason: string }[] = [];
    const statements = await statementsOf(async () => {
      const response = await call("POST", "/v1/authorize", { checks });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      results = (response.body as { results: typeof results }).results;
    });
    expect(statements).toEqual([expect.stringMatching(/^WITH k AS/)]);
    const asUsers = await call("POST", "/v1/authorize", {
      checks: [check("lee.chen@acme.example", "members:invite"), check("lee.chen@acme.example", "org:read"), check("sam.patel@acme.example", "members:invite")],
    });
    const expected = (asUsers.body as { results: typeof results }).results;
    expect(results.slice(0, 3)).toEqual(expected);
    expect(results[3]).toEqual(expected[0]);
    expect(results.slice(4).map((r) => r.reason)).toEqual(["token_inactive", "token_organization_mismatch"]);
  }, 120_000); // two sign-ins through the provider: slow on a busy machine

  it("an introspection: one statement", async () => {
    const tokens = await signIn(api, await discover(api), await api.signedIn("lee.chen@acme.example"), { scope: "openid organization" });
    const introspect = () =>
      fetch(`${api.url}/oidc/token/introspection`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${DEMO_CLIENT.secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: tokens.access_token }),
      }).then((r) => r.json() as Promise<{ active: boolean }>);
    expect(await introspect()).toMatchObject({ active: true });
    let answer: { active: boolean } | undefined;
    const statements = await statementsOf(async () => {
      answer = await introspect();
    });
    expect(answer).toMatchObject({ active: true, sub: user["lee.chen@acme.example"], client_id: DEMO_CLIENT.id });
    expect(statements).toEqual([expect.stringMatching(/^SELECT a\.id::text, a\.slug/)]);
  });

  it("a SCIM creation that stays unlinked: three round trips, the organization's rows written only by the last, with COMMIT", async () => {
    const scim = scimClient(api.url, (await scimToken(api.db, acme)).token);
    expect((await scim("POST", "/Users", newUser("warm.up@elsewhere.example", { externalId: "ext-warm-up" }))).status).toBe(201);
    let status = 0;
    const statements = await statementsOf(async () => {
      status = (await scim("POST", "/Users", newUser("counted@elsewhere.example", { externalId: "ext-counted" }))).status;
    });
    expect(status).toBe(201);
    expect(statements).toEqual([
      expect.stringMatching(/^SELECT t\.id::text, t\.prefix/),
      expect.stringMatching(/^BEGIN; SELECT 1 AS locked FROM pg_advisory_xact_lock\(.*; WITH taken AS \(.*INSERT INTO scim_users/),
      expect.stringMatching(/^UPDATE scim_users SET link_issue = 'outside_verified_domains'.*INSERT INTO scim_connections.*INSERT INTO audit_events.*; COMMIT$/),
    ]);
  });

  it("a SCIM lookup by userName: one statement (the token's, which reads the records too)", async () => {
    const scim = scimClient(api.url, (await scimToken(api.db, acme, "Lookup IdP")).token);
    const filter = `/Users?filter=${encodeURIComponent('userName eq "counted@elsewhere.example"')}`;
    expect((await scim("GET", filter)).body.totalResults).toBe(1);
    const statements = await statementsOf(() => scim("GET", filter));
    expect(statements).toEqual([expect.stringMatching(/^SELECT t\.id::text, t\.prefix.*su\.user_name = \$\d+::citext/)]);
  });
});
