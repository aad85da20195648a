/**
 * Two API instances on one database, as production runs them: a second server
 * with its own process state (session and access cache, OIDC key cache) and its
 * own connection pool, serving the first one's database. Tests of what one
 * instance changes and the other must notice (cache invalidation, key rotation)
 * build it here and ask it with the probes below.
 */
import { createDb } from "@atrium/db";
import superjson from "superjson";
import { afterAll, expect } from "vitest";
import { serveTestApi, type TestApi, type TestClient, type TestServerOptions } from "./testing.ts";

/**
 * A second API server on `first`'s database (closed, and its pool ended, after the file's tests).
 * `publicUrl: first.url` puts it behind the first's address, so what the first issued as an
 * OpenID Provider (its issuer, its tokens) holds on the second too.
 */
export async function startSecondInstance(first: TestApi, options: Pick<TestServerOptions, "sessionCache" | "publicUrl"> = {}): Promise<TestApi> {
  const db = createDb(first.databaseUrl, { maxConnections: 4 });
  afterAll(() => db.$disconnect()); // hooks run last-registered first: after the server has closed
  return serveTestApi({ db, url: first.databaseUrl, demo: first.demo }, options);
}

/** A client's cookies as one Cookie header, to replay a session on another instance. */
export const cookieOf = (client: TestClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** The HTTP status of a tRPC query sent to `api` with only a Cookie header. */
export async function queryStatus(api: TestApi, cookie: string, path: string, input: unknown): Promise<number> {
  const response = await fetch(`${api.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: { cookie } });
  await response.arrayBuffer();
  return response.status;
}

/** Asks `api` until it answers `status`; the milliseconds that took (fails past 1 s). */
export async function untilAnswers(api: TestApi, cookie: string, path: string, input: unknown, status: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const answered = await queryStatus(api, cookie, path, input);
    const elapsed = performance.now() - start;
    if (answered === status) return elapsed;
    if (elapsed > 1_000) throw new Error(`${api.url} still answered ${answered} after ${Math.round(elapsed)} ms`);
  }
}

/** `api` answers 200 twice, so it now holds the caller's session and access in its cache. */
export async function warm(api: TestApi, cookie: string, path: string, input: unknown): Promise<void> {
  expect(await queryStatus(api, cookie, path, input)).toBe(200);
  expect(await queryStatus(api, cookie, path, input)).toBe(200);
  expect(api.app.sessionAccess!.size).toBeGreaterThan(0);
}
