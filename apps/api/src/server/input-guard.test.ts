/**
 * Regressions the fuzz suite found on the REST surfaces (each used to answer
 * 500): NUL characters and malformed percent-encoding in SCIM, a NUL in an
 * SSO connection id, a validly signed Stripe body that is not an event or
 * whose refusal reason quoted half a surrogate pair, an IdP name longer than
 * a user name may be, a NUL character in a signed SAML attribute.
 */
import { createConnection, setConnectionStatus } from "@atrium/core/sso";
import { createStripeClient, LOCAL_STRIPE_WEBHOOK_SECRET } from "@atrium/core/billing";
import { systemActor } from "@atrium/core/actor";
import { createSamlIdp, sandboxKeys } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../testing.ts";
import { scimToken } from "../rest/scim/scim-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const scim = { authorization: `Bearer ${(await scimToken(api.db, acme)).token}`, "content-type": "application/scim+json" };

describe("REST input guard", () => {
  it("SCIM: a NUL in a user's name is a 400 invalidValue SCIM error, and no user is created", async () => {
    const before = await api.db.scimUser.count();
    const response = await fetch(`${api.url}/scim/v2/Users`, {
      method: "POST",
      headers: scim,
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "nul@acme.example", name: { givenName: "a\u0000b" } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidValue" });
    expect(await api.db.scimUser.count()).toBe(before);
  });

  it("SCIM: malformed percent-encoding in a path is a 404 SCIM error", async () => {
    const response = await fetch(`${api.url}/scim/v2/Users/%3D%25%26%24`, { method: "PATCH", headers: scim, body: "{}" });
    expect(response.status).toBe(404);
    expect((await response.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  });

  it("a URL that is not valid UTF-8 answers 400 in the surface's own error shape", async () => {
    const scimResponse = await fetch(`${api.url}/scim/v2/Users/x%ED%A0%80y`, { method: "PATCH", headers: scim, body: "{}" });
    expect(scimResponse.status).toBe(400);
    expect(await scimResponse.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400" });
    const rest = await fetch(`${api.url}/auth/saml/x%ED%A0%80y/metadata`);
    expect(rest.status).toBe(400);
    expect((await rest.json()).error).toMatchObject({ code: "BAD_REQUEST", requestId: expect.any(String) });
  });

  it("SSO: a NUL in a connection id is a 400 JSON error", async () => {
    for (const path of ["/auth/oidc/a%00b/callback?code=x&state=y", "/auth/saml/a%00b/metadata"]) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.code).toBe("UNSTORABLE_INPUT");
    }
  });

  it("device grant: a NUL in a form field is a 400", async () => {
    const response = await fetch(`${api.url}/oauth/device/code`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "client_id=atrium-cli%00&scope=x" });
    expect(response.status).toBe(400);
  });

  it("Stripe webhook: validly signed bodies that are not storable events are refused with 400 and audited", async () => {
    const stripe = createStripeClient("sk_test_fuzz");
    const before = await api.db.stripeEvent.count();
    const rejected = () => api.db.auditEvent.count({ where: { action: "billing.webhook_rejected" } });
    const rejectedBefore = await rejected();
    const now = Math.floor(Date.now() / 1000);
    const bodies = [
      JSON.stringify([null, 1]),
      JSON.stringify({ id: "evt_1", object: "event", type: "invoice.paid", created: now, livemode: false }),
      JSON.stringify({ id: "evt_\u0000", object: "event", type: "invoice.paid", created: now, livemode: false, data: { object: {} } }),
      JSON.stringify({ id: "evt_2", object: "event", type: "invoice.paid", created: 1e300, livemode: false, data: { object: {} } }),
      "\u{54702}\u{AD2C9}", // not JSON: the parser's message quotes half a surrogate pair
    ];
    for (const payload of bodies) {
      const response = await fetch(`${api.url}/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: LOCAL_STRIPE_WEBHOOK_SECRET }) },
        body: payload,
      });
      expect(response.status, payload).toBe(400);
    }
    expect(await api.db.stripeEvent.count()).toBe(before);
    expect(await rejected()).toBe(rejectedBefore + bodies.length);
  });

  it("SAML: an IdP name longer than a user name may be is cut to 200 characters at just-in-time provisioning", async () => {
    const idp = createSamlIdp({ entityId: "https://idp.fuzz.test", ssoUrl: "https://idp.fuzz.test/sso", ...sandboxKeys("idp") });
    await api.db.ssoDomain.upsert({ where: { organizationId_domain: { organizationId: acme, domain: "acme.example" } }, create: { organizationId: acme, domain: "acme.example", token: "t", verifiedAt: new Date() }, update: {} });
    const connection = await createConnection(api.db, systemActor("test"), acme, {
      name: "Long names",
      provider: "generic_saml",
      protocol: "saml",
      saml: { idpEntityId: "https://idp.fuzz.test", idpSsoUrl: "https://idp.fuzz.test/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: true },
    });
    await setConnectionStatus(api.db, systemActor("test"), acme, connection.id, "live", { confirmName: connection.name });
    const metadata = await (await fetch(`${api.url}/auth/saml/${connection.id}/metadata`)).text();
    const sp = idp.serviceProvider(metadata.match(/entityID="([^"]+)"/)![1]!, metadata.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)![1]!);
    const email = "long.name@acme.example";
    const signed = await idp.loginResponse(sp, { email, attributes: { email, name: `  ${"é".repeat(300)}  ` } }, { inResponseTo: null });
    const response = await fetch(`${api.url}/auth/saml/${connection.id}/acs`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: "https://idp.fuzz.test", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ SAMLResponse: signed }).toString(),
    });
    expect(response.status).toBe(303);
    const user = await api.db.user.findUniqueOrThrow({ where: { email }, select: { name: true } });
    expect(user.name).toBe("é".repeat(200));

    // A signed response whose group attribute holds a NUL character: refused (401, audited), no user created.
    const nulEmail = "nul.group@acme.example";
    const withNul = await idp.loginResponse(sp, { email: nulEmail, attributes: { email: nulEmail, groups: ["eng", "\u0000"] } }, { inResponseTo: null });
    const refused = await fetch(`${api.url}/auth/saml/${connection.id}/acs`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: "https://idp.fuzz.test", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ SAMLResponse: withNul }).toString(),
    });
    expect(refused.status).toBe(401);
    expect(await api.db.user.count({ where: { email: nulEmail } })).toBe(0);
    const event = await api.db.auditEvent.findFirst({ where: { action: "sso.login", status: "denied" }, orderBy: { occurredAt: "desc" }, select: { details: true } });
    expect((event?.details as { reason?: string }).reason).toBe("invalid_attributes");
  });
});
