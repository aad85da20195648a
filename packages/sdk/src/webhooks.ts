/**
 * Webhook verification per the Standard Webhooks specification, with the
 * `standardwebhooks` reference library: the signature (HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint's `whsec_…`
 * secret), a timestamp within five minutes, and a body in the event shape.
 */
import { Webhook, WebhookVerificationError as LibraryVerificationError } from "standardwebhooks";
import { WebhookVerificationError } from "./errors.js";
import { isAtriumEvent, type AtriumEvent } from "./events.js";

/** Headers as fetch (`Headers`) or Node's http module (`req.headers`) give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

const NAMES = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

function pick(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of NAMES) {
    let value: string | string[] | null | undefined;
    if (headers instanceof Headers) value = headers.get(name);
    else value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
    if (Array.isArray(value)) value = value.join(" ");
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

/**
 * The event a webhook delivers, once its signature and timestamp check out.
 * `payload` is the raw body exactly as received (string or bytes: parse it
 * only after verifying). Throws WebhookVerificationError otherwise.
 */
export function verifyWebhook(payload: string | Uint8Array, headers: WebhookHeaders, secret: string): AtriumEvent {
  const body = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
  const picked = pick(headers);
  const missing = NAMES.filter((n) => !picked[n]);
  if (missing.length) throw new WebhookVerificationError(`The webhook lacks the ${missing.join(", ")} header${missing.length > 1 ? "s" : ""}.`);
  let verified: unknown;
  try {
    verified = new Webhook(secret).verify(body, picked);
  } catch (error) {
    if (error instanceof LibraryVerificationError) throw new WebhookVerificationError(`The webhook does not verify: ${error.message}.`);
    throw new WebhookVerificationError("The webhook does not verify: the secret or the body is not valid.");
  }
  if (!isAtriumEvent(verified)) throw new WebhookVerificationError("The webhook's body is not an Atrium event.");
  return verified;
}
