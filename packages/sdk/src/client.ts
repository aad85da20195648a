/**
 * `createAtrium()`: the /v1 API as typed methods, over openapi-fetch with the
 * types generated from Atrium's OpenAPI document (./generated/v1.d.ts).
 * Every failed call throws an AtriumError; 429s are retried after Retry-After;
 * every POST carries an Idempotency-Key (see transport.ts). `client` is the
 * raw typed client for routes without a method here (it throws the same way).
 */
import createClient, { type Client } from "openapi-fetch";
import { Authorizer, type Check, type Decision, type DecisionCacheOptions } from "./authorizer.js";
import type { AtriumEvent } from "./events.js";
import type { components, paths } from "./generated/v1.js";
import { createTransport, type RetryOptions } from "./transport.js";

export type Organization = components["schemas"]["Organization"];
export type Entitlements = components["schemas"]["Entitlements"];
export type Member = components["schemas"]["Member"];
export type MembersPage = components["schemas"]["MembersPage"];

export interface AtriumOptions {
  /** The application's secret key, `atrium_sk_…`. Keep it on the server. */
  apiKey: string;
  /** Atrium's address, e.g. https://atrium.example.com (the /v1 paths are added to it). */
  baseUrl: string;
  /** A fetch to use instead of the global one (proxies, instrumentation, tests). */
  fetch?: typeof globalThis.fetch;
  /** Retries of throttled calls. */
  retry?: RetryOptions;
  /** The decision cache of `authorize`. */
  cache?: DecisionCacheOptions;
}

export interface Atrium {
  /** One permission check, cached for a few seconds and batched with the checks of the same tick. */
  authorize(check: Check): Promise<Decision>;
  /** Up to 100 checks in one call, answered in order, never cached. */
  authorizeBatch(checks: Check[], options?: { idempotencyKey?: string }): Promise<Decision[]>;
  /** Drops the cached decisions an event may have changed (see Authorizer.invalidate); how many were dropped. */
  invalidate(event: Pick<AtriumEvent, "type" | "organizationId" | "data">): number;
  /** Forgets every cached decision. */
  clearCache(): void;
  organizations: {
    get(organizationId: string): Promise<Organization>;
    entitlements(organizationId: string): Promise<Entitlements>;
    /** Every member, page after page (`pageSize` per call, default 100). */
    members(organizationId: string, options?: { pageSize?: number }): AsyncIterableIterator<Member>;
    /** One page of members; pass the previous page's `nextCursor` as `cursor`. */
    membersPage(organizationId: string, options?: { cursor?: string; limit?: number }): Promise<MembersPage>;
  };
  /** The raw typed client (openapi-fetch) for every route of the document. */
  client: Client<paths>;
}

/** openapi-fetch answers `{ data }` for a 2xx; the transport threw for anything else. */
function dataOf<T>(result: { data?: T }): T {
  if (result.data === undefined) throw new Error("Atrium answered without a body.");
  return result.data;
}

export function createAtrium(options: AtriumOptions): Atrium {
  if (!options.apiKey) throw new Error("createAtrium needs the application's secret key (apiKey: atrium_sk_…).");
  // The global fetch is called through globalThis: detached, a browser's window.fetch refuses to run.
  const fetcher = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const transport = createTransport({ apiKey: options.apiKey, fetch: fetcher, ...(options.retry ? { retry: options.retry } : {}) });
  const client = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ""), fetch: transport });

  const authorizeBatch = async (checks: Check[], batchOptions: { idempotencyKey?: string } = {}) =>
    dataOf(
      await client.POST("/v1/authorize", {
        body: { checks },
        ...(batchOptions.idempotencyKey ? { headers: { "idempotency-key": batchOptions.idempotencyKey } } : {}),
      }),
    ).results;
  const authorizer = new Authorizer((checks) => authorizeBatch(checks), options.cache);

  const membersPage = async (organizationId: string, page: { cursor?: string; limit?: number } = {}) =>
    dataOf(await client.GET("/v1/organizations/{id}/members", { params: { path: { id: organizationId }, query: page } }));

  return {
    authorize: (check) => authorizer.check(check),
    authorizeBatch,
    invalidate: (event) => authorizer.invalidate(event),
    clearCache: () => authorizer.clear(),
    organizations: {
      get: async (id) => dataOf(await client.GET("/v1/organizations/{id}", { params: { path: { id } } })),
      entitlements: async (id) => dataOf(await client.GET("/v1/organizations/{id}/entitlements", { params: { path: { id } } })),
      async *members(organizationId, { pageSize = 100 } = {}) {
        let cursor: string | undefined;
        do {
          const page = await membersPage(organizationId, { limit: pageSize, ...(cursor ? { cursor } : {}) });
          yield* page.members;
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      },
      membersPage,
    },
    client,
  };
}
