/** Retry-After as RFC 9110 allows it: delay-seconds or an HTTP date. */
import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../src/transport.ts";

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");

  it("reads seconds and HTTP dates, and nothing else", () => {
    expect(retryAfterMs("3", now)).toBe(3000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs("Mon, 07 Dec 2026 12:00:05 GMT", now)).toBe(5000);
    // A date already past means: now.
    expect(retryAfterMs("Mon, 07 Dec 2026 11:59:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs("-1", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
