/**
 * Introspection and revocation are the calling application's actions on the
 * platform log, like its /v1 calls: recorded (through /v1's audit buffer)
 * with the application as actor, the key it authenticated with, the request
 * id, and what happened — never the token. A call whose client did not
 * authenticate records nothing.
 */
import { randomUUID } from "node:crypto";
import { DEMO_APPLICATION } from "@atrium/core/seed";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { DEMO_CLIENT, discover, signIn } from "./oidc-testing.ts";

const api = await startTestApi();
const config = await discover(api);
const lee = api.demo.users["lee.chen@acme.example"]!;
const demoApp = await api.db.application.findUniqueOrThrow({ where: { slug: DEMO_CLIENT.id }, select: { id: true } });
const demoKey = await api.db.applicationSecretKey.findFirstOrThrow({ where: { applicationId: demoApp.id, revokedAt: null }, select: { id: true, prefix: true } });

const basic = (secret = DEMO_CLIENT.secret) => `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${secret}`).toString("base64")}`;

/** POSTs a form to /oidc/token/<endpoint> as the demo application with a request id of its own; returns the status, the body and that id. */
async function post(endpoint: "introspection" | "revocation", form: Record<string, string>, secret?: string) {
  const requestId = randomUUID();
  const response = await fetch(`${api.url}/oidc/token/${endpoint}`, {
    method: "POST",
    headers: { authorization: basic(secret), "content-type": "application/x-www-form-urlencoded", "x-request-id": requestId },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, requestId };
}

async function recorded(requestId: string) {
  await api.app.v1.flushAudit();
  return api.db.auditEvent.findMany({
    where: { requestId },
    select: { action: true, status: true, actorType: true, actorId: true, actorLabel: true, organizationId: true, resourceType: true, resourceId: true, details: true },
  });
}

const asDemoApplication = { actorType: "application", actorId: demoApp.id, actorLabel: `${DEMO_APPLICATION.name} (key ${demoKey.prefix})`, organizationId: null, resourceType: "application", resourceId: demoApp.id };

describe("introspection and revocation on the platform log", () => {
  it("an introspection is recorded as the application's, with whether the token was active and for whom, never the token", async () => {
    const tokens = await signIn(api, config, await api.signedIn("lee.chen@acme.example"));
    const active = await post("introspection", { token: tokens.access_token });
    expect(active.body).toMatchObject({ active: true, sub: lee });
    const events = await recorded(active.requestId);
    expect(events).toEqual([{ ...asDemoApplication, action: "application.introspect", status: "success", details: { active: true, userId: lee, tokenType: "Bearer" } }]);
    expect(JSON.stringify(events)).not.toContain(tokens.access_token);

    const unknown = await post("introspection", { token: "not-a-token-atrium-issued" });
    expect(unknown.body).toEqual({ active: false });
    expect(await recorded(unknown.requestId)).toEqual([{ ...asDemoApplication, action: "application.introspect", status: "success", details: { active: false, userId: null, tokenType: null } }]);
  });

  it("a revocation is recorded with whether it named one of the application's tokens; the token is inactive after", async () => {
    const tokens = await signIn(api, config, await api.signedIn("lee.chen@acme.example"));
    const revoked = await post("revocation", { token: tokens.access_token });
    expect(revoked.status).toBe(200);
    expect(await recorded(revoked.requestId)).toEqual([{ ...asDemoApplication, action: "application.revoke_token", status: "success", details: { revoked: true, tokenType: "access_token" } }]);
    expect((await post("introspection", { token: tokens.access_token })).body).toEqual({ active: false });

    const again = await post("revocation", { token: tokens.access_token });
    expect(again.status).toBe(200);
    expect(await recorded(again.requestId)).toEqual([{ ...asDemoApplication, action: "application.revoke_token", status: "success", details: { revoked: false, tokenType: null } }]);
  });

  it("a call refused after the client authenticated is recorded as an error with its OAuth code; a client that did not authenticate records nothing", async () => {
    const missing = await post("introspection", {});
    expect(missing).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await recorded(missing.requestId)).toEqual([{ ...asDemoApplication, action: "application.introspect", status: "error", details: { error: "invalid_request" } }]);

    const wrongSecret = await post("introspection", { token: "anything" }, "atrium_sk_not_the_demo_key");
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await recorded(wrongSecret.requestId)).toEqual([]);
  });
});
