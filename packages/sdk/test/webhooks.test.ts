/**
 * verifyWebhook against payloads signed by the standardwebhooks library's own
 * signer, as Atrium's webhook sender signs them.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { WebhookVerificationError, verifyWebhook, type AtriumEvent } from "../src/index.ts";

const secret = `whsec_${randomBytes(24).toString("base64")}`;
const event: AtriumEvent = {
  id: "evt_01JEXAMPLE",
  type: "user.deprovisioned",
  organizationId: "6f1c2a4e-8b7d-4c3e-9a1f-2d5e7b9c0a11",
  createdAt: "2026-12-07T12:00:00.000Z",
  data: { userId: "0b8e6f3a-1c2d-4e5f-8a9b-7c6d5e4f3a2b", reason: "scim" },
};

function signed(body: string, { key = secret, at = new Date(), id = "msg_1" } = {}) {
  const signature = new Webhook(key).sign(id, at, body);
  return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected verifyWebhook to throw");
}

describe("verifyWebhook", () => {
  it("returns the event of a payload signed with the endpoint's secret (fetch Headers, Node headers, bytes)", () => {
    const body = JSON.stringify(event);
    const headers = signed(body);
    expect(verifyWebhook(body, headers, secret)).toEqual(event);
    expect(verifyWebhook(body, new Headers(headers), secret)).toEqual(event);
    expect(verifyWebhook(new TextEncoder().encode(body), { ...headers, "content-type": "application/json" }, secret)).toEqual(event);
  });

  it("refuses a tampered body", () => {
    const body = JSON.stringify(event);
    const tampered = body.replace("user.deprovisioned", "user.provisioned");
    const error = failure(() => verifyWebhook(tampered, signed(body), secret));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.message).toBe("The webhook does not verify: No matching signature found.");
  });

  it("refuses another secret's signature", () => {
    const body = JSON.stringify(event);
    const other = `whsec_${randomBytes(24).toString("base64")}`;
    const error = failure(() => verifyWebhook(body, signed(body, { key: other }), secret));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.message).toBe("The webhook does not verify: No matching signature found.");
  });

  it("refuses a timestamp older than five minutes, even correctly signed", () => {
    const body = JSON.stringify(event);
    const error = failure(() => verifyWebhook(body, signed(body, { at: new Date(Date.now() - 10 * 60_000) }), secret));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.message).toBe("The webhook does not verify: Message timestamp too old.");
  });

  it("refuses missing headers and a signed body that is not an event", () => {
    const body = JSON.stringify(event);
    const { "webhook-signature": _dropped, ...unsigned } = signed(body);
    const missing = failure(() => verifyWebhook(body, unsigned, secret));
    expect(missing).toBeInstanceOf(WebhookVerificationError);
    expect(missing.message).toBe("The webhook lacks the webhook-signature header.");

    const notAnEvent = JSON.stringify({ hello: "world" });
    const shape = failure(() => verifyWebhook(notAnEvent, signed(notAnEvent), secret));
    expect(shape).toBeInstanceOf(WebhookVerificationError);
    expect(shape.message).toBe("The webhook's body is not an Atrium event.");
  });
});
