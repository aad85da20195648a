/**
 * Test helpers: the real API on this file's own database (demo data), an
 * application with its own secret key, and a fetch that records every call
 * the SDK makes.
 */
import { createApplication, createSecretKey } from "@atrium/core/applications";
import type { TestApi } from "@atrium/api/testing";
import { AtriumError } from "../src/index.ts";

export interface RecordedCall {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
  status: number;
  responseHeaders: Headers;
}

/** A fetch that records each request and its answer's status. */
export function recordingFetch() {
  const calls: RecordedCall[] = [];
  const fetcher: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = request.body ? await request.clone().text() : "";
    const response = await globalThis.fetch(request);
    calls.push({ method: request.method, path: new URL(request.url).pathname + new URL(request.url).search, headers: request.headers, body: text ? JSON.parse(text) : null, status: response.status, responseHeaders: response.headers });
    return response;
  };
  return { fetch: fetcher, calls };
}

/** A new application (as the platform super admin) with one secret key. */
export async function newApplication(api: TestApi, slug: string) {
  const actor = { type: "staff" as const, userId: api.demo.users["root@atrium.example"]!, email: "root@atrium.example" };
  const { id } = await createApplication(api.db, actor, { slug, name: slug, description: "", redirectUris: [], postLogoutRedirectUris: [], backchannelLogoutUri: null });
  const key = await createSecretKey(api.db, actor, id, { expirePreviousInSeconds: null });
  return { id, key, actor };
}

/** The AtriumError a call failed with; fails the test when it succeeded or failed another way. */
export async function atriumErrorOf(call: Promise<unknown>): Promise<AtriumError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AtriumError)) throw new Error(`expected an AtriumError, got ${String(error)}`);
  return error;
}
