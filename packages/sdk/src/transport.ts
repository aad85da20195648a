/**
 * The fetch every /v1 call goes through, in this order:
 *   1. credentials      `Authorization: Bearer atrium_sk_…`
 *   2. idempotency      a POST without `Idempotency-Key` gets a random UUID, kept
 *                       across retries so Atrium answers a retried POST once
 *   3. retry            429 (and 503) are retried after `Retry-After`, at most
 *                       `maxRetries` times and only when the wait is at most
 *                       `maxRetryAfterMs`; otherwise the answer stands
 *   4. errors           any non-2xx answer is thrown as an AtriumError
 */
import { errorFromResponse } from "./errors.js";

export interface RetryOptions {
  /** Retries after a 429 or 503; default 2. */
  maxRetries?: number;
  /** The longest Retry-After honoured, in ms; a longer one is thrown at once. Default 10 000. */
  maxRetryAfterMs?: number;
}

export interface TransportOptions {
  apiKey: string;
  fetch: typeof globalThis.fetch;
  retry?: RetryOptions;
}

const RETRYABLE = new Set([429, 503]);

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month ("Mon, 07 Dec 2026 12:00:05 GMT"); a bare "-1" is not one.
  if (!/[A-Za-z]{3}/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createTransport({ apiKey, fetch, retry = {} }: TransportOptions): (request: Request) => Promise<Response> {
  const maxRetries = retry.maxRetries ?? 2;
  const maxWait = retry.maxRetryAfterMs ?? 10_000;

  return async (input: Request) => {
    const headers = new Headers(input.headers);
    headers.set("authorization", `Bearer ${apiKey}`);
    if (input.method === "POST" && !headers.has("idempotency-key")) headers.set("idempotency-key", crypto.randomUUID());
    // The body is read once so every attempt can send it again.
    const body = input.body === null ? null : await input.arrayBuffer();
    const attempt = () => fetch(new Request(input.url, { method: input.method, headers, body, signal: input.signal }));

    for (let retries = 0; ; retries++) {
      const response = await attempt();
      if (response.ok) return response;
      const wait = RETRYABLE.has(response.status) ? retryAfterMs(response.headers.get("retry-after")) : null;
      if (wait !== null && wait <= maxWait && retries < maxRetries) {
        await response.body?.cancel();
        await sleep(wait);
        continue;
      }
      throw await errorFromResponse(response, wait === null ? null : Math.ceil(wait / 1000));
    }
  };
}
